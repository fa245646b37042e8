// The CLI driven as a user drives it: the built executable in a child process, piped or on a
// pseudo-terminal, against the stateful sandbox (test/sandbox.ts). Jobs really move there: the
// paused sandbox's clock is stepped by the test, so every step of a job is seen in order.
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { catalogs } from "../src/catalogs.js";
import { exitCodes } from "../src/errors.js";
import { rawFields } from "../src/raw.js";
import { cleanEnv, run, start, startOnTerminal, until } from "./run.js";
import { closedPort, isMp4, isPng, portVariable, startTestSandboxes, type LocalSandbox, type TestSandboxes } from "./sandbox.js";

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

const onLive = (extra: Record<string, string> = {}) => cleanEnv({ ...live.env, ...extra });
const onPaused = (extra: Record<string, string> = {}) => cleanEnv({ ...paused.env, ...extra });
/** Influencer Studio at a port nothing listens on: any request would end in exit 11, not the code a test expects. */
const unreachable = async () => cleanEnv({ ...live.env, [portVariable("influencer-studio")]: String(await closedPort()) });
const ANSI = /\u001b\[/;
const stepsOf = (stderr: string) =>
  stderr
    .trim()
    .split("\n")
    .filter((line) => line.startsWith("influencer-studio "))
    .map((line) => line.replace(/^influencer-studio \S+ /, "").replace(/ elapsed \d+\.\ds$/, ""));

describe("images, videos, characters and jobs", () => {
  it("prints the image URLs on stdout and plain progress lines on stderr when piped", async () => {
    const result = await run(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "a lighthouse", "-n", "2"], onLive());
    expect(result.code).toBe(0);
    const urls = result.stdout.trim().split("\n");
    expect(urls).toHaveLength(2);
    for (const url of urls) expect(url).toMatch(new RegExp(`^${live.url("influencer-studio")}/_sandbox/files/\\S+\\.png$`));
    expect(result.stderr).toMatch(/influencer-studio \S+ succeeded 100%/);
    expect(result.stderr).not.toMatch(ANSI);
  });

  it("--json prints one JSON document; a batch of two AliveAI prompts ends with both images and no hole in the warnings", async () => {
    const result = await run(["--sandbox", "--json", "images", "generate", "-p", "aliveai", "--prompt", "a portrait", "-n", "2"], onLive());
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed).toMatchObject({ state: "succeeded", handle: { provider: "aliveai", kind: "image" }, warnings: [] });
    expect(parsed.handle.parts).toHaveLength(2);
    expect(parsed.outputs).toHaveLength(2);
  });

  it("downloads real PNG images into --out, the very bytes the provider serves", async () => {
    const out = mkdtempSync(join(tmpdir(), "studiokit-out-"));
    const result = await run(["--sandbox", "--json", "images", "generate", "-p", "influencer-studio", "--prompt", "a lighthouse", "-n", "2", "--out", out], onLive());
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    const files = readdirSync(out).sort();
    expect(files).toEqual([`${parsed.handle.id}-1.png`, `${parsed.handle.id}-2.png`]);
    expect(parsed.files.map((file: string) => basename(file)).sort()).toEqual(files);
    for (const [index, output] of (parsed.outputs as { url: string }[]).entries()) {
      const saved = readFileSync(join(out, `${parsed.handle.id}-${index + 1}.png`));
      expect(isPng(saved)).toBe(true);
      expect(saved.equals(Buffer.from(await (await fetch(output.url)).arrayBuffer()))).toBe(true);
    }
  });

  it("downloads a video as a real MP4", async () => {
    const out = mkdtempSync(join(tmpdir(), "studiokit-out-"));
    const result = await run(["--sandbox", "videos", "generate", "-p", "influencer-studio", "--prompt", "a cat walks", "--out", out], onLive());
    expect(result.code).toBe(0);
    const [file] = readdirSync(out);
    expect(file).toMatch(/\.mp4$/);
    expect(isMp4(readFileSync(join(out, file!)))).toBe(true);
    expect(result.stdout.trim()).toBe(join(out, file!));
  });

  it("--no-wait prints a handle that `jobs wait` and `jobs status` take back", async () => {
    const submitted = await run(["--sandbox", "videos", "generate", "-p", "aistudios", "--prompt", "Hello there", "--character", "M000045058", "--no-wait"], onLive());
    expect(submitted.code).toBe(0);
    const handle = JSON.parse(submitted.stdout);
    expect(handle).toMatchObject({ provider: "aistudios", kind: "avatar-video" });
    expect(submitted.stderr).toContain(`follow it with: studiokit --sandbox jobs wait '${submitted.stdout.trim()}'`);
    const waited = await run(["--sandbox", "--json", "jobs", "wait", "-"], onLive(), submitted.stdout);
    expect(waited.code).toBe(0);
    expect(JSON.parse(waited.stdout)).toMatchObject({ state: "succeeded", handle: { id: handle.id }, outputs: [{ mediaType: "video/mp4" }] });
    const byId = await run(["--sandbox", "--json", "jobs", "status", handle.id, "--provider", "aistudios", "--kind", "video"], onLive());
    expect(byId.code).toBe(0);
    expect(JSON.parse(byId.stdout)).toMatchObject({ state: "succeeded", handle: { id: handle.id } });
  });

  it("creates, gets, lists and deletes a character, which is then gone (exit 8)", async () => {
    const created = await run(["--sandbox", "characters", "create", "-p", "supapost", "--name", "Luna", "--image", "https://example.org/luna.jpg", "--trait", "gender=female"], onLive());
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    const got = await run(["--sandbox", "--json", "characters", "get", id, "-p", "supapost"], onLive());
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ id, name: "Luna", traits: { gender: "female" } });
    const listed = await run(["--sandbox", "characters", "list", "-p", "supapost"], onLive());
    expect(listed.stdout).toContain(`${id}\tLuna`);
    const deleted = await run(["--sandbox", "characters", "delete", id, "-p", "supapost"], onLive());
    expect(deleted.code).toBe(0);
    expect(deleted.stdout.trim()).toBe(`deleted ${id}`);
    const gone = await run(["--sandbox", "characters", "get", id, "-p", "supapost"], onLive());
    expect(gone.code).toBe(exitCodes.not_found);
    expect((await run(["--sandbox", "characters", "list", "-p", "supapost"], onLive())).stdout).not.toContain(id);
  });

  it("says which command reaches what the facade does not offer (exit 13)", async () => {
    const result = await run(["--sandbox", "characters", "delete", "x", "-p", "influencer-studio"], onLive());
    expect(result.code).toBe(exitCodes.unsupported_capability);
    expect(result.stderr).toContain("hint: `studiokit call influencer-studio` lists every operation");
  });
});

