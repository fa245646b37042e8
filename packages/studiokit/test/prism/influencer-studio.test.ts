// Influencer Studio: every cell of the mapping table against its Prism mock (Prism serves the spec's
// examples, so the answers are deterministic; the requests are recorded to check the mapping).
import { describe, expect, it } from "vitest";
import { NotFoundError, UnsupportedCapabilityError, ValidationError, createStudio, type ProviderId } from "../../src/index.js";
import { fakeClock } from "../support/clock.js";
import { TEST_API_KEY, useProviderMock } from "../support/prism.js";
import { forbiddenFetch, recordingFetch } from "../support/recording.js";

const mock = useProviderMock("influencer-studio");

function studio() {
  const recorder = recordingFetch();
  const instance = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: recorder.fetch, clock: fakeClock() });
  return { studio: instance, requests: recorder.requests };
}

describe("Influencer Studio images", () => {
  it("images.generate: POST /images/generate, then polls /generations/{id}/status", async () => {
    const { studio: s, requests } = studio();
    const result = await s.images.generate({
      prompt: "a headshot",
      n: 2,
      aspectRatio: "4:5",
      negativePrompt: "blur",
      referenceImages: ["https://example.com/start.jpg"],
      providerOptions: { "influencer-studio": { model: "studio-1", settings: { num_inference_steps: 30 } } },
    });
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(["POST /images/generate", "GET /generations/clxxxx1234567890/status"]);
    expect(requests[0]!.body).toEqual({
      prompt: "a headshot",
      negative_prompt: "blur",
      batch: 2,
      init_image: "https://example.com/start.jpg",
      settings: { aspect_ratio: "4:5", num_inference_steps: 30 },
      model: "studio-1",
    });
    expect(result.images.map((image) => image.url)).toEqual([
      "https://cdn.influencerstudio.com/generations/img_001.jpg",
      "https://cdn.influencerstudio.com/generations/img_002.jpg",
    ]);
    expect(result.images[0]?.mediaType).toBe("image/jpeg");
    expect(result.warnings).toEqual([]);
    expect(result.job).toMatchObject({ provider: "influencer-studio", id: "clxxxx1234567890", kind: "image", estimatedSeconds: 30 });
  });

  it("with character: the same route with influencer_id, keeping negative prompt and init image", async () => {
    const { studio: s, requests } = studio();
    await s.images.generate({ prompt: "smiling", character: "clxxxx_influencer_001", negativePrompt: "hat" });
    expect(requests[0]).toMatchObject({ path: "/images/generate", body: { prompt: "smiling", negative_prompt: "hat", influencer_id: "clxxxx_influencer_001" } });
  });

  it("with character and a scene input: /influencers/generate, n split into batches of at most 4", async () => {
    const { studio: s, requests } = studio();
    const result = await s.images.generate({
      prompt: "on the beach",
      character: "clxxxx_influencer_001",
      n: 5,
      aspectRatio: "1:1",
      negativePrompt: "hat",
      providerOptions: { "influencer-studio": { outfit_image: "https://example.com/outfit.jpg", camera_style: "smartphone" } },
    });
    const posts = requests.filter((request) => request.method === "POST");
    expect(posts.map((request) => request.path)).toEqual(["/influencers/generate", "/influencers/generate"]);
    expect(posts.map((request) => (request.body as { batch: number }).batch)).toEqual([4, 1]);
    expect(posts[0]!.body).toEqual({
      influencer_id: "clxxxx_influencer_001",
      prompt: "on the beach",
      batch: 4,
      settings: { aspect_ratio: "1:1" },
      outfit_image: "https://example.com/outfit.jpg",
      camera_style: "smartphone",
    });
    expect(result.job.parts).toEqual(["clxxxx1234567890", "clxxxx1234567890"]);
    expect(result.warnings.map((warning) => warning.option)).toEqual(["negativePrompt"]);
  });

  it("a scene input without character is a ValidationError naming character, before any request", async () => {
    const forbidden = forbiddenFetch();
    const s = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: forbidden.fetch });
    const error = await s.images
      .generate({ prompt: "x", providerOptions: { "influencer-studio": { product_image: "https://example.com/p.jpg" } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe("character");
    expect(forbidden.count()).toBe(0);
  });
});

describe("Influencer Studio videos", () => {
  it("videos.submit: POST /videos/generate with settings and a first frame; jobs.status polls", async () => {
    const { studio: s, requests } = studio();
    const job = await s.videos.submit({ prompt: "city walk", aspectRatio: "9:16", durationSeconds: 8, image: "https://example.com/frame.jpg", audio: true });
    expect(requests[0]!.body).toEqual({
      prompt: "city walk",
      settings: { aspect_ratio: "9:16", duration: 8 },
      first_frame_image: "https://example.com/frame.jpg",
    });
    expect(job).toMatchObject({ kind: "video", id: "clxxxx1234567890", estimatedSeconds: 120 });
    expect(job.warnings?.map((warning) => warning.option)).toEqual(["audio"]);
    const status = await s.jobs.status(job);
    expect(status.state).toBe("succeeded");
    expect(requests[1]).toMatchObject({ method: "GET", path: "/generations/clxxxx1234567890/status" });
  });

  it("with character: POST /influencers/video (native audio, no duration)", async () => {
    const { studio: s, requests } = studio();
    const job = await s.videos.submit({
      prompt: "walks toward the camera",
      character: "clxxxx_influencer_001",
      aspectRatio: "16:9",
      durationSeconds: 5,
      providerOptions: { "influencer-studio": { dialog: "Hi!" } },
    });
    expect(requests[0]).toMatchObject({
      path: "/influencers/video",
      body: { influencer_id: "clxxxx_influencer_001", prompt: "walks toward the camera", aspect_ratio: "16:9", dialog: "Hi!" },
    });
    expect(job).toMatchObject({ id: "clxxxx_video_001", estimatedSeconds: 180 });
    expect(job.warnings?.map((warning) => warning.option)).toEqual(["durationSeconds"]);
  });

  it("an aspect ratio outside the route's enum is a ValidationError naming aspectRatio", async () => {
    const forbidden = forbiddenFetch();
    const s = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: forbidden.fetch });
    for (const options of [
      { prompt: "x", aspectRatio: "4:3" as const },
      { prompt: "x", aspectRatio: "1:1" as const, character: "clxxxx_influencer_001" },
    ]) {
      const error = await s.videos.submit(options).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(["aspectRatio"]);
    }
    const duration = await s.videos.submit({ prompt: "x", durationSeconds: 30 }).catch((caught: unknown) => caught);
    expect((duration as ValidationError).issues.map((issue) => issue.path)).toEqual(["durationSeconds"]);
    expect(forbidden.count()).toBe(0);
  });
});

