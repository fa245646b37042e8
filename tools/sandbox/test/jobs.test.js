// Jobs move on the sandbox clock: queued → running (with progress) → succeeded, with outputs that are
// real files of the right media type; synchronous providers answer when the job has ended.
import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, sandbox } from "./support.js";

let box;
beforeAll(async () => {
  box = await sandbox({ providers: ["influencer-studio", "ai-media-studio", "aistudios", "aliveai"], jobSeconds: 10 });
});
afterAll(() => box.stop());

const statusOf = (id) => box.call("influencer-studio", "GET", `/generations/${id}/status`).then((answer) => answer.json);

describe("jobs", () => {
  it("gives every job a new id and moves it queued → processing → completed on the clock", async () => {
    const first = await box.call("influencer-studio", "POST", "/images/generate", { body: { prompt: "a", batch: 2 } });
    const second = await box.call("influencer-studio", "POST", "/images/generate", { body: { prompt: "b" } });
    expect(first.status).toBe(200);
    expect(first.json.generation_id).not.toBe(second.json.generation_id);
    const id = first.json.generation_id;

    expect(await statusOf(id)).toMatchObject({ status: "queued", completed_items: 0, total_items: 2, result_urls: [] });
    await box.advance(2.5);
    const running = await statusOf(id);
    expect(running.status).toBe("processing");
    expect(running.result_urls).toEqual([]);
    await box.advance(5); // 75% through: the first of two items is done
    const halfway = await statusOf(id);
    expect(halfway).toMatchObject({ status: "processing", completed_items: 1 });
    expect(halfway.items.map((item) => item.status)).toEqual(["COMPLETED", "PROCESSING"]);
    await box.advance(5);
    const done = await statusOf(id);
    expect(done).toMatchObject({ status: "completed", completed_items: 2, failed_items: 0 });
    expect(done.result_urls).toHaveLength(2);
    expect(done.items.every((item) => item.type === "image" && item.url)).toBe(true);
  });

  it("serves an image job's outputs as PNG files that decode", async () => {
    const { json } = await box.call("influencer-studio", "POST", "/images/generate", { body: { prompt: "png" } });
    await box.advance(20);
    const [url] = (await statusOf(json.generation_id)).result_urls;
    const file = await fetch(url);
    expect(file.headers.get("content-type")).toBe("image/png");
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    const idatLength = bytes.readUInt32BE(33);
    expect(bytes.subarray(37, 41).toString("ascii")).toBe("IDAT");
    const pixels = inflateSync(bytes.subarray(41, 41 + idatLength));
    expect(pixels.length).toBe(height * (1 + width * 3));
  });

  it("makes videos for video jobs: an MP4 with a video track", async () => {
    const { json } = await box.call("influencer-studio", "POST", "/videos/generate", { body: { prompt: "mp4" } });
    await box.advance(20);
    const status = await statusOf(json.generation_id);
    expect(status.items[0].type).toBe("video");
    const file = await fetch(status.result_urls[0]);
    expect(file.headers.get("content-type")).toBe("video/mp4");
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(4, 8).toString("ascii")).toBe("ftyp");
    const text = bytes.toString("latin1");
    for (const box of ["moov", "trak", "avc1", "avcC", "stsz", "mdat"]) expect(text).toContain(box);
  });

  it("reports AI Studios export progress in percent, then the download URL", async () => {
    const made = await box.call("aistudios", "POST", "/simple/video", { body: { language: "en", text: "Hi", model: "M000045058", clothes: "BG00002320" } });
    const key = made.json.data.projectId;
    await box.advance(6); // queued for 2 s of 10, then 4 of 8 running: 50%
    const halfway = await box.call("aistudios", "GET", `/editor/progress/${key}`);
    expect(halfway.json).toEqual({ success: true, data: { progress: 50 } });
    await box.advance(5);
    const done = await box.call("aistudios", "GET", `/editor/progress/${key}`);
    expect(done.json.data.progress).toBe(100);
    expect(done.json.data.downloadUrl).toMatch(/\.mp4$/);
  });

  it("answers AI Media Studio's synchronous generation only when the job has ended on the clock", async () => {
    let answered = false;
    const pending = box.call("ai-media-studio", "POST", "/images/generate", { body: { prompt: "sync", n: 2 } }).then((answer) => {
      answered = true;
      return answer;
    });
    await eventually(async () => (await box.control("ai-media-studio", "GET", "/jobs")).json.length > 0, { what: "the job" });
    expect(answered).toBe(false);
    await box.advance(10);
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.json.success).toBe(true);
    expect(answer.json.images.map((image) => image.status)).toEqual(["completed", "completed"]);
    expect(answer.json.credits_used).toBe(40);
  });

  it("shows an AliveAI prompt in the pending queue while it runs, and its medias once done", async () => {
    const made = await box.call("aliveai", "POST", "/prompts", { body: { name: "A", appearance: "b", detailLevel: "MEDIUM" } });
    const id = made.json.promptId;
    expect(made.json.promptContainer.medias).toEqual([]);
    await box.advance(6);
    const pending = (await box.call("aliveai", "GET", "/prompts/pending")).json.queue.find((entry) => entry.promptId === id);
    expect(pending).toMatchObject({ queuePosition: 0, progress: 50, video: false });
    expect((await box.call("aliveai", "GET", `/prompts/${id}`)).json.medias).toEqual([]);
    await box.advance(5);
    const prompt = (await box.call("aliveai", "GET", `/prompts/${id}`)).json;
    expect(prompt.medias).toHaveLength(1);
    expect(prompt.medias[0]).toMatchObject({ mediaType: "IMAGE" });
    const listed = (await box.call("aliveai", "GET", "/prompts?page=0")).json;
    expect(listed.prompts.map((entry) => entry.promptId)).toContain(id);
  });

  it("answers an AliveAI prompt sent with x-aliveai-request-blocking: true once it is done, medias included", async () => {
    const before = (await box.control("aliveai", "GET", "/jobs")).json.length;
    const pending = box.call("aliveai", "POST", "/prompts", { body: { name: "A", appearance: "b", detailLevel: "MEDIUM" }, headers: { "x-aliveai-request-blocking": "true" } });
    await eventually(async () => (await box.control("aliveai", "GET", "/jobs")).json.length > before, { what: "the prompt" });
    await box.advance(11);
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.json.promptContainer.medias).toEqual([expect.objectContaining({ mediaType: "IMAGE", mediaUrl: expect.stringMatching(/\.png$/) })]);
  });
});

describe("durations from the provider's estimates", () => {
  it("makes a job take its example's estimated_time with useEstimates (--realtime)", async () => {
    const realtime = await sandbox({ providers: ["influencer-studio"], useEstimates: true });
    try {
      const made = await realtime.call("influencer-studio", "POST", "/images/generate", { body: { prompt: "slow" } });
      expect(made.json.estimated_time).toBe(30);
      const state = async () => (await realtime.call("influencer-studio", "GET", `/generations/${made.json.generation_id}/status`)).json.status;
      await realtime.advance(20);
      expect(await state()).toBe("processing");
      await realtime.advance(11);
      expect(await state()).toBe("completed");
    } finally {
      await realtime.stop();
    }
  });
});