describe("progress", () => {
  it("writes one plain line per step when stderr is not a terminal", async () => {
    const running = start(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "a lighthouse", "-n", "2"], onPaused());
    await until(() => running.stderrSoFar().includes(" queued 0%"));
    paused.advance(2.5); // running, no image done yet
    await until(() => running.stderrSoFar().includes(" running 0%"));
    paused.advance(5); // 5.5 of 8 s running: the first of two images is done
    await until(() => running.stderrSoFar().includes(" running 50%"));
    paused.advance(5);
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(stepsOf(result.stderr)).toEqual(["queued 0% queue -", "running 0% queue -", "running 50% queue -", "succeeded 100% queue -"]);
    expect(result.stderr).not.toMatch(ANSI);
    expect(result.stdout.trim().split("\n")).toHaveLength(2);
  });

  it("draws a live bar with state, percentage, queue and elapsed time on a terminal", async () => {
    const running = startOnTerminal(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "a lighthouse", "-n", "2"], onPaused());
    await until(() => /queued\s+\[░+\] 0% \| queue - \| \d+s/.test(running.screenSoFar()));
    paused.advance(7.5);
    await until(() => /running\s+\[█+░+\] 50% \| queue - \| \d+s/.test(running.screenSoFar()));
    paused.advance(5);
    const result = await running.done;
    expect(result.code).toBe(0);
    const screen = result.stdout;
    expect(screen).toMatch(ANSI); // redrawn in place, not printed line by line
    expect(screen).toMatch(/succeeded\s+\[█+\] 100%/);
    expect(screen).not.toMatch(/elapsed/); // the plain lines are for pipes only
    expect(screen).toContain("/_sandbox/files/");
  });

  it("says that a synchronous provider gives no progress while its request is open, then prints the result", async () => {
    const jobsBefore = (await paused.control("ai-media-studio", "GET", "")).jobs;
    const running = start(["--sandbox", "images", "generate", "-p", "ai-media-studio", "--prompt", "a lighthouse"], onPaused());
    // The request is open once the sandbox holds its job.
    while ((await paused.control("ai-media-studio", "GET", "")).jobs === jobsBefore) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(running.stderrSoFar()).toBe("ai-media-studio: AI Media Studio answers once the images are made, with no progress in between; waiting…\n");
    paused.advance(20); // the sandbox answers AI Media Studio's generation when its time has passed
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("/_sandbox/files/");
  });

  it("shows AliveAI's queue position while queued, from its prompt websocket", async () => {
    const running = start(["--sandbox", "images", "generate", "-p", "aliveai", "--prompt", "a portrait"], onPaused());
    await until(() => /aliveai \S+ queued (-|0%) queue 1 /.test(running.stderrSoFar()));
    paused.advance(20);
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/aliveai \S+ succeeded 100% queue -/);
    expect(result.stderr).not.toMatch(/running \d+% queue 0/);
  });
});

