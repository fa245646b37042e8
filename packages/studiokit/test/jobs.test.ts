// Job waiting for every provider that has jobs, against a scripted local server that moves a job
// through its states request by request. The clock is fake: waits take no real time and the test
// asserts the schedule itself (seeded by the provider's estimate), never how long anything took.
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, TYPICAL_JOB_SECONDS } from "@studiokit/runtime";
import { JobFailedError, createStudio, type StudioJobStatus } from "../src/index.js";
import { createAliveAIAdapter } from "../src/adapters/aliveai.js";
import { buildStudio, pollingWaitChannel, type WaitChannel } from "../src/studio.js";
import { fakeClock } from "./support/clock.js";
import { TEST_API_KEY } from "./support/prism.js";
import { startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const states = (seen: StudioJobStatus[]) => seen.map((status) => status.state);

describe("Influencer Studio: polling /generations/{id}/status", () => {
  const accepted = { generation_id: "gen_1", status: "queued", images: [], estimated_time: 20, credits_used: 48 };
  const statusBody = (status: string, completed: number, failed: number, urls: (string | null)[]) => ({
    generation_id: "gen_1",
    status,
    result_urls: urls.filter((url): url is string => url !== null),
    credits_used: 48,
    total_items: 2,
    completed_items: completed,
    failed_items: failed,
    items: urls.map((url, index) => ({
      id: `item_${index}`,
      type: "image",
      status: url ? "COMPLETED" : failed > index ? "FAILED" : "PENDING",
      url,
      created_at: "2026-02-03T10:00:00.000Z",
      updated_at: "2026-02-03T10:00:30.000Z",
    })),
  });

  it("moves queued → running → succeeded, seeded by estimated_time, and maps items to outputs", async () => {
    server = await startScriptedServer("influencer-studio", {
      "POST /images/generate": [{ body: accepted }],
      "GET /generations/gen_1/status": [
        { body: statusBody("queued", 0, 0, [null, null]) },
        { body: statusBody("processing", 1, 0, ["https://cdn.example/a.jpg", null]) },
        { body: statusBody("completed", 2, 0, ["https://cdn.example/a.jpg", "https://cdn.example/b.png"]) },
      ],
    });
    const clock = fakeClock();
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: server.url, clock });
    const seen: StudioJobStatus<"influencer-studio">[] = [];
    const result = await studio.images.generate({ prompt: "a lighthouse", n: 2, onProgress: (status) => seen.push(status) });

    expect(states(seen)).toEqual(["queued", "running", "succeeded"]);
    expect(seen.map((status) => status.progress)).toEqual([0, 0.5, 1]);
    // The schedule is seeded by the 20 s estimate: the runtime's nextPollDelay decides the gaps.
    expect(clock.sleeps[0]).toBe(nextPollDelay(0, 20_000, DEFAULT_POLL_SCHEDULE));
    expect(clock.sleeps[1]).toBe(nextPollDelay(clock.sleeps[0]!, 20_000, DEFAULT_POLL_SCHEDULE));
    expect(result.images).toEqual([
      { url: "https://cdn.example/a.jpg", mediaType: "image/jpeg", id: "item_0" },
      { url: "https://cdn.example/b.png", mediaType: "image/png", id: "item_1" },
    ]);
    expect(result.job).toMatchObject({ provider: "influencer-studio", id: "gen_1", kind: "image", estimatedSeconds: 20 });
    expect(server.requestsTo("GET /generations/gen_1/status")).toHaveLength(3);
  });

  it("a failed generation ends in JobFailedError with the provider's counts", async () => {
    server = await startScriptedServer("influencer-studio", {
      "POST /images/generate": [{ body: accepted }],
      "GET /generations/gen_1/status": [{ body: statusBody("processing", 0, 0, [null, null]) }, { body: statusBody("failed", 0, 2, [null, null]) }],
    });
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: server.url, clock: fakeClock() });
    const error = await studio.images.generate({ prompt: "a lighthouse", n: 2 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({ provider: "influencer-studio", jobId: "gen_1", reason: "2 of 2 items failed" });
  });

  it("a generation that completed with some failed items returns the rest and a partial-failure warning", async () => {
    server = await startScriptedServer("influencer-studio", {
      "POST /images/generate": [{ body: accepted }],
      "GET /generations/gen_1/status": [{ body: statusBody("completed", 1, 1, ["https://cdn.example/a.jpg", null]) }],
    });
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: server.url, clock: fakeClock() });
    const result = await studio.images.generate({ prompt: "a lighthouse", n: 2 });
    expect(result.images).toHaveLength(1);
    expect(result.warnings).toEqual([{ type: "partial-failure", message: "1 of 2 items failed; the others are returned" }]);
  });

  it("jobs.wait honours its timeout exactly, on the fake clock", async () => {
    server = await startScriptedServer("influencer-studio", {
      "POST /videos/generate": [{ body: { generation_id: "gen_1", status: "queued", estimated_time: 120, credits_used: 50, videos: ["https://cdn.example/gen_1.mp4"] } }],
      "GET /generations/gen_1/status": [{ body: statusBody("processing", 0, 0, [null, null]) }],
    });
    const clock = fakeClock();
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: server.url, clock });
    const job = await studio.videos.submit({ prompt: "waves" });
    const started = clock.now();
    const error = await studio.jobs.wait(job, { timeoutMs: 600_000 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "timeout", provider: "influencer-studio" });
    expect(clock.now() - started).toBe(600_000);
  });
});

