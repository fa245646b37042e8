// The CLI driven as a user drives it: the built executable in a child process, piped or on a
// pseudo-terminal, against the local provider servers of test/servers.ts.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogs } from "../src/catalogs.js";
import { exitCodes } from "../src/errors.js";
import { rawFields } from "../src/raw.js";
import { cleanEnv, run, runOnTerminal, start, until } from "./run.js";
import { FINISHING, NEVER_FINISHING, PNG_BYTES, portVariable, startLocalProviders, startStagedJobs, type LocalProviders, type StagedJobs } from "./servers.js";

let local: LocalProviders;
let finishing: StagedJobs;
let stuck: StagedJobs;

beforeAll(async () => {
  local = await startLocalProviders();
  finishing = await startStagedJobs(local.urls["influencer-studio"], FINISHING);
  stuck = await startStagedJobs(local.urls["influencer-studio"], NEVER_FINISHING);
}, 120_000);

afterAll(async () => {
  await Promise.all([local?.stop(), finishing?.stop(), stuck?.stop()]);
});

const sandbox = (extra: Record<string, string> = {}) => cleanEnv({ ...local.env, ...extra });
/** Influencer Studio behind a staged server; the others at their mocks. */
const staged = (server: StagedJobs, extra: Record<string, string> = {}) => sandbox({ [portVariable("influencer-studio")]: String(server.port), ...extra });
const ANSI = /\u001b\[/;

describe("images, videos, characters and jobs", () => {
  it("prints the image URLs on stdout and plain progress lines on stderr when piped", async () => {
    const result = await run(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "a lighthouse", "-n", "2"], sandbox());
    expect(result.code).toBe(0);
    const urls = result.stdout.trim().split("\n");
    expect(urls).toHaveLength(2);
    for (const url of urls) expect(url).toMatch(/^https:\/\//);
    expect(result.stderr).toMatch(/influencer-studio \S+ succeeded 100%/);
    expect(result.stderr).not.toMatch(ANSI);
  });

  it("--json prints one JSON document with the job handle and outputs", async () => {
    const result = await run(["--sandbox", "--json", "images", "generate", "-p", "aliveai", "--prompt", "a portrait"], sandbox());
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.state).toBe("succeeded");
    expect(parsed.handle).toMatchObject({ provider: "aliveai", kind: "image" });
    expect(parsed.outputs.length).toBeGreaterThan(0);
  });

  it("--no-wait prints a handle that `jobs wait` takes back", async () => {
    const submitted = await run(["--sandbox", "videos", "generate", "-p", "aistudios", "--prompt", "Hello there", "--character", "M000045058", "--no-wait"], sandbox());
    expect(submitted.code).toBe(0);
    const handle = JSON.parse(submitted.stdout);
    expect(handle).toMatchObject({ provider: "aistudios", kind: "avatar-video" });
    const waited = await run(["--sandbox", "--json", "jobs", "wait", JSON.stringify(handle)], sandbox());
    expect(waited.code).toBe(0);
    expect(JSON.parse(waited.stdout)).toMatchObject({ state: "succeeded", handle: { id: handle.id } });
    const byId = await run(["--sandbox", "--json", "jobs", "status", handle.id, "--provider", "aistudios", "--kind", "video"], sandbox());
    expect(byId.code).toBe(0);
    expect(JSON.parse(byId.stdout).handle.id).toBe(handle.id);
  });

  it("lists and creates characters", async () => {
    const list = await run(["--sandbox", "--json", "characters", "list", "-p", "supapost"], sandbox());
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)[0]).toHaveProperty("id");
    const created = await run(["--sandbox", "characters", "create", "-p", "supapost", "--name", "Luna", "--image", "https://example.org/luna.jpg", "--trait", "gender=female"], sandbox());
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).not.toBe("");
  });

  it("gets and deletes a character", async () => {
    const [first] = JSON.parse((await run(["--sandbox", "--json", "characters", "list", "-p", "supapost"], sandbox())).stdout);
    const got = await run(["--sandbox", "--json", "characters", "get", first.id, "-p", "supapost"], sandbox());
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout).id).toBe(first.id);
    const deleted = await run(["--sandbox", "characters", "delete", first.id, "-p", "supapost"], sandbox());
    expect(deleted.code).toBe(0);
    expect(deleted.stdout.trim()).toBe(`deleted ${first.id}`);
  });

  it("downloads the results into --out", async () => {
    const out = mkdtempSync(join(tmpdir(), "studiokit-out-"));
    const result = await run(["--sandbox", "--json", "images", "generate", "-p", "influencer-studio", "--prompt", "a lighthouse", "-n", "2", "--out", out], staged(finishing));
    expect(result.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(file).toMatch(/\.png$/);
      expect(readFileSync(join(out, file)).equals(PNG_BYTES)).toBe(true);
    }
    expect(JSON.parse(result.stdout).files.map((file: string) => file.split("/").pop()).sort()).toEqual(files);
  });
});

