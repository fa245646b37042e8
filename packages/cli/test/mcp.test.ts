// The MCP server through the SDK's own client, over stdio (the server as a child process, as an
// agent spawns it) and over Streamable HTTP, against the stateful sandbox (test/sandbox.ts): jobs
// move there, on a clock the tests step where they watch the steps.
import { mkdtempSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult, JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogs } from "../src/catalogs.js";
import { bin, cleanEnv, start, until } from "./run.js";
import { isPng, startTestSandboxes, type LocalSandbox, type TestSandboxes } from "./sandbox.js";

let sandboxes: TestSandboxes;
let live: LocalSandbox;
let paused: LocalSandbox;

beforeAll(async () => {
  sandboxes = await startTestSandboxes();
  ({ live, paused } = sandboxes);
}, 120_000);

afterAll(async () => {
  await sandboxes?.stop();
});

/**
 * A client of the built server over stdio, and every message it received, in the order it came off
 * the wire. What the server sent is judged there: the SDK's client dispatches a notification a
 * microtask later than a response, so it drops a progress notification that arrives in the same read
 * as the result (typescript-sdk issue #2580, a race no server can avoid).
 */
async function stdioClient(args: string[], env: Record<string, string>): Promise<{ client: Client; stderr: () => string; received: JSONRPCMessage[] }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin, ...args], env, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const client = new Client({ name: "studiokit-test", version: "0.0.0" });
  await client.connect(transport);
  const received: JSONRPCMessage[] = [];
  const dispatch = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    received.push(message);
    dispatch?.(message);
  };
  return { client, stderr: () => stderr, received };
}

const structured = (result: unknown) => (result as CallToolResult).structuredContent as Record<string, any>;
const text = (result: unknown) => ((result as CallToolResult).content ?? []).map((item) => (item.type === "text" ? item.text : "")).join("\n");

