// AliveAI: every cell of the mapping table against its Prism mock. Prism's `GET /prompts/{promptId}`
// example is a finished video prompt, so image jobs are followed with submit + jobs.wait here (the
// image outputs themselves are covered against the scripted server in jobs.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnsupportedCapabilityError, ValidationError, createStudio, type ProviderId } from "../../src/index.js";
import { fakeClock } from "../support/clock.js";
import { TEST_API_KEY, useProviderMock } from "../support/prism.js";
import { forbiddenFetch, recordingFetch } from "../support/recording.js";
import { startScriptedServer, type ScriptedServer } from "../support/scripted-server.js";

const mock = useProviderMock("aliveai");

function studio() {
  const recorder = recordingFetch();
  const instance = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: recorder.fetch, clock: fakeClock() });
  return { studio: instance, requests: recorder.requests };
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("AliveAI images", () => {
  it("images.submit: POST /prompts with the prompt as appearance and explicit content blocked; jobs.wait polls the prompt", async () => {
    const { studio: s, requests } = studio();
    const job = await s.images.submit({ prompt: "a viking shieldmaiden", negativePrompt: "helmet", seed: 42, aspectRatio: "2:3" });
    expect(requests[0]).toMatchObject({ method: "POST", path: "/prompts" });
    expect(requests[0]!.body).toEqual({
      name: "Untitled",
      appearance: "a viking shieldmaiden",
      detailLevel: "MEDIUM",
      negativeDetails: "helmet",
      aspectRatio: "PORTRAIT",
      blockExplicitContent: true,
      seed: "42",
    });
    expect(job).toMatchObject({ provider: "aliveai", id: "kq3Zr8wLx2", kind: "image" });
    expect(job.warnings).toEqual([{ type: "adjusted-option", option: "aspectRatio", message: expect.stringMatching(/2:3 was sent as PORTRAIT/) }]);
    const status = await s.jobs.wait(job);
    expect(status.state).toBe("succeeded");
    expect(requests.at(-1)).toMatchObject({ method: "GET", path: "/prompts/kq3Zr8wLx2" });
  });

  it("providerOptions override the facade's values, including the content-safety default", async () => {
    const { studio: s, requests } = studio();
    await s.images.submit({ prompt: "x", providerOptions: { aliveai: { name: "Marcielle Strongmaid", detailLevel: "HIGH", blockExplicitContent: false } } });
    expect(requests[0]!.body).toMatchObject({ name: "Marcielle Strongmaid", detailLevel: "HIGH", blockExplicitContent: false });
  });

  it("with character: reads the profile's base model, then POST /prompts/character-image", async () => {
    const { studio: s, requests } = studio();
    const job = await s.images.submit({ prompt: "on a rooftop at sunset", character: "Hd8sK2pQ", aspectRatio: "1:1", negativePrompt: "rain" });
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(["GET /profiles?page=0&public=false", "POST /prompts/character-image"]);
    expect(requests[1]!.body).toEqual({
      prompt: "on a rooftop at sunset",
      profileId: "Hd8sK2pQ",
      aspectRatio: "SQUARE",
      highResolution: false,
      characterType: "ZIMAGE",
      improveFace: true,
      improveBreasts: false,
      improveVagina: false,
    });
    expect(job.id).toBe("Ci3mN8vBq1");
    expect(job.warnings?.map((warning) => warning.option)).toEqual(["negativePrompt"]);
  });

  it("reference images are a warning: AliveAI's prompts take none", async () => {
    const { studio: s, requests } = studio();
    const job = await s.images.submit({ prompt: "x", referenceImages: ["https://example.com/a.png"] });
    expect(requests).toHaveLength(1);
    expect(job.warnings?.map((warning) => warning.option)).toEqual(["referenceImages"]);
  });
});

