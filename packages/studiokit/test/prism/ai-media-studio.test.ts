// AI Media Studio: every cell of the mapping table against its Prism mock. Generation is synchronous,
// so there is no job channel: the handle carries the outcome. Prism's `Prefer: example=…` header picks
// the spec's partial-failure and all-failed examples.
import { describe, expect, it } from "vitest";
import { JobFailedError, UnsupportedCapabilityError, ValidationError, createStudio, type ProviderId } from "../../src/index.js";
import { TEST_API_KEY, useProviderMock } from "../support/prism.js";
import { forbiddenFetch, recordingFetch } from "../support/recording.js";

const mock = useProviderMock("ai-media-studio");

function studio(headers?: Record<string, string>) {
  const recorder = recordingFetch();
  const instance = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: recorder.fetch, headers });
  return { studio: instance, requests: recorder.requests };
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("AI Media Studio images (synchronous)", () => {
  it("images.generate: one POST /images/generate, with the safer safety_tolerance", async () => {
    const { studio: s, requests } = studio();
    const result = await s.images.generate({ prompt: "a sunset", n: 2, aspectRatio: "16:9", seed: 42, negativePrompt: "people" });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: "POST",
      path: "/images/generate",
      body: { prompt: "a sunset", n: 2, aspect_ratio: "16:9", seed: 42, safety_tolerance: "1" },
    });
    expect(result.images).toEqual([
      {
        url: "https://cdn.ai-media-studio.com/workspaces/3f1c9a52-7d8e-4b1a-9c3e-2a6f0d4e8b71/image.png",
        mediaType: "image/png",
        id: "550e8400-e29b-41d4-a716-446655440000",
      },
    ]);
    expect(result.warnings).toEqual([{ type: "unsupported-option", option: "negativePrompt", message: expect.stringMatching(/no negative prompt/) }]);
    expect(result.job.settled?.state).toBe("succeeded");
  });

  it("the caller opts out of the safety default through providerOptions", async () => {
    const { studio: s, requests } = studio();
    await s.images.generate({ prompt: "a sunset", providerOptions: { "ai-media-studio": { safety_tolerance: "6", model: "fal-ai/nano-banana-2" } } });
    expect(requests[0]!.body).toMatchObject({ safety_tolerance: "6", model: "fal-ai/nano-banana-2" });
  });

  it("reference images: bytes are uploaded first (POST /uploads), URLs pass through as image_urls", async () => {
    const { studio: s, requests } = studio();
    await s.images.generate({ prompt: "add a rainbow", referenceImages: [new Blob([png], { type: "image/png" }), "https://cdn.example/other.png"] });
    expect(requests.map((request) => request.path)).toEqual(["/uploads", "/images/generate"]);
    expect(requests[0]!.contentType).toMatch(/^multipart\/form-data/);
    expect(requests[1]!.body).toMatchObject({
      image_urls: ["https://cdn.ai-media-studio.com/workspaces/3f1c9a52-7d8e-4b1a-9c3e-2a6f0d4e8b71/uploads/source.png", "https://cdn.example/other.png"],
    });
  });

  it("partial failure (the spec's partialFailure example): completed images plus a warning per failed one", async () => {
    const { studio: s } = studio({ Prefer: "example=partialFailure" });
    const result = await s.images.generate({ prompt: "a sunset", n: 3 });
    expect(result.images).toHaveLength(2);
    expect(result.warnings).toEqual([
      { type: "partial-failure", message: "image 7b2e3d4c-5f6a-4b70-9c82-a3b4c5d6e7f8 failed: The model provider rejected the request (20 credits refunded)" },
    ]);
  });

  it("all failed (the spec's allFailed example): JobFailedError with the provider's reason", async () => {
    const { studio: s } = studio({ Prefer: "example=allFailed" });
    const error = await s.images.generate({ prompt: "a sunset" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).reason).toBe("Generation timed out at the model provider");
  });

  it("an aspect ratio AI Media Studio does not offer is a ValidationError naming aspectRatio, before any request", async () => {
    const forbidden = forbiddenFetch();
    const s = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: forbidden.fetch });
    const error = await s.images.generate({ prompt: "x", aspectRatio: "7:3" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ local: true, issues: [{ path: "aspectRatio", message: expect.stringContaining('"16:9"') }] });
    expect(forbidden.count()).toBe(0);
  });
});

describe("AI Media Studio videos (synchronous)", () => {
  it("videos.generate: POST /videos/generate; the snapped duration is reported", async () => {
    const { studio: s, requests } = studio();
    const result = await s.videos.generate({ prompt: "drone shot", durationSeconds: 6, aspectRatio: "16:9", audio: false });
    expect(requests[0]!.body).toEqual({ prompt: "drone shot", duration: 6, aspect_ratio: "16:9", audio: false, safety_tolerance: "1" });
    expect(result.video).toEqual({ url: "https://v3.fal.media/files/example/output.mp4", mediaType: "video/mp4", id: "550e8400-e29b-41d4-a716-446655440000" });
    expect(result.warnings).toEqual([{ type: "adjusted-option", option: "durationSeconds", message: expect.stringMatching(/made 4 s/) }]);
  });

  it("an image given as bytes is uploaded and sent as image_url", async () => {
    const { studio: s, requests } = studio();
    await s.videos.submit({ prompt: "reveal", image: png });
    expect(requests.map((request) => request.path)).toEqual(["/uploads", "/videos/generate"]);
    expect(requests[1]!.body).toMatchObject({
      image_url: "https://cdn.ai-media-studio.com/workspaces/3f1c9a52-7d8e-4b1a-9c3e-2a6f0d4e8b71/uploads/source.png",
    });
  });

  it("jobs.status and jobs.wait on its handle send nothing", async () => {
    const { studio: s, requests } = studio();
    const job = await s.videos.submit({ prompt: "drone shot" });
    const sent = requests.length;
    expect((await s.jobs.wait(job)).outputs).toHaveLength(1);
    expect((await s.jobs.status(job)).state).toBe("succeeded");
    expect(requests).toHaveLength(sent);
  });
});

describe("AI Media Studio has no characters", () => {
  it("characters and character options are UnsupportedCapabilityError before any request", async () => {
    const forbidden = forbiddenFetch();
    const provider = "ai-media-studio" as ProviderId;
    const s = createStudio({ provider, apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: forbidden.fetch });
    await expect(s.characters.list()).rejects.toBeInstanceOf(UnsupportedCapabilityError);
    await expect(s.images.generate({ prompt: "x", character: "someone" })).rejects.toThrow(/does not support images with character/);
    await expect(s.videos.generate({ prompt: "x", character: "someone" })).rejects.toBeInstanceOf(UnsupportedCapabilityError);
    expect(forbidden.count()).toBe(0);
  });
});