describe("AliveAI: a prompt is done when it lists medias", () => {
  const media = { id: "m_1", mediaUrl: "https://files.aliveai.app/media/m_1.png", mediaType: "IMAGE" };
  const prompt = (id: string, medias: unknown[]) => ({ promptId: id, medias });

  it("moves queued → running → succeeded, reading queue position and progress from /prompts/pending", async () => {
    server = await startScriptedServer("aliveai", {
      "POST /prompts": [{ body: { promptId: "p_1", seed: "7" } }],
      "GET /prompts/p_1": [{ body: prompt("p_1", []) }, { body: prompt("p_1", []) }, { body: prompt("p_1", [media]) }],
      "GET /prompts/pending": [
        { body: { queue: [{ promptId: "p_1", queuePosition: 3, video: false, progress: 0 }] } },
        { body: { queue: [{ promptId: "p_1", queuePosition: 0, video: false, progress: 60 }] } },
      ],
    });
    const studio = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, baseUrl: server.url, clock: fakeClock() });
    const seen: StudioJobStatus<"aliveai">[] = [];
    const result = await studio.images.generate({ prompt: "a viking", onProgress: (status) => seen.push(status) });
    expect(states(seen)).toEqual(["queued", "running", "succeeded"]);
    expect(seen.map((status) => [status.progress, status.queuePosition])).toEqual([
      [0, 3],
      [0.6, 0],
      [1, undefined],
    ]);
    expect(result.images).toEqual([{ url: media.mediaUrl, mediaType: "image/png", id: "m_1" }]);
  });

  it("a prompt that leaves the queue without medias (failed, or removed from the queue) fails the wait with JobFailedError", async () => {
    server = await startScriptedServer("aliveai", {
      "POST /prompts": [{ body: { promptId: "p_1", seed: "7" } }],
      "GET /prompts/p_1": [{ body: prompt("p_1", []) }],
      "GET /prompts/pending": [{ body: { queue: [{ promptId: "p_1", queuePosition: 1, progress: 0 }] } }, { body: { queue: [] } }],
    });
    const studio = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, baseUrl: server.url, clock: fakeClock() });
    const error = await studio.images.generate({ prompt: "a viking", timeoutMs: 600_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).reason).toMatch(/left AliveAI's queue without medias/);
  });

  it("n: 2 is two prompts in one handle; the wait follows both and merges their outputs", async () => {
    const second = { ...media, id: "m_2", mediaUrl: "https://files.aliveai.app/media/m_2.png" };
    server = await startScriptedServer("aliveai", {
      "POST /prompts": [{ body: { promptId: "p_1", seed: "7" } }, { body: { promptId: "p_2", seed: "8" } }],
      "GET /prompts/p_1": [{ body: prompt("p_1", []) }, { body: prompt("p_1", [media]) }],
      "GET /prompts/p_2": [{ body: prompt("p_2", []) }, { body: prompt("p_2", []) }, { body: prompt("p_2", [second]) }],
      "GET /prompts/pending": [{ body: { queue: [] } }],
    });
    const studio = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, baseUrl: server.url, clock: fakeClock() });
    const seen: StudioJobStatus<"aliveai">[] = [];
    const result = await studio.images.generate({ prompt: "a viking", n: 2, seed: 7, onProgress: (status) => seen.push(status) });
    expect(result.job).toMatchObject({ id: "p_1", parts: ["p_1", "p_2"] });
    expect(result.images.map((image) => image.id)).toEqual(["m_1", "m_2"]);
    expect(seen.at(-1)?.state).toBe("succeeded");
    expect(seen.some((status) => status.state === "running")).toBe(true);
    // One seed per prompt, so that the two images differ.
    expect(server.requestsTo("POST /prompts").map((request) => JSON.parse(request.body).seed)).toEqual(["7", "8"]);
  });

  it("waits through the adapter's waitChannel seam (where the websocket channel plugs in)", async () => {
    server = await startScriptedServer("aliveai", {
      "POST /prompts": [{ body: { promptId: "p_1", seed: "7" } }],
      "GET /prompts/p_1": [{ body: prompt("p_1", [media]) }],
    });
    const used: string[] = [];
    const channel: WaitChannel = {
      wait: (input) => {
        used.push(input.handle.id);
        return pollingWaitChannel.wait(input);
      },
    };
    const clock = fakeClock();
    const studio = buildStudio(createAliveAIAdapter({ provider: "aliveai", apiKey: TEST_API_KEY, baseUrl: server.url, clock }, { waitChannel: channel }), {
      clock,
    });
    const result = await studio.images.generate({ prompt: "a viking" });
    expect(used).toEqual(["p_1"]);
    expect(result.images).toHaveLength(1);
  });
});