describe("jobs that fail, run out or are stopped", () => {
  beforeEach(async () => {
    for (const provider of ["influencer-studio", "aliveai"] as const) await live.control(provider, "DELETE", "/faults");
  });

  it("a failing job exits 12 with the provider's reason", async () => {
    await live.control("influencer-studio", "POST", "/faults", { fault: "fail-job" });
    const result = await run(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "x"], onLive());
    expect(result.code).toBe(exitCodes.job_failed);
    expect(stepsOf(result.stderr).at(-1)).toMatch(/^failed /);
    expect(result.stderr).toMatch(/error: influencer-studio job \S+ failed/);
  });

  it("a failing AliveAI job exits 12 too, told over its websocket", async () => {
    await live.control("aliveai", "POST", "/faults", { fault: "fail-job" });
    const result = await run(["--sandbox", "images", "generate", "-p", "aliveai", "--prompt", "x"], onLive());
    expect(result.code).toBe(exitCodes.job_failed);
    expect(result.stderr).toContain("the sandbox was asked to fail this job");
  });

  it("credits running out exit 6 on a provider with a 402; AliveAI answers 403 instead (exit 5)", async () => {
    try {
      await live.control("influencer-studio", "PUT", "/credits", { balance: 0 });
      const out = await run(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "x"], onLive());
      expect(out.code).toBe(exitCodes.insufficient_credits);
      expect(out.stderr).toContain("HTTP 402");
      await live.control("aliveai", "PUT", "/credits", { balance: 0 });
      const alive = await run(["--sandbox", "images", "generate", "-p", "aliveai", "--prompt", "x"], onLive());
      expect(alive.code).toBe(exitCodes.permission);
      expect(alive.stderr).toContain("HTTP 403: Insufficient credits");
    } finally {
      await live.control("influencer-studio", "PUT", "/credits", { balance: 1_000_000 });
      await live.control("aliveai", "PUT", "/credits", { balance: 1_000_000 });
    }
  });

  it("429 after the retries exits 7; a 503 on submit exits 9", async () => {
    await live.control("influencer-studio", "POST", "/faults", { fault: "429", operation: "generateImages", times: 5 });
    const limited = await run(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "x"], onLive());
    expect(limited.code).toBe(exitCodes.rate_limit);
    expect(limited.stderr).toContain("HTTP 429");
    await live.control("influencer-studio", "DELETE", "/faults");
    await live.control("influencer-studio", "POST", "/faults", { fault: "503", operation: "generateImages" });
    const broken = await run(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "x"], onLive());
    expect(broken.code).toBe(exitCodes.provider);
    expect(broken.stderr).toContain("HTTP 503");
  });

  it("rides out passing 503s while it polls, and exits 9 when they persist", async () => {
    const submitted = await run(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "x", "--no-wait"], onLive());
    await live.control("influencer-studio", "POST", "/faults", { fault: "503", operation: "getGenerationStatus", times: 2 });
    const waited = await run(["--sandbox", "jobs", "wait", submitted.stdout.trim()], onLive());
    expect(waited.code).toBe(0);
    expect((await live.control("influencer-studio", "GET", "")).faults).toEqual([]); // both faults were served
    await live.control("influencer-studio", "POST", "/faults", { fault: "503", operation: "getGenerationStatus", times: 100 });
    try {
      const failing = await run(["--sandbox", "jobs", "status", submitted.stdout.trim()], onLive());
      expect(failing.code).toBe(exitCodes.provider);
    } finally {
      await live.control("influencer-studio", "DELETE", "/faults");
    }
  });

  it("jobs wait --timeout gives up with exit 10 and says how to carry on", async () => {
    const submitted = await run(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "x", "--no-wait"], onPaused());
    const result = await run(["--sandbox", "jobs", "wait", submitted.stdout.trim(), "--timeout", "1"], onPaused());
    expect(result.code).toBe(exitCodes.timeout);
    expect(result.stderr).toContain(`pick it up with: studiokit --sandbox jobs wait '${submitted.stdout.trim()}'`);
  });

  it("Ctrl-C cancels a wait cleanly (exit 130, no half file); the job goes on and `jobs wait` picks it up", async () => {
    const out = mkdtempSync(join(tmpdir(), "studiokit-out-"));
    const running = start(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "a lighthouse", "--out", out], onPaused());
    await until(() => running.stderrSoFar().includes(" queued "));
    running.child.kill("SIGINT");
    const result = await running.done;
    expect(result.code).toBe(exitCodes.canceled);
    expect(result.stderr).toMatch(/\ncanceled\n$/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(readdirSync(out)).toEqual([]);
    const handle = /pick it up with: studiokit --sandbox jobs wait '(\{.*\})'/.exec(result.stderr)?.[1];
    expect(handle).toBeDefined();
    paused.advance(20);
    const resumed = await run(["--sandbox", "jobs", "wait", handle!, "--out", out], onPaused());
    expect(resumed.code).toBe(0);
    expect(readdirSync(out)).toHaveLength(1);
  });

  it("Ctrl-C while the paid request is out: exit 130, and the user is told it may have been received", async () => {
    // The sandbox holds the next generateImages open; its fault leaves the queue when the request arrives.
    await live.control("influencer-studio", "POST", "/faults", { fault: "timeout", operation: "generateImages" });
    try {
      const running = start(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "a lighthouse"], onLive());
      await until(async () => ((await live.control("influencer-studio", "GET", "")) as { faults: unknown[] }).faults.length === 0);
      running.child.kill("SIGINT");
      const result = await running.done;
      expect(result.code).toBe(exitCodes.canceled);
      expect(result.stderr).toContain("may already have reached Influencer Studio (and spent credits) before it was canceled");
    } finally {
      await live.control("influencer-studio", "DELETE", "/faults");
    }
  });

  it("an unreachable sandbox exits 11 and says where it looked", async () => {
    const env = await unreachable();
    const result = await run(["--sandbox", "characters", "list", "-p", "influencer-studio"], env);
    expect(result.code).toBe(exitCodes.network);
    expect(result.stderr).toContain(`--sandbox looked for Influencer Studio at http://127.0.0.1:${env[portVariable("influencer-studio")]}`);
    expect(result.stderr).toContain("pnpm start");
  });
});

