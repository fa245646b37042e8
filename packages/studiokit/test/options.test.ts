// The common options: checked before any request (a ValidationError names the common option), and
// what a provider cannot honour reported as a warning, never silently dropped.
import { describe, expect, it } from "vitest";
import { ValidationError, createStudio, type ImageOptions, type ProviderId } from "../src/index.js";
import { TEST_API_KEY } from "./support/prism.js";
import { forbiddenFetch, recordingFetch } from "./support/recording.js";

/** A fake provider that answers every request with 500, so a call stops right after its first request. */
function capturing(provider: ProviderId) {
  const recorder = recordingFetch(() => new Response(JSON.stringify({ error: "stop here" }), { status: 500, headers: { "content-type": "application/json" } }));
  const studio = createStudio({ provider, apiKey: TEST_API_KEY, baseUrl: "http://127.0.0.1:9", fetch: recorder.fetch, maxRetries: 0 });
  return { studio, requests: recorder.requests };
}

describe("invalid common options are a ValidationError naming the option, before any request", () => {
  const cases: [string, ImageOptions][] = [
    ["prompt", { prompt: "  " }],
    ["n", { prompt: "x", n: 0 }],
    ["n", { prompt: "x", n: 1.5 }],
    ["seed", { prompt: "x", seed: -1 }],
    ["aspectRatio", { prompt: "x", aspectRatio: "wide" as never }],
    ["referenceImages[1]", { prompt: "x", referenceImages: ["https://example.com/a.png", "not a url"] }],
    ["character", { prompt: "x", character: "" }],
    ["providerOptions", { prompt: "x", providerOptions: "fast" as never }],
  ];
  for (const provider of ["influencer-studio", "ai-media-studio", "aliveai"] as const) {
    it.each(cases)(`${provider}: %s`, async (option, options) => {
      const forbidden = forbiddenFetch();
      const studio = createStudio({ provider: provider as ProviderId, apiKey: TEST_API_KEY, fetch: forbidden.fetch });
      const error = await studio.images.generate(options).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ local: true, provider, issues: [{ path: option }] });
      expect(forbidden.count()).toBe(0);
    });
  }

  it("video options too: durationSeconds, audio, image", async () => {
    const forbidden = forbiddenFetch();
    const studio = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, fetch: forbidden.fetch });
    for (const [option, options] of [
      ["durationSeconds", { prompt: "x", durationSeconds: -2 }],
      ["audio", { prompt: "x", audio: "yes" as never }],
      ["image", { prompt: "x", image: 42 as never }],
    ] as const) {
      const error = await studio.videos.generate(options).catch((caught: unknown) => caught);
      expect((error as ValidationError).issues?.map((issue) => issue.path)).toEqual([option]);
    }
    expect(forbidden.count()).toBe(0);
  });

  it("bytes where the provider has no upload are a ValidationError naming the option", async () => {
    const forbidden = forbiddenFetch();
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, fetch: forbidden.fetch });
    const error = await studio.images.generate({ prompt: "x", referenceImages: [new Blob(["png"])] }).catch((caught: unknown) => caught);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(["referenceImages[0]"]);
    const video = await studio.videos.submit({ prompt: "x", image: new Uint8Array([1]) }).catch((caught: unknown) => caught);
    expect((video as ValidationError).issues.map((issue) => issue.path)).toEqual(["image"]);
    expect(forbidden.count()).toBe(0);
  });

  it("a prompt longer than AliveAI takes names prompt", async () => {
    const forbidden = forbiddenFetch();
    const studio = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, fetch: forbidden.fetch });
    const error = await studio.images.submit({ prompt: "x".repeat(1501) }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ issues: [{ path: "prompt", message: expect.stringContaining("at most 1500") }] });
  });
});

describe("what a provider cannot honour is a warning, and is not sent", () => {
  it("Influencer Studio: seed", async () => {
    const { studio, requests } = capturing("influencer-studio");
    await studio.images.generate({ prompt: "x", seed: 7 }).catch(() => undefined);
    expect(requests[0]!.body).not.toHaveProperty("seed");
    const job = await capturingSubmit("influencer-studio", { prompt: "x", seed: 7 });
    expect(job).toEqual([{ type: "unsupported-option", option: "seed", message: "Influencer Studio takes no seed; it was not sent" }]);
  });

  it("AliveAI: n is made with several prompts; 16:9 is sent as LANDSCAPE with a warning; 1:1 as SQUARE without", async () => {
    const warnings = await capturingSubmit("aliveai", { prompt: "x", aspectRatio: "16:9" });
    expect(warnings).toEqual([
      { type: "adjusted-option", option: "aspectRatio", message: "AliveAI offers only square, portrait and landscape; 16:9 was sent as LANDSCAPE" },
    ]);
    expect(await capturingSubmit("aliveai", { prompt: "x", aspectRatio: "1:1" })).toEqual([]);
  });
});

/** Submits against a stub that accepts the request, and returns the warnings in the handle. */
async function capturingSubmit(provider: "influencer-studio" | "aliveai", options: ImageOptions) {
  const answers: Record<string, unknown> = {
    "influencer-studio": { generation_id: "g", status: "queued", estimated_time: 30, credits_used: 1, images: ["https://cdn.example.com/g_0.png"] },
    aliveai: { promptId: "p", seed: "1" },
  };
  const studio = createStudio({
    provider: provider as ProviderId,
    apiKey: TEST_API_KEY,
    baseUrl: "http://127.0.0.1:9",
    fetch: async () => new Response(JSON.stringify(answers[provider]), { headers: { "content-type": "application/json" } }),
  });
  const job = await studio.images.submit(options);
  return job.warnings ?? [];
}
