// The static server on its own, over a small fixture folder: content types, folders, 404, methods,
// and no way out of the folder (.., encoded .., backslashes, a symlink).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentTypeOf, startDocsServer } from "../src/index.js";

const workDir = mkdtempSync(join(tmpdir(), "studiokit-docs-server-"));
const root = join(workDir, "site");
let server;

/** A raw request: the path goes out exactly as written (fetch would normalize `..` away). */
function get(path, method = "GET") {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const req = request({ host: url.hostname, port: url.port, path, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.once("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  mkdirSync(join(root, "assets"), { recursive: true });
  mkdirSync(join(root, "supapost"));
  mkdirSync(join(root, "empty"));
  writeFileSync(join(root, "index.html"), "<!DOCTYPE html><title>home</title>");
  writeFileSync(join(root, "supapost", "index.html"), "<!DOCTYPE html><title>supapost</title>");
  writeFileSync(join(root, "assets", "redoc.standalone.js"), "export const hydrate = () => {};");
  writeFileSync(join(root, "assets", "site.css"), "body{}");
  writeFileSync(join(root, "assets", "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  writeFileSync(join(root, "assets", "data.json"), "{}");
  writeFileSync(join(root, "assets", "blob.bin"), "x");
  writeFileSync(join(root, "with space.txt"), "spaced");
  writeFileSync(join(workDir, "secret.txt"), "top secret");
  symlinkSync(join(workDir, "secret.txt"), join(root, "link-out.txt"));
  server = await startDocsServer({ port: 0, dir: root, build: false });
});

afterAll(async () => {
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe("startDocsServer", () => {
  it("listens on 127.0.0.1 on the port asked for (0: any free one)", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it.each([
    ["/", "text/html; charset=utf-8", "home"],
    ["/index.html", "text/html; charset=utf-8", "home"],
    ["/supapost/", "text/html; charset=utf-8", "supapost"],
    ["/assets/redoc.standalone.js", "text/javascript; charset=utf-8", "hydrate"],
    ["/assets/site.css", "text/css; charset=utf-8", "body"],
    ["/assets/favicon.svg", "image/svg+xml", "<svg"],
    ["/assets/data.json", "application/json; charset=utf-8", "{}"],
    ["/assets/blob.bin", "application/octet-stream", "x"],
    ["/with%20space.txt", "text/plain; charset=utf-8", "spaced"],
    ["/supapost/index.html?x=1#frag", "text/html; charset=utf-8", "supapost"],
  ])("GET %s is %s", async (path, type, text) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe(type);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.body).toContain(text);
    expect(Number(response.headers["content-length"])).toBe(Buffer.byteLength(response.body));
  });

  it("redirects a folder without its slash, so that relative links resolve", async () => {
    const response = await get("/supapost?tab=1");
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe("/supapost/?tab=1");
    // Never to another host: //evil.example/ would be protocol-relative.
    const sneaky = await get("//supapost");
    expect(sneaky.headers.location ?? "").not.toMatch(/^\/\//);
  });

  it("answers 404 for what is not there, including a folder without index.html", async () => {
    for (const path of ["/nope.html", "/assets/nope.js", "/empty/", "/supapost/nope/"]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers["content-type"]).toBe("text/plain; charset=utf-8");
    }
  });

  it.each([
    "/../secret.txt",
    "/assets/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E%2Fsecret.txt",
    "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/..%5csecret.txt",
    "/%5c..%5csecret.txt",
    "/%00/index.html",
    "/%zz",
  ])("never serves anything outside the folder: %s", async (path) => {
    const response = await get(path);
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain("top secret");
  });

  it("does not follow a symlink out of the folder", async () => {
    const response = await get("/link-out.txt");
    expect(response.status).toBe(404);
    expect(response.body).not.toContain("top secret");
  });

  it("HEAD gives the headers without a body; other methods are refused", async () => {
    const head = await get("/assets/site.css", "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(head.body).toBe("");
    for (const method of ["POST", "PUT", "DELETE"]) {
      const response = await get("/index.html", method);
      expect(response.status, method).toBe(405);
      expect(response.headers.allow).toBe("GET, HEAD");
    }
  });

  it("stop() closes the server and releases the port", async () => {
    const other = await startDocsServer({ port: 0, dir: root, build: false });
    await fetch(`${other.url}/`); // leaves a keep-alive connection open
    await other.stop();
    await expect(fetch(`${other.url}/`)).rejects.toThrow();
  });

  it("refuses to serve a folder without a site when asked not to build", async () => {
    await expect(startDocsServer({ port: 0, dir: join(workDir, "missing"), build: false })).rejects.toThrow(/No docs site/);
  });
});

describe("contentTypeOf", () => {
  it("knows every kind of file the site has, upper case too", () => {
    expect(contentTypeOf("a/B.HTML")).toBe("text/html; charset=utf-8");
    expect(contentTypeOf("x.mjs")).toBe("text/javascript; charset=utf-8");
    expect(contentTypeOf("x.woff2")).toBe("font/woff2");
    expect(contentTypeOf("x.png")).toBe("image/png");
    expect(contentTypeOf("Makefile")).toBe("application/octet-stream");
  });
});
