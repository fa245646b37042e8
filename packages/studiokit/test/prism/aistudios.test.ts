// AI Studios: every cell of the mapping table against its Prism mock: avatar videos from a script,
// the avatar list, and export progress polling.
import { describe, expect, it } from "vitest";
import { UnsupportedCapabilityError, ValidationError, createStudio, type ProviderId } from "../../src/index.js";
import { fakeClock } from "../support/clock.js";
import { TEST_API_KEY, useProviderMock } from "../support/prism.js";
import { forbiddenFetch, recordingFetch } from "../support/recording.js";

const mock = useProviderMock("aistudios");

function studio() {
  const recorder = recordingFetch();
  const instance = createStudio({ provider: "aistudios", apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: recorder.fetch, clock: fakeClock() });
  return { studio: instance, requests: recorder.requests };
}

describe("AI Studios videos", () => {
  it("videos.generate: the avatar's first outfit from GET /model, POST /simple/video, then GET /editor/progress/{key}", async () => {
    const { studio: s, requests } = studio();
    const result = await s.videos.generate({
      prompt: "Hello, this is a quick video.",
      character: "M000045058",
      durationSeconds: 10,
      aspectRatio: "9:16",
      image: "https://example.com/a.png",
      audio: false,
    });
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /model",
      "POST /simple/video",
      "GET /editor/progress/6540c3b1c9f5d4a3b2c1e0f9",
    ]);
    expect(requests[1]!.body).toEqual({ language: "en", text: "Hello, this is a quick video.", model: "M000045058", clothes: "BG00002320" });
    expect(requests[1]!.headers.get("authorization")).toBe(TEST_API_KEY);
    expect(result.video).toEqual({ url: "https://cdn.aistudios.com/export/6540c1f9a7d3b2e1f0a9c8d7.mp4", mediaType: "video/mp4" });
    // AI Studios sends no estimate: the kind's typical length (TYPICAL_JOB_SECONDS) paces the wait.
    expect(result.job).toMatchObject({ id: "6540c3b1c9f5d4a3b2c1e0f9", kind: "avatar-video" });
    expect(result.job).not.toHaveProperty("estimatedSeconds");
    expect(result.warnings.map((warning) => warning.option)).toEqual(["image", "durationSeconds", "aspectRatio", "audio"]);
  });

  it("providerOptions name the outfit and language (no avatar lookup then)", async () => {
    const { studio: s, requests } = studio();
    await s.videos.submit({
      prompt: "안녕하세요",
      character: "M000045058",
      providerOptions: { aistudios: { clothes: "BG00002320", language: "ko", resolution: "720" } },
    });
    expect(requests.map((request) => request.path)).toEqual(["/simple/video"]);
    expect(requests[0]!.body).toMatchObject({ language: "ko", clothes: "BG00002320", resolution: "720" });
  });

  it("an unknown avatar, or none, is a ValidationError naming character before anything is spent", async () => {
    const { studio: s, requests } = studio();
    const unknown = await s.videos.submit({ prompt: "Hi", character: "M999" }).catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).issues[0]).toMatchObject({ path: "character", message: expect.stringContaining("M000045058") });
    expect(requests.map((request) => request.method)).toEqual(["GET"]);

    const anyProvider = createStudio({ provider: "aistudios" as ProviderId, apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: forbiddenFetch().fetch });
    const missing = await anyProvider.videos.submit({ prompt: "Hi" }).catch((caught: unknown) => caught);
    expect((missing as ValidationError).issues.map((issue) => issue.path)).toEqual(["character"]);
  });

  it("jobs.status: GET /editor/progress/{key}", async () => {
    const { studio: s, requests } = studio();
    const status = await s.jobs.status({ provider: "aistudios", id: "6540c1f9a7d3b2e1f0a9c8d7", kind: "video" });
    expect(status).toMatchObject({ state: "succeeded", progress: 1, outputs: [{ mediaType: "video/mp4" }] });
    expect(requests[0]!.path).toBe("/editor/progress/6540c1f9a7d3b2e1f0a9c8d7");
  });
});

describe("AI Studios characters (avatars)", () => {
  it("characters.list and get: GET /model, with each avatar's outfits", async () => {
    const { studio: s } = studio();
    expect(await s.characters.list()).toEqual([
      {
        id: "M000045058",
        name: "Sample avatar",
        images: ["https://cdn.aistudios.com/ai/model-introduce/thumbnails/M000045058_BG00002320.png"],
        traits: { clothes: ["BG00002320"] },
        ready: true,
        raw: expect.objectContaining({ id: "M000045058" }),
      },
    ]);
    expect((await s.characters.get("M000045058")).traits).toEqual({ clothes: ["BG00002320"] });
  });

  it("images are not AI Studios': UnsupportedCapabilityError before any request", async () => {
    const forbidden = forbiddenFetch();
    const s = createStudio({ provider: "aistudios" as ProviderId, apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: forbidden.fetch });
    const error = await s.images.generate({ prompt: "x" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsupportedCapabilityError);
    expect((error as Error).message).toContain('AI Studios (provider "aistudios") does not support images.generate');
    expect((error as Error).message).toContain("videos.generate");
    expect(forbidden.count()).toBe(0);
  });
});
