/**
 * Runs the MCP server on stdio (what agents spawn) or on Streamable HTTP (stateless: a fresh server
 * per request, so nothing is kept between calls — job handles carry all the state an agent needs).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
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
    // A page in a browser must not reach a local server through a rebound DNS name: only local Host headers.
    const hostHeader = (request.headers.host ?? "").replace(/:\d+$/, "");
    if (isLoopback(host) && !["127.0.0.1", "localhost", "[::1]"].includes(hostHeader)) {
      response.writeHead(403, { "content-type": "text/plain" }).end("forbidden host\n");
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

function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "::1";
}