describe("AI Studios: polling /editor/progress/{key}", () => {
  const avatars = {
    success: true,
    data: { models: [{ id: "M1", label: { en: "Anna" }, thumbnail: "https://cdn.example/m1.png", clothes: [{ id: "C1", label: "Suit", thumbnail: "https://cdn.example/c1.png" }] }] },
  };

  it("moves queued → running → succeeded, the first look seeded by the avatar video's typical length", async () => {
    server = await startScriptedServer("aistudios", {
      "GET /model": [{ body: avatars }],
      "POST /simple/video": [{ body: { success: true, data: { projectId: "proj_1" } } }],
      "GET /editor/progress/proj_1": [
        { body: { success: true, data: { progress: 0 } } },
        { body: { success: true, data: { progress: 40 } } },
        { body: { success: true, data: { progress: 100, downloadUrl: "https://cdn.example/proj_1.mp4" } } },
      ],
    });
    const clock = fakeClock();
    const studio = createStudio({ provider: "aistudios", apiKey: TEST_API_KEY, baseUrl: server.url, clock });
    const seen: StudioJobStatus<"aistudios">[] = [];
    const result = await studio.videos.generate({ prompt: "Hello!", character: "M1", onProgress: (status) => seen.push(status) });
    expect(states(seen)).toEqual(["queued", "running", "succeeded"]);
    expect(seen.map((status) => status.progress)).toEqual([0, 0.4, 1]);
    // AI Studios sends no estimate: the handle says what it is, and the schedule follows that
    // kind's typical length (from the published "1 to 10 minutes"), not a made-up figure.
    expect(result.job.kind).toBe("avatar-video");
    expect(result.job).not.toHaveProperty("estimatedSeconds");
    expect(clock.sleeps[0]).toBe(nextPollDelay(0, TYPICAL_JOB_SECONDS["avatar-video"]! * 1000, DEFAULT_POLL_SCHEDULE, true));
    expect(result.video).toEqual({ url: "https://cdn.example/proj_1.mp4", mediaType: "video/mp4" });
    // The avatar's first outfit and English were sent, since the caller named neither.
    expect(JSON.parse(server.requestsTo("POST /simple/video")[0]!.body)).toEqual({ language: "en", text: "Hello!", model: "M1", clothes: "C1" });
  });

  it("an avatar-video handle that went through JSON is waited for like the one submit gave", async () => {
    server = await startScriptedServer("aistudios", {
      "POST /simple/video": [{ body: { success: true, data: { projectId: "proj_2" } } }],
      "GET /editor/progress/proj_2": [{ body: { success: true, data: { progress: 100, downloadUrl: "https://cdn.example/proj_2.mp4" } } }],
    });
    const studio = createStudio({ provider: "aistudios", apiKey: TEST_API_KEY, baseUrl: server.url, clock: fakeClock() });
    const job = await studio.videos.submit({ prompt: "Hello!", character: "M1", providerOptions: { aistudios: { clothes: "C1" } } });
    const stored = JSON.parse(JSON.stringify(job));
    expect(stored.kind).toBe("avatar-video");
    expect((await studio.jobs.wait(stored)).outputs[0]?.url).toBe("https://cdn.example/proj_2.mp4");
  });

  it("a project that disappears fails the wait with JobFailedError", async () => {
    server = await startScriptedServer("aistudios", {
      "POST /simple/video": [{ body: { success: true, data: { projectId: "proj_1" } } }],
      "GET /editor/progress/proj_1": [{ body: { success: true, data: { progress: 10 } } }, { status: 404, body: { success: false } }],
    });
    const studio = createStudio({ provider: "aistudios", apiKey: TEST_API_KEY, baseUrl: server.url, clock: fakeClock() });
    const error = await studio.videos
      .generate({ prompt: "Hello!", character: "M1", providerOptions: { aistudios: { clothes: "C1" } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({ jobId: "proj_1", reason: "the project no longer exists" });
  });
});

describe("AI Media Studio: synchronous, the handle carries the outcome", () => {
  const completed = (id: string) => ({ id, url: `https://cdn.example/${id}.png`, status: "completed" });

  it("submit makes the images; status and wait need no further request", async () => {
    server = await startScriptedServer("ai-media-studio", {
      "POST /images/generate": [{ body: { success: true, images: [completed("i1"), completed("i2")], credits_used: 40, credits_remaining: 960 } }],
    });
    const studio = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, baseUrl: server.url, clock: fakeClock() });
    const job = await studio.images.submit({ prompt: "a sunset", n: 2 });
    expect(server.requests).toHaveLength(1);
    const seen: StudioJobStatus<"ai-media-studio">[] = [];
    const status = await studio.jobs.wait(job, { onProgress: (update) => seen.push(update) });
    expect(states(seen)).toEqual(["succeeded"]);
    expect(status.outputs.map((output) => output.id)).toEqual(["i1", "i2"]);
    expect((await studio.jobs.status(job)).state).toBe("succeeded");
    expect(server.requests).toHaveLength(1);
  });

  it("some images failed: the rest are returned, each failure is a warning", async () => {
    server = await startScriptedServer("ai-media-studio", {
      "POST /images/generate": [
        {
          body: {
            success: true,
            images: [completed("i1"), { id: "i2", url: null, status: "failed", error: "The model provider rejected the request", credits_refunded: 20 }],
            credits_used: 20,
            credits_remaining: 960,
          },
        },
      ],
    });
    const studio = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, baseUrl: server.url });
    const result = await studio.images.generate({ prompt: "a sunset", n: 2 });
    expect(result.images.map((image) => image.id)).toEqual(["i1"]);
    expect(result.warnings).toEqual([
      { type: "partial-failure", message: "image i2 failed: The model provider rejected the request (20 credits refunded)" },
    ]);
  });

  it("every image failed: generate throws JobFailedError with the provider's reason", async () => {
    server = await startScriptedServer("ai-media-studio", {
      "POST /images/generate": [
        {
          body: {
            success: false,
            images: [{ id: "i1", url: null, status: "failed", error: "Generation timed out at the model provider", credits_refunded: 20 }],
            credits_used: 0,
            credits_remaining: 1000,
          },
        },
      ],
    });
    const studio = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, baseUrl: server.url });
    const error = await studio.images.generate({ prompt: "a sunset" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({ provider: "ai-media-studio", reason: "Generation timed out at the model provider" });
    // submit still answers with a handle: the failure is the job's, not the request's.
    const job = await studio.images.submit({ prompt: "a sunset" });
    expect((await studio.jobs.status(job)).state).toBe("failed");
  });

  it("a provider reason that echoes the key is scrubbed from the error and the handle", async () => {
    server = await startScriptedServer("ai-media-studio", {
      "POST /images/generate": [
        {
          body: {
            success: false,
            images: [{ id: "i1", url: null, status: "failed", error: `Key ${TEST_API_KEY} is over its quota` }],
            credits_used: 0,
            credits_remaining: 0,
          },
        },
      ],
    });
    const studio = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, baseUrl: server.url });
    const job = await studio.images.submit({ prompt: "a sunset" });
    expect(JSON.stringify(job)).not.toContain(TEST_API_KEY);
    const error = await studio.jobs.wait(job).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).reason).toBe("Key [redacted] is over its quota");
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(TEST_API_KEY);
  });

  it("n above 8 is split into requests of at most 8, merged into one result", async () => {
    const eight = Array.from({ length: 8 }, (_, index) => completed(`a${index}`));
    server = await startScriptedServer("ai-media-studio", {
      "POST /images/generate": [
        { body: { success: true, images: eight, credits_used: 160, credits_remaining: 800 } },
        { body: { success: true, images: [completed("b0"), completed("b1")], credits_used: 40, credits_remaining: 760 } },
      ],
    });
    const studio = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, baseUrl: server.url });
    const result = await studio.images.generate({ prompt: "a sunset", n: 10, seed: 5 });
    expect(result.images).toHaveLength(10);
    expect(server.requests.map((request) => JSON.parse(request.body)).map(({ n, seed }) => ({ n, seed }))).toEqual([
      { n: 8, seed: 5 },
      { n: 2, seed: 6 },
    ]);
  });
});