describe("over stdio", () => {
  let client: Client;
  let serverLog: () => string;
  let received: JSONRPCMessage[];

  beforeAll(async () => {
    ({ client, stderr: serverLog, received } = await stdioClient(["--sandbox", "mcp", "--raw", "aliveai"], cleanEnv(paused.env)));
  });
  afterAll(async () => {
    await client?.close();
  });

  it("offers the facade tools and, opted in, the raw operations with the spec's schemas", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    for (const name of ["generate_image", "generate_video", "submit_job", "get_job_status", "wait_for_job", "list_characters", "create_character"]) expect(names).toContain(name);
    const raw = names.filter((name) => name.startsWith("aliveai_"));
    const uploadable = catalogs.aliveai.operations.filter((operation) => !operation.body?.binaryFields?.length);
    expect(raw.sort()).toEqual(uploadable.map((operation) => `aliveai_${operation.operationId}`).sort());
    expect(names.some((name) => name.startsWith("influencer_studio_"))).toBe(false);
    const createPrompt = tools.find((tool) => tool.name === "aliveai_createPrompt")!;
    const operation = catalogs.aliveai.operations.find((candidate) => candidate.operationId === "createPrompt")!;
    expect(createPrompt.inputSchema.properties?.body).toEqual(operation.body!.schema);
    expect(serverLog()).toContain("providers offered");
    expect(client.getInstructions()).toContain("wait_for_job");
  });

  it("generate_image waits and returns the outputs, with one progress notification per step, growing up to its total", async () => {
    const progress: { progress: number; total?: number; message?: string }[] = [];
    const from = received.length;
    const pending = client.callTool(
      { name: "generate_image", arguments: { provider: "influencer-studio", prompt: "a lighthouse", n: 2 } },
      undefined,
      { onprogress: (event) => progress.push(event) },
    );
    await until(() => progress.some((event) => event.message === "queued"));
    paused.advance(7.5); // running, the first of two images done
    await until(() => progress.some((event) => event.message === "running" && event.progress === 50));
    paused.advance(5);
    const result = await pending;
    expect(result.isError).toBeFalsy();
    const body = structured(result);
    expect(body).toMatchObject({ done: true, state: "succeeded" });
    expect(body.outputs.map((output: { url: string }) => output.url)).toEqual([expect.stringContaining("/_sandbox/files/"), expect.stringContaining("/_sandbox/files/")]);
    // Polled many times while the clock stood still, but told once per change, every step before the
    // result (as sent: see stdioClient for why the SDK's own callback may miss the last one).
    const call = received.slice(from);
    const resultAt = call.findIndex((message) => "result" in message);
    const sent = call.flatMap((message) => ("method" in message && message.method === "notifications/progress" ? [message.params as { progress: number; total?: number; message?: string }] : []));
    expect(sent.map((event) => [event.message, event.progress])).toEqual([
      ["queued", 0],
      ["running", 50],
      ["succeeded", 100],
    ]);
    expect(call.findLastIndex((message) => "method" in message && message.method === "notifications/progress")).toBeLessThan(resultAt);
    expect(sent.every((event) => event.total === 100)).toBe(true);
    expect(progress.map((event) => event.message)).toEqual(sent.slice(0, progress.length).map((event) => event.message));
  });

  it("returns a handle from submit_job that get_job_status and wait_for_job take back, real PNGs included on request", async () => {
    const submitted = structured(await client.callTool({ name: "submit_job", arguments: { kind: "image", provider: "influencer-studio", prompt: "a lighthouse", n: 2 } }));
    const handle = JSON.parse(JSON.stringify(submitted.handle));
    expect(handle).toMatchObject({ provider: "influencer-studio", kind: "image" });
    const first = structured(await client.callTool({ name: "get_job_status", arguments: { handle } }));
    expect(first).toMatchObject({ done: false, state: "queued" });
    paused.advance(20);
    const waited = await client.callTool({ name: "wait_for_job", arguments: { handle, includeMedia: true } });
    expect(structured(waited)).toMatchObject({ done: true, state: "succeeded" });
    const images = (waited as CallToolResult).content.filter((item) => item.type === "image");
    expect(images).toHaveLength(2);
    expect(images[0]).toMatchObject({ mimeType: "image/png" });
    expect(isPng(Buffer.from((images[0] as { data: string }).data, "base64"))).toBe(true);
  });

  it("reports a failing job as a tool error with its code", async () => {
    await paused.control("influencer-studio", "POST", "/faults", { fault: "fail-job" });
    const pending = client.callTool({ name: "generate_image", arguments: { provider: "influencer-studio", prompt: "x" } });
    // Once the call has taken the fault, its job exists: step the clock to its end.
    while ((await paused.control("influencer-studio", "GET", "")).faults.length > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    paused.advance(20);
    const result = await pending;
    expect(result.isError).toBe(true);
    expect(JSON.parse(text(result)).error).toMatchObject({ code: "job_failed", message: expect.stringContaining("failed") });
  });

  it("reports credits running out as insufficient_credits", async () => {
    await paused.control("influencer-studio", "PUT", "/credits", { balance: 0 });
    try {
      const result = await client.callTool({ name: "generate_image", arguments: { provider: "influencer-studio", prompt: "x" } });
      expect(result.isError).toBe(true);
      expect(JSON.parse(text(result)).error.code).toBe("insufficient_credits");
    } finally {
      await paused.control("influencer-studio", "PUT", "/credits", { balance: 1_000_000 });
    }
  });

  it("reports bad arguments as a tool error naming the field", async () => {
    const result = await client.callTool({ name: "aliveai_getPrompts", arguments: { page: -1 } });
    expect(result.isError).toBe(true);
    const error = JSON.parse(text(result)).error;
    expect(error.code).toBe("validation");
    expect(JSON.stringify(error)).toContain("query.page");
  });

  it("refuses an argument the tool does not take instead of dropping it", async () => {
    const result = await client.callTool({ name: "generate_image", arguments: { provider: "influencer-studio", prompt: "x", aspect_ratio: "9:16" } });
    expect(result.isError).toBe(true);
    expect(JSON.parse(text(result)).error).toMatchObject({ code: "usage", message: expect.stringContaining("aspect_ratio") });
  });

  it("calls a raw operation and returns the provider's body", async () => {
    const result = await client.callTool({ name: "aliveai_getPrompts", arguments: { page: 0, pageSize: 5 } });
    expect(result.isError).toBeFalsy();
    expect(structured(result)).toHaveProperty("prompts");
  });

  it("lists characters", async () => {
    const result = await client.callTool({ name: "list_characters", arguments: { provider: "supapost" } });
    expect(structured(result).characters[0]).toHaveProperty("id");
  });
});

describe("bounded waits", () => {
  it("wait_for_job returns done: false with the handle before the bound instead of hitting the client's timeout, and finishes later", async () => {
    const { client } = await stdioClient(["--sandbox", "mcp"], cleanEnv(paused.env));
    try {
      const handle = structured(await client.callTool({ name: "submit_job", arguments: { kind: "image", provider: "influencer-studio", prompt: "x" } })).handle;
      paused.advance(3); // running; the clock then stands still, so the job cannot end within the bound
      const progress: unknown[] = [];
      const result = await client.callTool({ name: "wait_for_job", arguments: { handle, maxWaitSeconds: 1 } }, undefined, { onprogress: (event) => progress.push(event) });
      expect(result.isError).toBeFalsy();
      expect(structured(result)).toMatchObject({ done: false, state: "running", handle: { id: handle.id }, next: expect.stringContaining("wait_for_job") });
      expect(progress.length).toBeGreaterThan(0);
      paused.advance(20);
      const again = await client.callTool({ name: "wait_for_job", arguments: { handle: structured(result).handle } });
      expect(structured(again)).toMatchObject({ done: true, state: "succeeded", handle: { id: handle.id } });
    } finally {
      await client.close();
    }
  });
});

