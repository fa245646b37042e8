// Every facade call honours its timeout and its signal: the studio's `timeoutMs` caps every request
// (AI Media Studio's synchronous generations too, which the spec allows 600 s), a call's own
// `timeoutMs` bounds the whole call, and an aborted signal ends it — an already-aborted one before
// anything is sent. The servers here never answer in time; the assertions are on the error, not on
// how long anything took (a call that ignored its deadline would hang until the test times out).
import { afterEach, describe, expect, it } from "vitest";
import { CanceledError, TimeoutError, createStudio, type StudioJobHandle } from "../src/index.js";
import { TEST_API_KEY } from "./support/prism.js";
import { forbiddenFetch } from "./support/recording.js";
import { startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

const NEVER = 60_000;

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const rejection = (work: () => Promise<unknown>) =>
  work().then(
    () => undefined,
    (error: unknown) => error,
  );

describe("timeouts", () => {
  it("the studio's timeoutMs caps an AI Media Studio generation (it kept the spec's 600 s before)", { timeout: 20_000 }, async () => {
    server = await startScriptedServer("ai-media-studio", { "POST /images/generate": [{ delayMs: NEVER, body: {}, offSpec: true }] });
    const studio = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, baseUrl: server.url, timeoutMs: 300, maxRetries: 0 });
    const error = await rejection(() => studio.images.generate({ prompt: "a lighthouse" }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requestsTo("POST /images/generate")).toHaveLength(1);
  });

  // The submit takes a while, so the wait gets less than the call's 400 ms and its own timer ends at
  // the same moment as the call's: whichever fires first, the error names the caller's 400 ms.
  it("a call's timeoutMs bounds generate: submit and the wait together", { timeout: 20_000 }, async () => {
    server = await startScriptedServer("influencer-studio", {
      "POST /images/generate": [{ delayMs: 150, body: { generation_id: "gen_1", status: "queued", images: [], estimated_time: 1, credits_used: 4 } }],
      "GET /generations/gen_1/status": [
        {
          body: { generation_id: "gen_1", status: "queued", result_urls: [], credits_used: 4, total_items: 1, completed_items: 0, failed_items: 0, items: [] },
        },
      ],
    });
    const studio = createStudio({
      provider: "influencer-studio",
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      pollSchedule: { minIntervalMs: 20, maxIntervalMs: 50, useEstimate: false },
    });
    const error = await rejection(() => studio.images.generate({ prompt: "a lighthouse", timeoutMs: 400 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 400 });
  });

  it("a wait that runs out of the call's remaining budget on its own clock reports the call's timeoutMs", { timeout: 20_000 }, async () => {
    // A simulated clock ends the wait's share of the budget at once, seconds before the call's real
    // timer: the wait's own TimeoutError (naming what the 150 ms submit left) must read as the call's.
    let simulatedNow = 0;
    const clock = {
      now: () => simulatedNow,
      sleep: async (ms: number) => {
        simulatedNow += ms;
      },
    };
    server = await startScriptedServer("influencer-studio", {
      "POST /images/generate": [{ delayMs: 150, body: { generation_id: "gen_1", status: "queued", images: [], estimated_time: 1, credits_used: 4 } }],
      "GET /generations/gen_1/status": [
        {
          body: { generation_id: "gen_1", status: "queued", result_urls: [], credits_used: 4, total_items: 1, completed_items: 0, failed_items: 0, items: [] },
        },
      ],
    });
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: server.url, clock });
    const error = await rejection(() => studio.images.generate({ prompt: "a lighthouse", timeoutMs: 5000 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 5000, operation: "images.generate" });
  });

  it.each([
    ["characters.list", (studio: ReturnType<typeof createStudio<"influencer-studio">>) => studio.characters.list({ timeoutMs: 300 })],
    ["images.submit", (studio: ReturnType<typeof createStudio<"influencer-studio">>) => studio.images.submit({ prompt: "x", timeoutMs: 300 })],
    [
      "jobs.status",
      (studio: ReturnType<typeof createStudio<"influencer-studio">>) =>
        studio.jobs.status({ provider: "influencer-studio", id: "gen_1", kind: "image" }, { timeoutMs: 300 }),
    ],
  ] as const)("%s honours its own timeoutMs against a server that never answers", { timeout: 20_000 }, async (_name, call) => {
    server = await startScriptedServer("influencer-studio", {
      "GET /influencers": [{ delayMs: NEVER, body: [], offSpec: true }],
      "POST /images/generate": [{ delayMs: NEVER, body: {}, offSpec: true }],
      "GET /generations/gen_1/status": [{ delayMs: NEVER, body: {}, offSpec: true }],
    });
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: server.url });
    expect(await rejection(() => call(studio))).toBeInstanceOf(TimeoutError);
  });
});

describe("signals", () => {
  it("an already-aborted signal sends nothing, on every call", async () => {
    const forbidden = forbiddenFetch();
    const studio = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, fetch: forbidden.fetch });
    const signal = AbortSignal.abort(new Error("user left"));
    const handle: StudioJobHandle<"aliveai"> = { provider: "aliveai", id: "p_1", kind: "image" };
    for (const call of [
      () => studio.images.generate({ prompt: "x", signal }),
      () => studio.images.submit({ prompt: "x", signal }),
      () => studio.videos.submit({ prompt: "x", image: "https://example.com/a.png", signal }),
      () => studio.characters.list({ signal }),
      () => studio.jobs.status(handle, { signal }),
      () => studio.jobs.wait(handle, { signal }),
    ]) {
      expect(await rejection(call)).toBeInstanceOf(CanceledError);
    }
    expect(forbidden.count()).toBe(0);
  });

  it("aborting ends an AI Media Studio generation under way", { timeout: 20_000 }, async () => {
    server = await startScriptedServer("ai-media-studio", { "POST /images/generate": [{ delayMs: NEVER, body: {}, offSpec: true }] });
    const studio = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, baseUrl: server.url, maxRetries: 0 });
    const controller = new AbortController();
    const pending = rejection(() => studio.images.generate({ prompt: "a lighthouse", signal: controller.signal }));
    while (server.requestsTo("POST /images/generate").length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(await pending).toBeInstanceOf(CanceledError);
  });
});