describe("AliveAI videos (image to video)", () => {
  let imageHost: ScriptedServer;
  beforeAll(async () => {
    imageHost = await startScriptedServer("aliveai", { "GET /still.png": [{ bytes: png, headers: { "content-type": "image/png" } }] });
  });
  afterAll(async () => {
    await imageHost.stop();
  });

  it("bytes are uploaded (POST /upload), then POST /prompts/image-to-video; the wait yields the video", async () => {
    const { studio: s, requests } = studio();
    const result = await s.videos.generate({ prompt: "she turns around", image: new Blob([png], { type: "image/png" }), audio: true, durationSeconds: 5 });
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /upload",
      "POST /prompts/image-to-video",
      "GET /prompts/Vt5nB1cXe8",
    ]);
    expect(requests[0]!.contentType).toMatch(/^multipart\/form-data/);
    expect(requests[1]!.body).toEqual({
      mediaId: "Up1oA7dMe3",
      customImage: true,
      text: "she turns around",
      videoLength: "SHORT",
      videoModel: "AUDIO",
    });
    expect(result.video).toEqual({ url: "https://cdn.aliveai.app/media/Qw4rT6yUi0.mp4", mediaType: "video/mp4", id: "Qw4rT6yUi0" });
    expect(result.warnings).toEqual([]);
  });

  it("an image URL is downloaded and uploaded; an AliveAI image (with its media id) is used as is", async () => {
    const { studio: s, requests } = studio();
    await s.videos.submit({ prompt: "wave", image: `${imageHost.url}/still.png`, durationSeconds: 8 });
    // The download goes through the studio's own fetch, like every other request.
    expect(requests.map((request) => request.path)).toEqual(["/still.png", "/upload", "/prompts/image-to-video"]);
    expect(requests[2]!.body).toMatchObject({ mediaId: "Up1oA7dMe3", customImage: true, videoLength: "MEDIUM" });
    const { studio: again, requests: direct } = studio();
    const job = await again.videos.submit({ prompt: "wave", image: { url: "https://files.aliveai.app/media/Jm7pQ2sVn4.png", mediaType: "image/png", id: "Jm7pQ2sVn4" } });
    expect(direct.map((request) => request.path)).toEqual(["/prompts/image-to-video"]);
    expect(direct[0]!.body).toMatchObject({ mediaId: "Jm7pQ2sVn4", videoModel: "DEFAULT" });
    expect(job.id).toBe("Vt5nB1cXe8");
  });

  it("without an image it is a ValidationError naming image, before any request", async () => {
    const forbidden = forbiddenFetch();
    const s = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: forbidden.fetch });
    const error = await s.videos.submit({ prompt: "wave" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(["image"]);
    expect(forbidden.count()).toBe(0);
  });
});

describe("AliveAI characters (profiles)", () => {
  it("characters.list and get: GET /profiles, the account's own", async () => {
    const { studio: s, requests } = studio();
    const characters = await s.characters.list();
    expect(characters).toEqual([
      {
        id: "Hd8sK2pQ",
        name: "Marcielle Strongmaid",
        images: ["https://files.aliveai.app/media/Jm7pQ2sVn4.png"],
        traits: { characterType: "ZIMAGE" },
        ready: true,
        raw: expect.objectContaining({ slug: "marcielle-strongmaid" }),
      },
    ]);
    expect((await s.characters.get("Hd8sK2pQ")).name).toBe("Marcielle Strongmaid");
    expect(requests[0]!.path).toBe("/profiles?page=0&public=false");
  });

  it("create, update and delete are not AliveAI's: UnsupportedCapabilityError before any request", async () => {
    const forbidden = forbiddenFetch();
    const s = createStudio({ provider: "aliveai" as ProviderId, apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: forbidden.fetch });
    await expect(s.characters.create({ images: ["https://example.com/a.png"] })).rejects.toBeInstanceOf(UnsupportedCapabilityError);
    await expect(s.characters.update("x", {})).rejects.toBeInstanceOf(UnsupportedCapabilityError);
    await expect(s.characters.delete("x")).rejects.toBeInstanceOf(UnsupportedCapabilityError);
    await expect(s.videos.submit({ prompt: "x", character: "Hd8sK2pQ", image: "https://example.com/a.png" })).rejects.toThrow(
      /does not support videos with character/,
    );
    expect(forbidden.count()).toBe(0);
  });
});