describe("keys", () => {
  const key = "sk-mcp-secret-19be44";
  const configWith = (providers: Record<string, unknown>) => {
    const file = join(mkdtempSync(join(tmpdir(), "studiokit-mcp-config-")), "config.json");
    writeFileSync(file, JSON.stringify({ providers }), { mode: 0o600 });
    return file;
  };

  it("offers only the providers with a key, and never shows the key in a result", async () => {
    const env = cleanEnv({ INFLUENCER_STUDIO_API_KEY: key, STUDIOKIT_CONFIG: configWith({ "influencer-studio": { baseUrl: live.url("influencer-studio") } }) });
    const { client, stderr } = await stdioClient(["mcp", "--raw", "all"], env);
    try {
      const { tools } = await client.listTools();
      const generate = tools.find((tool) => tool.name === "generate_image")!;
      expect((generate.inputSchema.properties!.provider as { enum: string[] }).enum).toEqual(["influencer-studio"]);
      expect(tools.find((tool) => tool.name === "generate_video")).toBeDefined();
      expect(tools.some((tool) => /^(aliveai|supapost|aistudios|ai_media_studio)_/.test(tool.name))).toBe(false);
      expect(tools.some((tool) => tool.name.startsWith("influencer_studio_"))).toBe(true);

      sandboxes.echoKeyOnce(key);
      const failed = await client.callTool({ name: "generate_image", arguments: { provider: "influencer-studio", prompt: "x" } });
      expect(failed.isError).toBe(true);
      expect(JSON.parse(text(failed)).error.code).toBe("authentication");
      expect(JSON.stringify(failed)).not.toContain(key);
      expect(stderr()).not.toContain(key);
      expect(stderr()).toContain("no key for aliveai");
    } finally {
      await client.close();
    }
  });
});

describe("over Streamable HTTP", () => {
  it("serves the same tools on a local port", async () => {
    const server = start(["--sandbox", "mcp", "--http", "--port", "0"], cleanEnv(live.env));
    try {
      await until(() => /listening on (\S+)/.test(server.stderrSoFar()));
      const url = /listening on (\S+)/.exec(server.stderrSoFar())![1]!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const client = new Client({ name: "studiokit-test", version: "0.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain("generate_video");
      const result = await client.callTool({ name: "generate_video", arguments: { provider: "aistudios", prompt: "Hello there", character: "M000045058" } });
      expect(structured(result)).toMatchObject({ done: true, state: "succeeded" });
      await client.close();
      // A browser page reaching the server through a rebound DNS name sends its own Host: refused.
      expect(await statusWithHost(url, "attacker.example")).toBe(403);
      // A page of another origin (its browser says so in Origin) is refused; a page on this machine is not.
      const local = new URL(url).host;
      expect(await statusWithHost(url, local, { origin: "https://attacker.example" })).toBe(403);
      expect(await statusWithHost(url, local, { origin: "null" })).toBe(403);
      expect(await statusWithHost(url, local, { origin: "http://localhost:6274" })).not.toBe(403);
    } finally {
      server.child.kill("SIGINT");
      const exit = await server.done;
      expect(exit.code).toBe(0);
    }
  });

  it("refuses a rebound DNS name on every interface, not only on loopback", async () => {
    const server = start(["--sandbox", "mcp", "--http", "--port", "0", "--host", "0.0.0.0"], cleanEnv(live.env));
    try {
      await until(() => /listening on (\S+)/.test(server.stderrSoFar()));
      const port = new URL(/listening on (\S+)/.exec(server.stderrSoFar())![1]!).port;
      const url = `http://127.0.0.1:${port}/mcp`;
      expect(await statusWithHost(url, `attacker.example:${port}`)).toBe(403);
      expect(await statusWithHost(url, `127.0.0.1:${port}`, { origin: "https://attacker.example" })).toBe(403);
      // An address is no rebound name: a client on the network reaching it by IP is answered.
      expect(await statusWithHost(url, `192.0.2.7:${port}`)).not.toBe(403);
    } finally {
      server.child.kill("SIGINT");
      await server.done;
    }
  });
});

/** fetch cannot set Host; node:http can. `headers` go with it (an Origin). */
function statusWithHost(url: string, host: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: "POST", headers: { host, "content-type": "application/json", accept: "application/json, text/event-stream", ...headers } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once("error", reject);
    request.end("{}");
  });
}
