// Every example runs end to end against the provider's Prism mock, as a user would run it, so that it
// never rots: it must exit 0 and print what it promises (a character, a job, image URLs).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { startProviderMock } from "@studiokit-tools/mocks";

const run = promisify(execFile);
const examples = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const mocks = [];
afterAll(() => Promise.all(mocks.map((mock) => mock.stop())));

describe("examples/quickstart.mjs", () => {
  for (const provider of ["influencer-studio", "ai-media-studio", "aliveai"]) {
    it(`lists a character, generates images, waits and prints their URLs with ${provider}`, async () => {
      const mock = await startProviderMock(provider);
      mocks.push(mock);
      const { stdout } = await run(process.execPath, [join(examples, "quickstart.mjs"), provider], {
        env: { ...process.env, STUDIOKIT_MOCK_URL: mock.url },
        timeout: 60_000,
      });
      expect(stdout).toMatch(/^job: \{"provider":"/m);
      expect(stdout).toMatch(/succeeded/);
      expect(stdout.match(/^image: https:\/\/\S+ \(\w+\/[\w.+-]+\)$/gm)?.length ?? 0).toBeGreaterThan(0);
      if (provider !== "ai-media-studio") expect(stdout).toMatch(/^character: .+ \(.+\)$/m);
    }, 90_000);
  }

  it("says clearly when a provider makes no images", async () => {
    const { stdout } = await run(process.execPath, [join(examples, "quickstart.mjs"), "supapost"], { timeout: 30_000 });
    expect(stdout).toContain("Supapost makes no images");
  });
});