describe("call: every operation from the spec", () => {
  it("lists a provider's operations from its catalog", async () => {
    const result = await run(["--json", "call", "aliveai"], cleanEnv());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).map((operation: { operationId: string }) => operation.operationId)).toEqual(catalogs.aliveai.operations.map((operation) => operation.operationId));
  });

  it("derives --help from the spec: required fields, enums, ranges", async () => {
    const result = await run(["call", "aliveai", "getPrompts", "--help"], cleanEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--page <value>\s+\(required\) \[query\]/);
    expect(result.stdout).toMatch(/--pageSize <value>[^\n]*\n?[^-]*range[^\n]*20/);
    expect(result.stdout).toMatch(/--promptType <value\.\.\.>/);
  });

  it("rejects a value outside a body enum before sending (exit 2; the provider is unreachable, so a sent request would exit 11)", async () => {
    const [provider, operation, field] = (Object.entries(catalogs) as [string, (typeof catalogs)[keyof typeof catalogs]][])
      .flatMap(([id, catalog]) => catalog.operations.flatMap((op) => rawFields(op).filter((f) => f.location === "body" && Array.isArray(f.schema.enum)).map((f) => [id, op.operationId, f.name] as const)))
      .find(([id]) => id === "influencer-studio") ?? [];
    expect(field).toBeDefined();
    const result = await run(["--sandbox", "call", provider!, operation!, `--${field}`, "not-a-listed-value"], await unreachable());
    expect(result.code).toBe(exitCodes.usage);
    expect(result.stderr).toContain(`--${field}`);
  });

  it("validates the body before sending: exit 3 naming each field, nothing sent (an unreachable provider would exit 11)", async () => {
    const result = await run(["--sandbox", "call", "influencer-studio", "generateImages", "--prompt", "", "--batch", "0"], await unreachable());
    expect(result.code).toBe(exitCodes.validation);
    expect(result.stderr).toContain("body.prompt");
    expect(result.stderr).toContain("body.batch");
  });

  it("sends a body from a file with flags over it, and the job it starts has the flag's batch", async () => {
    const dir = mkdtempSync(join(tmpdir(), "studiokit-body-"));
    writeFileSync(join(dir, "body.json"), JSON.stringify({ prompt: "from the file", batch: 1 }));
    const result = await run(["--sandbox", "call", "influencer-studio", "generateImages", "--body", join(dir, "body.json"), "--batch", "2"], onLive());
    expect(result.code).toBe(0);
    const { generation_id: id } = JSON.parse(result.stdout);
    const status = await run(["--sandbox", "call", "influencer-studio", "getGenerationStatus", "--id", id], onLive());
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ generation_id: id, total_items: 2 });
  });

  it("gives a spec field that clashes with --body its own flag", async () => {
    const help = await run(["call", "aliveai", "generateCharacterBuilderPrompt", "--help"], cleanEnv());
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--body <file>/);
    expect(help.stdout).toMatch(/--body-field /);
  });

  it("reads the body from stdin with --body -", async () => {
    const result = await run(["--sandbox", "call", "influencer-studio", "generateImages", "--body", "-"], onLive(), JSON.stringify({ prompt: "from stdin" }));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ generation_id: expect.any(String), status: "queued" });
  });

  it("sends path and query parameters", async () => {
    const result = await run(["--sandbox", "call", "aliveai", "getPrompts", "--page", "0", "--pageSize", "5"], onLive());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty("prompts");
  });
});

