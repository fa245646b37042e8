// What a hostile or broken server can send the CLI and the MCP server, as real processes see it: a
// sandbox whose finished Influencer Studio jobs point at a media server of the test's choosing
// (endless bodies, lying lengths), driven through the built executable and the SDK's client.
import { mkdtempSync, readdirSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadOutputs } from "../src/download.js";
import { exitCodes } from "../src/errors.js";
import { bin, cleanEnv, run, start } from "./run.js";
import { startLocalSandbox, type LocalSandbox } from "./sandbox.js";

/** One response the media server gave: whether it sent everything, or the client hung up first. */
interface Served {
  path: string;
  finished: boolean;
  closed: Promise<void>;
}

let sandbox: LocalSandbox;
let media: Server;
let mediaUrl: string;
const served: Served[] = [];
/** Where finished Influencer Studio jobs say their outputs are (undefined: the sandbox's own files). */
let outputUrl: string | undefined;

/** Streams `mib` MiB of a PNG-typed body, with or without a Content-Length, honouring back-pressure. */
function stream(response: ServerResponse, mib: number, declare: boolean): void {
  const chunk = Buffer.alloc(1024 * 1024, 7);
  response.writeHead(200, { "content-type": "image/png", ...(declare ? { "content-length": String(mib * chunk.length) } : {}) });
  let sent = 0;
  const pump = () => {
    while (sent < mib) {
      sent++;
      if (!response.write(chunk)) return void response.once("drain", pump);
    }
    response.end();
  };
  pump();
}

beforeAll(async () => {
  sandbox = await startLocalSandbox({
    speed: 20,
    transformResponse: (answer) => {
      if (outputUrl === undefined || answer.provider !== "influencer-studio" || answer.operation !== "getGenerationStatus") return answer;
      const body = answer.body as { status: string; result_urls: string[]; items: { url: string | null }[] };
      if (body.status !== "completed") return answer;
      return { ...answer, body: { ...body, result_urls: body.result_urls.map(() => outputUrl), items: body.items.map((item) => ({ ...item, url: outputUrl })) } };
    },
  });
  media = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://media");
    let finished = false;
    response.once("finish", () => (finished = true));
    const closed = new Promise<void>((resolve) => response.once("close", resolve));
    served.push({ path: url.pathname, get finished() { return finished; }, closed });
    const mib = Number(url.searchParams.get("mib") ?? 1);
    if (url.pathname === "/declared") {
      // Says it is 2 GiB and sends nothing more: only the header can be judged.
      response.writeHead(200, { "content-type": "image/png", "content-length": String(2 * 1024 ** 3) });
      response.flushHeaders();
      return;
    }
    if (url.pathname === "/stall") {
      // A first chunk, then silence with the connection kept open.
      response.writeHead(200, { "content-type": "image/png" });
      response.write(Buffer.alloc(1024, 7));
      return;
    }
    if (url.pathname === "/silent") return; // not even the headers
    stream(response, mib, url.pathname === "/sized");
  });
  await new Promise<void>((resolve) => media.listen(0, "127.0.0.1", resolve));
  mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  media?.closeAllConnections();
  await new Promise<void>((resolve) => media?.close(() => resolve()));
  await sandbox?.stop();
});

describe("downloads with --out are bounded", () => {
  it("refuses an output whose declared length is over the bound: exit 9, nothing written", async () => {
    outputUrl = `${mediaUrl}/declared`;
    const out = mkdtempSync(join(tmpdir(), "studiokit-hostile-"));
    const result = await run(["--sandbox", "-q", "images", "generate", "-p", "influencer-studio", "--prompt", "x", "--out", out], cleanEnv(sandbox.env));
    outputUrl = undefined;
    expect(result.stderr).toMatch(/download of output 1 from 127\.0\.0\.1:\d+ is larger than 1073741824 bytes; refused/);
    expect(result.code).toBe(exitCodes.provider);
    expect(readdirSync(out)).toEqual([]);
  });

  it("cuts off a body without a length at the bound and removes the half file", async () => {
    const out = mkdtempSync(join(tmpdir(), "studiokit-hostile-"));
    const before = served.length;
    const saving = downloadOutputs([{ url: `${mediaUrl}/chunked?mib=32`, mediaType: "image/png" }], out, "job", { provider: "influencer-studio", maxBytes: 1024 * 1024 });
    await expect(saving).rejects.toMatchObject({ code: "provider", message: expect.stringMatching(/is larger than 1048576 bytes/) });
    expect(readdirSync(out)).toEqual([]);
    const response = served[before]!;
    await response.closed;
    // The rest was never asked for: the server did not get to send all 32 MiB.
    expect(response.finished).toBe(false);
  });

  it.each(["/stall", "/silent"])("gives up a download from %s that goes quiet, with no half file", async (path) => {
    const out = mkdtempSync(join(tmpdir(), "studiokit-hostile-"));
    const saving = downloadOutputs([{ url: `${mediaUrl}${path}`, mediaType: "image/png" }], out, "job", { provider: "influencer-studio", idleTimeoutMs: 300 });
    await expect(saving).rejects.toMatchObject({ code: "provider", message: expect.stringMatching(/stalled: no data for 300 ms/) });
    expect(readdirSync(out)).toEqual([]);
  });

  it("keeps a body within the bound whole", async () => {
    const out = mkdtempSync(join(tmpdir(), "studiokit-hostile-"));
    const files = await downloadOutputs([{ url: `${mediaUrl}/sized?mib=1`, mediaType: "image/png" }], out, "job", { provider: "influencer-studio", maxBytes: 1024 * 1024 });
    expect(files).toEqual([join(out, "job-1.png")]);
  });
});

describe("MCP includeMedia is bounded", () => {
  it("stops reading a body without a length past 10 MiB and leaves the output a URL", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [bin, "--sandbox", "mcp"], env: cleanEnv(sandbox.env), stderr: "pipe" });
    const client = new Client({ name: "studiokit-hostile-test", version: "0.0.0" });
    await client.connect(transport);
    try {
      outputUrl = `${mediaUrl}/chunked?mib=128`;
      const before = served.length;
      const result = (await client.callTool({ name: "generate_image", arguments: { provider: "influencer-studio", prompt: "x", includeMedia: true } })) as CallToolResult;
      outputUrl = undefined;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ done: true, outputs: [{ url: `${mediaUrl}/chunked?mib=128` }] });
      expect(result.content.filter((item) => item.type !== "text")).toEqual([]);
      const response = served[before]!;
      await response.closed;
      expect(response.finished).toBe(false);
    } finally {
      outputUrl = undefined;
      await client.close();
    }
  });
});

describe("a reader that goes away", () => {
  it("--help into a closed pipe exits 0, without an EPIPE stack trace", async () => {
    const { child, done } = start(["--help"], cleanEnv());
    // Closed before the CLI has started, so that its first write finds no reader.
    child.stdout!.destroy();
    const result = await done;
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(result.code).toBe(0);
  });
});
