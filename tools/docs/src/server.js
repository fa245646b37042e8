// A small static file server for the built site (pnpm start, the browser test): GET and HEAD only,
// on 127.0.0.1, with the right Content-Type for every file the site has, index.html for folders,
// and nothing outside the served folder (no `..`, no encoded `..`, no symlink out of it).
import { createReadStream, existsSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { defaultSiteDir, docsPort } from "./paths.js";
import { buildSite } from "./site.js";

export const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".yml": "application/yaml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".wasm": "application/wasm",
  ".pdf": "application/pdf",
};

/** @param {string} file */
export const contentTypeOf = (file) => CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";

/**
 * Serves a built site. When the folder has no index.html yet, the site is built into it first.
 * @param {{ port?: number, host?: string, dir?: string, build?: boolean, log?: (line: string) => void }} [options]
 *   port: 0 for any free port; build: false to fail instead of building a missing site; log: progress
 *   of that build (by default one line on the console saying it happens)
 * @returns {Promise<{ url: string, port: number, dir: string, stop: () => Promise<void> }>}
 */
export async function startDocsServer({ port = docsPort, host = "127.0.0.1", dir = defaultSiteDir, build = true, log } = {}) {
  const root = resolve(dir);
  if (!existsSync(join(root, "index.html"))) {
    if (!build) throw new Error(`No docs site in ${root}: run pnpm run docs`);
    (log ?? console.log)(`No docs site in ${root} yet: building it first…`);
    await buildSite({ outDir: root, log: log ?? (() => {}) });
  }

  const server = createServer((request, response) => {
    handle(root, request, response).catch((error) => {
      if (!response.headersSent) send(response, 500, "Internal server error\n");
      else response.destroy(error);
    });
  });
  await new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolveListen(undefined);
    });
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  let stopped;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    dir: root,
    stop() {
      stopped ??= new Promise((resolveStop) => {
        server.close(() => resolveStop(undefined));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

/**
 * @param {string} root
 * @param {import("node:http").IncomingMessage} request
 * @param {import("node:http").ServerResponse} response
 */
async function handle(root, request, response) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return send(response, 405, "Method not allowed\n", { Allow: "GET, HEAD" });
  }
  const rawPath = (request.url ?? "/").split("?")[0].split("#")[0];
  let pathname;
  try {
    pathname = decodeURIComponent(rawPath);
  } catch {
    return send(response, 400, "Bad request\n");
  }
  if (!pathname.startsWith("/") || pathname.includes("\0") || pathname.includes("\\") || pathname.split("/").includes("..")) {
    return send(response, 400, "Bad request\n");
  }
  const candidate = resolve(root, `.${pathname}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return send(response, 400, "Bad request\n");

  let file = candidate;
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    if (!pathname.endsWith("/")) {
      // Relative links on the page need the slash: /supapost -> /supapost/
      const query = (request.url ?? "").slice(rawPath.length);
      return send(response, 301, "Moved permanently\n", { Location: `/${rawPath.replace(/^\/+/, "")}/${query}` });
    }
    file = join(candidate, "index.html");
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) return send(response, 404, "Not found\n");

  // A symlink inside the site must not lead out of it.
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  if (!realFile.startsWith(realRoot + sep)) return send(response, 404, "Not found\n");

  response.writeHead(200, {
    "Content-Type": contentTypeOf(file),
    "Content-Length": info.size,
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  if (request.method === "HEAD") return void response.end();
  await new Promise((resolveStream, reject) => {
    const stream = createReadStream(realFile);
    stream.once("error", reject);
    response.once("close", () => {
      stream.destroy();
      resolveStream(undefined);
    });
    stream.pipe(response);
  });
}

function send(response, status, text, headers = {}) {
  response.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  response.end(response.req.method === "HEAD" ? undefined : text);
}