describe("keys, config and exit codes", () => {
  it("--sandbox moves every provider with STUDIOKIT_PORT_BASE, as pnpm start does, and needs no key", async () => {
    const result = await run(["--sandbox", "--json", "providers"], cleanEnv({ STUDIOKIT_PORT_BASE: "5600", [portVariable("aliveai")]: "6013" }));
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { id: keyof typeof catalogs; baseUrl: string; configured: boolean }[];
    for (const row of rows) {
      const port = row.id === "aliveai" ? 6013 : 5600 + catalogs[row.id].mockPortOffset;
      expect(row.baseUrl, row.id).toBe(`http://127.0.0.1:${port}`);
      expect(row.configured).toBe(true);
    }
    expect(rows.map((row) => row.id).sort()).toEqual(Object.keys(catalogs).sort());
  });

  it("--sandbox never sends a real key: a configured key stays home, the sandbox key goes instead", async () => {
    const key = "sk-real-key-never-local-51e0";
    // A scripted stand-in on the sandbox's port records what arrives (the sandbox itself keeps no headers).
    const seen: (string | undefined)[] = [];
    const recorder = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(401, { "content-type": "application/json" }).end('{"error":"Unauthorized"}');
    });
    await new Promise<void>((resolve) => recorder.listen(0, "127.0.0.1", resolve));
    try {
      const port = (recorder.address() as AddressInfo).port;
      const result = await run(["--sandbox", "characters", "list", "-p", "influencer-studio"], onLive({ INFLUENCER_STUDIO_API_KEY: key, [portVariable("influencer-studio")]: String(port) }));
      expect(result.code).toBe(exitCodes.authentication);
      expect(seen).toEqual(["Bearer studiokit-local-sandbox-key"]);
    } finally {
      recorder.closeAllConnections();
      await new Promise<void>((resolve) => recorder.close(() => resolve()));
    }
  });

  it("signs in where the catalog has a login: AliveAI with email and password, the password never shown", async () => {
    const password = "pw-cli-secret-3e7f";
    const login = { ALIVEAI_EMAIL: "mia@mail.test", ALIVEAI_PASSWORD: password };
    const rows = JSON.parse((await run(["--json", "providers"], cleanEnv(login))).stdout);
    expect(rows.find((row: { id: string }) => row.id === "aliveai")).toMatchObject({ configured: true, loginEnv: ["ALIVEAI_EMAIL", "ALIVEAI_PASSWORD"] });
    expect(rows.filter((row: { configured: boolean }) => row.configured).map((row: { id: string }) => row.id)).toEqual(["aliveai"]);
    // Not --sandbox (which uses its own key): the config file points AliveAI at the sandbox, which checks the sign-in's token.
    const listed = await run(["--json", "characters", "list", "-p", "aliveai"], cleanEnv({ ...login, STUDIOKIT_CONFIG: writeConfig({ aliveai: { baseUrl: live.url("aliveai") } }) }));
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)[0]).toHaveProperty("id");
    expect(listed.stdout + listed.stderr).not.toContain(password);
  });

  it("needs a key outside the sandbox: exit 4 naming the variable", async () => {
    const result = await run(["images", "generate", "-p", "aliveai", "--prompt", "x"], cleanEnv());
    expect(result.code).toBe(exitCodes.authentication);
    expect(result.stderr).toContain("ALIVEAI_API_KEY");
    expect(result.stderr).toContain("--sandbox");
  });

  it("refuses a config file others can read (exit 78) and uses an owner-only one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "studiokit-config-"));
    const file = join(dir, "config.json");
    const key = "sk-config-secret-4f9a2c";
    writeFileSync(file, JSON.stringify({ providers: { "influencer-studio": { apiKey: key, baseUrl: live.url("influencer-studio") } } }));
    chmodSync(file, 0o644);
    const refused = await run(["--config", file, "characters", "list", "-p", "influencer-studio"], cleanEnv());
    expect(refused.code).toBe(exitCodes.config);
    expect(refused.stderr).toContain("chmod 600");
    chmodSync(file, 0o600);
    // Without the file's key the CLI would stop at exit 4; with it, the sandbox (which checks the Bearer scheme) answers.
    const used = await run(["--config", file, "characters", "list", "-p", "influencer-studio"], cleanEnv());
    expect(used.code).toBe(0);
    expect(used.stdout).toContain("Sofia Martinez");
    expect(used.stdout + used.stderr).not.toContain(key);
  });

  // Only root can give a file to another user; as root, the CLI would otherwise read any user's file.
  it.skipIf(process.getuid?.() !== 0)("refuses an owner-only config file that another user owns (exit 78): it could send the keys to that user's server", async () => {
    const dir = mkdtempSync(join(tmpdir(), "studiokit-config-"));
    const file = join(dir, "config.json");
    const key = "sk-env-secret-5d2e81";
    writeFileSync(file, JSON.stringify({ providers: { "influencer-studio": { baseUrl: live.url("influencer-studio") } } }));
    chmodSync(file, 0o600);
    chownSync(file, 65534, 65534);
    const refused = await run(["--config", file, "characters", "list", "-p", "influencer-studio"], cleanEnv({ INFLUENCER_STUDIO_API_KEY: key }));
    expect(refused.stderr).toContain("owned by another user (uid 65534)");
    expect(refused.code).toBe(exitCodes.config);
    chownSync(file, 0, 0);
    const used = await run(["--config", file, "characters", "list", "-p", "influencer-studio"], cleanEnv({ INFLUENCER_STUDIO_API_KEY: key }));
    expect(used.code).toBe(0);
  });

  it("never prints the key, even when the provider echoes it in an error (exit 4)", async () => {
    const key = "sk-env-secret-77c1d0";
    sandboxes.echoKeyOnce(key);
    const echoed = await run(["images", "generate", "-p", "influencer-studio", "--prompt", "x"], cleanEnv({ INFLUENCER_STUDIO_API_KEY: key, STUDIOKIT_CONFIG: writeConfig({ "influencer-studio": { baseUrl: live.url("influencer-studio") } }) }));
    sandboxes.echoKeyOnce(undefined);
    expect(echoed.code).toBe(exitCodes.authentication);
    expect(echoed.stderr).toContain("invalid key Bearer [redacted]");
    expect(echoed.stdout + echoed.stderr).not.toContain(key);
  });

  it("refuses a key a header cannot carry as configuration (exit 78), naming the variable's option, never the key", async () => {
    const key = "sk-line\nbreak-61d2a9";
    const result = await run(["images", "generate", "-p", "influencer-studio", "--prompt", "x"], cleanEnv({ INFLUENCER_STUDIO_API_KEY: key }));
    expect(result.code).toBe(exitCodes.config);
    expect(result.stderr).toContain("apiKey");
    expect(result.stdout + result.stderr).not.toContain("sk-line");
    expect(result.stdout + result.stderr).not.toContain("break-61d2a9");
  });

  it("refuses a config file's baseUrl over plain http to another machine (exit 78): the key would travel unencrypted", async () => {
    const key = "sk-http-secret-0b7e55";
    const config = writeConfig({ "influencer-studio": { baseUrl: "http://studio.example.com" } });
    const result = await run(["characters", "list", "-p", "influencer-studio"], cleanEnv({ INFLUENCER_STUDIO_API_KEY: key, STUDIOKIT_CONFIG: config }));
    expect(result.code).toBe(exitCodes.config);
    expect(result.stderr).toContain("https");
    expect(result.stdout + result.stderr).not.toContain(key);
  });

  it("treats a missing config file named explicitly as a config error, before any request", async () => {
    const result = await run(["--config", "/nonexistent/studiokit.json", "characters", "list", "-p", "supapost"], cleanEnv({ SUPAPOST_API_KEY: "sp_x" }));
    expect(result.code).toBe(exitCodes.config);
    expect(result.stderr).toContain("/nonexistent/studiokit.json");
  });

  it("maps usage errors and unsupported capabilities to their codes", async () => {
    const unknownFlag = await run(["images", "generate", "--bogus"], cleanEnv());
    expect(unknownFlag.code).toBe(exitCodes.usage);
    expect((await run([], cleanEnv())).code).toBe(exitCodes.usage); // no command: help, as an error
    const help = await run(["images", "generate", "--help"], cleanEnv());
    expect(help.code).toBe(exitCodes.ok);
    expect(help.stdout).toContain("--prompt <text>");
    const version = await run(["--version"], cleanEnv());
    expect(version.code).toBe(exitCodes.ok);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version);
    const unsupported = await run(["--sandbox", "images", "generate", "-p", "aistudios", "--prompt", "x"], onLive());
    expect(unsupported.code).toBe(exitCodes.unsupported_capability);
    expect(unsupported.stderr).toContain("does not support images");
    const badChoice = await run(["images", "generate", "-p", "nope", "--prompt", "x"], cleanEnv());
    expect(badChoice.code).toBe(exitCodes.usage);
  });
});

function writeConfig(providers: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "studiokit-config-"));
  const file = join(dir, "config.json");
  writeFileSync(file, JSON.stringify({ providers }), { mode: 0o600 });
  return file;
}
