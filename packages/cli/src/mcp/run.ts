/**
 * Runs the MCP server on stdio (what agents spawn) or on Streamable HTTP (stateless: a fresh server
 * per request, so nothing is kept between calls — job handles carry all the state an agent needs).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { isIP, type AddressInfo } from "node:net";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { ProviderId } from "studiokit";
import type { Settings } from "../settings.js";
import { createMcpServer } from "./server.js";

export interface RunMcpOptions {
  settings: Settings;
  http?: { port: number; host: string } | undefined;
  rawProviders?: readonly ProviderId[] | undefined;
  /** Stops the server (Ctrl-C). */
  signal: AbortSignal;
  log: (line: string) => void;
  /** Called with the URL once the HTTP server listens. */
  onListening?: ((url: string) => void) | undefined;
}

export async function runMcp(options: RunMcpOptions): Promise<void> {
  const make = () => createMcpServer({ settings: options.settings, rawProviders: options.rawProviders, log: options.log });
  const configured = options.settings.configuredProviders();
  options.log(`studiokit mcp: providers offered: ${configured.length > 0 ? configured.join(", ") : "none (set a provider's key, or use --sandbox)"}`);

  if (!options.http) {
    const server = make();
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.once("end", () => resolve());
      options.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    await server.connect(transport);
    await closed;
    await server.close();
    return;
  }

  const { port, host } = options.http;
  const http = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      options.log(`studiokit mcp: request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== "/mcp") {
      response.writeHead(404, { "content-type": "text/plain" }).end("studiokit MCP server: POST /mcp\n");
      return;
    }
    // A page in a browser must not reach the server through a rebound DNS name (its Host is that
    // name), nor from another origin (its Origin says so); see hostAllowed and originAllowed.
    const hostname = hostnameOf(request.headers.host);
    if (hostname === undefined || !hostAllowed(hostname, host)) {
      response.writeHead(403, { "content-type": "text/plain" }).end("forbidden host\n");
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !originAllowed(origin, hostname, host)) {
      response.writeHead(403, { "content-type": "text/plain" }).end("forbidden origin\n");
      return;
    }
    if (request.method !== "POST") {
      // Stateless: no server-initiated stream and no session to delete.
      response.writeHead(405, { allow: "POST", "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed." }, id: null }));
      return;
    }
    const server = make();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response);
  }

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}/mcp`;
  options.log(`studiokit mcp: listening on ${url}`);
  options.onListening?.(url);
  await new Promise<void>((resolve) => options.signal.addEventListener("abort", () => resolve(), { once: true }));
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
}

/** The host name of a Host header or an origin, lower-case, IPv6 in brackets; undefined if unreadable. */
function hostnameOf(authority: string | undefined): string | undefined {
  if (!authority) return undefined;
  try {
    return new URL(`http://${authority}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * A Host header the server answers: `localhost`, an IP address, or the name it was told to listen
 * on (`--host`). DNS rebinding needs a name the attacker controls that resolves to this machine, so
 * any other name is refused, whatever interface the server listens on.
 */
function hostAllowed(hostname: string, listenHost: string): boolean {
  return hostname === "localhost" || isIP(hostname.replace(/^\[|\]$/g, "")) !== 0 || hostname === hostnameOf(listenHost);
}

/**
 * An Origin (sent by browsers) the server answers: a page on this machine, or the server's own
 * origin. A page elsewhere must not spend the credits of whoever runs the server; "null" (a sandboxed
 * frame, a file) is refused too. Clients other than browsers send no Origin.
 */
function originAllowed(origin: string, hostname: string, listenHost: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const local = url.hostname === "localhost" || url.hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  return local || (url.hostname === hostname && hostAllowed(hostname, listenHost));
}
