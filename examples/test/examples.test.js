// Every example runs end to end against the sandbox, as a user would run it (`node examples/x.mjs`),
// so that it never rots: it must exit 0, print what it promises, and cause no contract violation.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "@studiokit-tools/sandbox";

const run = promisify(execFile);
const examples = join(fileURLToPath(new URL(".", import.meta.url)), "..");
let sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ jobSeconds: 1, log: () => {} });
});
afterAll(async () => {
  await sandbox.stop();
  expect(sandbox.violations).toEqual([]);
});

function runExample(file, provider, args = []) {
  const env = { ...process.env, STUDIOKIT_SANDBOX_URL: sandbox.url(provider) };
  delete env.STUDIOKIT_BASE_URL;
  delete env.STUDIOKIT_API_KEY;
  return run(process.execPath, [join(examples, file), ...args], { env, timeout: 60_000 });
}

const IMAGE_LINE = /^image: http:\/\/127\.0\.0\.1:\d+\/_sandbox\/files\/\S+\.png \(image\/png\)$/gm;
const VIDEO_LINE = /^video: http:\/\/127\.0\.0\.1:\d+\/_sandbox\/files\/\S+\.mp4 \(video\/mp4\)$/m;

describe("the provider examples", () => {
  it("influencer-studio.mjs: characters, images, a video, progress, a failing job, no credits", async () => {
    const { stdout } = await runExample("influencer-studio.mjs", "influencer-studio");
    expect(stdout).toMatch(/^created: Ada Example \(\S+\)$/m);
    expect(stdout).toMatch(/^got: Ada Example/m);
    expect(stdout.match(IMAGE_LINE)).toHaveLength(2);
    expect(stdout).toMatch(VIDEO_LINE);
    expect(stdout).toMatch(/^ {2}running \d+%$/m);
    expect(stdout).toMatch(/^failed as staged: JobFailedError \(job_failed\)/m);
    expect(stdout).toMatch(/^refused: InsufficientCreditsError \(insufficient_credits\), HTTP 402$/m);
    expect(stdout).toMatch(/^all done$/m);
  }, 90_000);

  it("supapost.mjs: characters created, listed, read, updated and deleted", async () => {
    const { stdout } = await runExample("supapost.mjs", "supapost");
    expect(stdout).toMatch(/^read back: Luna Renamed$/m);
    expect(stdout).toMatch(/^gone: NotFoundError \(not_found\)$/m);
    expect(stdout).toMatch(/^all done$/m);
  }, 90_000);

  it("ai-media-studio.mjs: synchronous images and video, a failing job, no credits", async () => {
    const { stdout } = await runExample("ai-media-studio.mjs", "ai-media-studio");
    expect(stdout.match(IMAGE_LINE)).toHaveLength(2);
    expect(stdout).toMatch(/^finished: succeeded, 1 output\(s\)$/m);
    expect(stdout).toMatch(VIDEO_LINE);
    expect(stdout).toMatch(/^failed as staged: JobFailedError/m);
    expect(stdout).toMatch(/^refused: InsufficientCreditsError \(insufficient_credits\), HTTP 402$/m);
    expect(stdout).toMatch(/^all done$/m);
  }, 90_000);

  it("aliveai.mjs: profiles, an image of a character, a video from it, websocket progress, a failing prompt, no credits", async () => {
    const { stdout } = await runExample("aliveai.mjs", "aliveai");
    expect(stdout).toMatch(/^got: Marcielle Strongmaid \(Hd8sK2pQ\)$/m);
    expect(stdout.match(IMAGE_LINE)?.length).toBeGreaterThanOrEqual(1);
    expect(stdout).toMatch(VIDEO_LINE);
    expect(stdout).toMatch(/^ {2}running \d+%$/m);
    expect(stdout).toMatch(/^failed as staged: JobFailedError .*asked to fail/m);
    expect(stdout).toMatch(/^refused: PermissionError \(permission\), HTTP 403$/m);
    expect(stdout).toMatch(/^all done$/m);
  }, 90_000);

  it("aistudios.mjs: avatars, a video, export progress, a failing export, no credits", async () => {
    const { stdout } = await runExample("aistudios.mjs", "aistudios");
    expect(stdout).toMatch(/^got: Sample avatar, outfits \["BG00002320"\]$/m);
    expect(stdout).toMatch(VIDEO_LINE);
    expect(stdout).toMatch(/^ {2}running \d+%$/m);
    expect(stdout).toMatch(/^failed as staged: JobFailedError/m);
    expect(stdout).toMatch(/^refused: ValidationError \(validation\), HTTP 400$/m);
    expect(stdout).toMatch(/^all done$/m);
  }, 90_000);
});

describe("examples/quickstart.mjs", () => {
  for (const provider of ["influencer-studio", "ai-media-studio", "aliveai"]) {
    it(`lists a character, generates images, waits and prints their URLs with ${provider}`, async () => {
      const { stdout } = await runExample("quickstart.mjs", provider, [provider]);
      expect(stdout).toMatch(/^job: \{"provider":"/m);
      expect(stdout).toMatch(/succeeded/);
      expect(stdout.match(IMAGE_LINE)?.length ?? 0).toBeGreaterThan(0);
      if (provider !== "ai-media-studio") expect(stdout).toMatch(/^character: .+ \(.+\)$/m);
    }, 90_000);
  }

  it("says clearly when a provider makes no images", async () => {
    const { stdout } = await runExample("quickstart.mjs", "supapost", ["supapost"]);
    expect(stdout).toContain("Supapost makes no images");
  });
});