describe("progress", () => {
  it("draws a live bar with state, percentage, queue and elapsed time on a terminal", async () => {
    const result = await runOnTerminal(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "a lighthouse", "-n", "2"], staged(finishing));
    expect(result.code).toBe(0);
    const screen = result.stdout;
    expect(screen).toMatch(ANSI); // redrawn in place, not printed line by line
    expect(screen).toMatch(/queued\s+\[[░█]+\] 0% \| queue - \| \d+s/);
    expect(screen).toMatch(/running\s+\[[░█]+\] 50%/);
    expect(screen).toMatch(/succeeded\s+\[█+\] 100%/);
    expect(screen).toContain("/media/");
  });

  it("writes one plain line per change when stderr is not a terminal", async () => {
    const result = await run(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "a lighthouse", "-n", "2"], staged(finishing));
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines.map((line) => line.replace(/^influencer-studio \S+ /, "").replace(/ elapsed .*$/, ""))).toEqual(["queued 0% queue -", "running 50% queue -", "succeeded 100% queue -"]);
    expect(result.stderr).not.toMatch(ANSI);
  });
});

describe("Ctrl-C", () => {
  it("cancels a wait cleanly with exit code 130", async () => {
    const out = mkdtempSync(join(tmpdir(), "studiokit-out-"));
    const running = start(["--sandbox", "images", "generate", "-p", "influencer-studio", "--prompt", "a lighthouse", "--out", out], staged(stuck));
    await until(() => running.stderrSoFar().includes("running"));
    running.child.kill("SIGINT");
    const result = await running.done;
    expect(result.code).toBe(exitCodes.canceled);
    expect(result.stderr).toContain("canceled");
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(readdirSync(out)).toEqual([]);
  }, 30_000);
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

  it("rejects a value outside a body enum before sending, for any operation that has one", async () => {
    const [provider, operation, field] = (Object.entries(catalogs) as [string, (typeof catalogs)[keyof typeof catalogs]][])
      .flatMap(([id, catalog]) => catalog.operations.flatMap((op) => rawFields(op).filter((f) => f.location === "body" && Array.isArray(f.schema.enum)).map((f) => [id, op.operationId, f.name] as const)))
      .find(([id]) => id === "influencer-studio") ?? [];
    expect(field).toBeDefined();
    const before = finishing.requests.length;
    const result = await run(["--sandbox", "call", provider!, operation!, `--${field}`, "not-a-listed-value"], staged(finishing));
    expect(result.code).toBe(exitCodes.usage);
    expect(result.stderr).toContain(`--${field}`);
    expect(finishing.requests.length).toBe(before);
  });

  it("validates the body before sending: exit 3 naming each field, nothing reaches the server", async () => {
    const before = finishing.requests.length;
    const result = await run(["--sandbox", "call", "influencer-studio", "generateImages", "--prompt", "", "--batch", "0"], staged(finishing));
    expect(result.code).toBe(exitCodes.validation);
    expect(result.stderr).toContain("body.prompt");
    expect(result.stderr).toContain("body.batch");
    expect(finishing.requests.length).toBe(before);
  });

  it("sends a body from a file with flags over it and prints the provider's answer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "studiokit-body-"));
    writeFileSync(join(dir, "body.json"), JSON.stringify({ prompt: "from the file", batch: 1 }));
    const before = finishing.requests.length;
    const result = await run(["--sandbox", "call", "influencer-studio", "generateImages", "--body", join(dir, "body.json"), "--batch", "2"], staged(finishing));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty("generation_id");
    expect(finishing.requests.slice(before).map((request) => `${request.method} ${request.path}`)).toEqual(["POST /images/generate"]);
  });

  it("gives a spec field that clashes with --body its own flag", async () => {
    const help = await run(["call", "aliveai", "generateCharacterBuilderPrompt", "--help"], cleanEnv());
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--body <file>/);
    expect(help.stdout).toMatch(/--body-field /);
  });

  it("reads the body from stdin with --body -", async () => {
    const before = finishing.requests.length;
    const result = await run(["--sandbox", "call", "influencer-studio", "generateImages", "--body", "-"], staged(finishing), JSON.stringify({ prompt: "from stdin" }));
    expect(result.code).toBe(0);
    expect(finishing.requests.slice(before).map((request) => `${request.method} ${request.path}`)).toEqual(["POST /images/generate"]);
  });

  it("sends path and query parameters", async () => {
    const result = await run(["--sandbox", "call", "aliveai", "getPrompts", "--page", "0", "--pageSize", "5"], sandbox());
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

  it("signs in where the catalog has a login: AliveAI with email and password, the password never shown", async () => {
    const password = "pw-cli-secret-3e7f";
    const env = sandbox({ ALIVEAI_EMAIL: "mia@mail.test", ALIVEAI_PASSWORD: password });
    const rows = JSON.parse((await run(["--json", "providers"], cleanEnv({ ALIVEAI_EMAIL: "mia@mail.test", ALIVEAI_PASSWORD: password }))).stdout);
    expect(rows.find((row: { id: string }) => row.id === "aliveai")).toMatchObject({ configured: true, loginEnv: ["ALIVEAI_EMAIL", "ALIVEAI_PASSWORD"] });
    expect(rows.filter((row: { configured: boolean }) => row.configured).map((row: { id: string }) => row.id)).toEqual(["aliveai"]);
    const listed = await run(["--sandbox", "--json", "characters", "list", "-p", "aliveai"], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout + listed.stderr).not.toContain(password);
  });

  it("needs a key outside the sandbox: exit 4 naming the variable", async () => {
    const result = await run(["images", "generate", "-p", "aliveai", "--prompt", "x"], cleanEnv());
    expect(result.code).toBe(exitCodes.authentication);
    expect(result.stderr).toContain("ALIVEAI_API_KEY");
  });

  it("refuses a config file others can read (exit 78) and uses an owner-only one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "studiokit-config-"));
    const file = join(dir, "config.json");
    const key = "sk-config-secret-4f9a2c";
    writeFileSync(file, JSON.stringify({ providers: { "influencer-studio": { apiKey: key, baseUrl: finishing.url } } }));
    chmodSync(file, 0o644);
    const refused = await run(["--config", file, "characters", "list", "-p", "influencer-studio"], cleanEnv());
    expect(refused.code).toBe(exitCodes.config);
    expect(refused.stderr).toContain("chmod 600");
    chmodSync(file, 0o600);
    const before = finishing.requests.length;
    const used = await run(["--config", file, "characters", "list", "-p", "influencer-studio"], cleanEnv());
    expect(used.code).toBe(0);
    expect(finishing.requests.slice(before).map((request) => request.authorization)).toEqual([`Bearer ${key}`]);
    expect(used.stdout + used.stderr).not.toContain(key);
  });

  it("never prints the key, even when the provider echoes it in an error (exit 4)", async () => {
    const key = "sk-env-secret-77c1d0";
    finishing.echoAuthorizationOnce();
    const echoed = await run(["images", "generate", "-p", "influencer-studio", "--prompt", "x"], cleanEnv({ INFLUENCER_STUDIO_API_KEY: key, STUDIOKIT_CONFIG: writeConfig({ "influencer-studio": { baseUrl: finishing.url } }) }));
    expect(echoed.code).toBe(exitCodes.authentication);
    expect(echoed.stderr).toContain("[redacted]");
    expect(echoed.stdout + echoed.stderr).not.toContain(key);
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
    const unsupported = await run(["--sandbox", "images", "generate", "-p", "aistudios", "--prompt", "x"], sandbox());
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