describe("Influencer Studio characters", () => {
  it("characters.list and get: GET /influencers", async () => {
    const { studio: s, requests } = studio();
    const characters = await s.characters.list();
    expect(characters.map((character) => [character.id, character.ready, character.images.length])).toEqual([
      ["clxxxx_influencer_001", true, 2],
      ["clxxxx_influencer_002", false, 0],
    ]);
    expect((await s.characters.get("clxxxx_influencer_002")).name).toBe("Marcus Chen");
    await expect(s.characters.get("nobody")).rejects.toBeInstanceOf(NotFoundError);
    expect(requests.every((request) => request.path === "/influencers")).toBe(true);
  });

  it("characters.create: POST /influencers/create with image_urls; traits are a warning", async () => {
    const { studio: s, requests } = studio();
    const created = await s.characters.create({
      name: "Sofia Martinez",
      images: ["https://example.com/photo1.jpg", "https://example.com/photo2.jpg"],
      traits: { hair: "brown" },
    });
    expect(requests[0]).toMatchObject({
      path: "/influencers/create",
      body: { name: "Sofia Martinez", image_urls: ["https://example.com/photo1.jpg", "https://example.com/photo2.jpg"] },
    });
    expect(created).toMatchObject({ id: "clxxxx_influencer_003", ready: true });
    expect(created.warnings.map((warning) => warning.option)).toEqual(["traits"]);
  });

  it("update and delete are not Influencer Studio's: UnsupportedCapabilityError before any request", async () => {
    const forbidden = forbiddenFetch();
    const provider = "influencer-studio" as ProviderId;
    const s = createStudio({ provider, apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: forbidden.fetch });
    await expect(s.characters.update("x", { name: "y" })).rejects.toBeInstanceOf(UnsupportedCapabilityError);
    await expect(s.characters.delete("x")).rejects.toThrow(/Influencer Studio \(provider "influencer-studio"\) does not support characters.delete/);
    expect(forbidden.count()).toBe(0);
  });
});
