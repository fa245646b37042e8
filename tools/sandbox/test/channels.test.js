// Every channel the providers have: AliveAI's prompt and user websockets stream the documented
// messages as the job moves; webhooks are delivered with the documented payload when a job ends, and
// sent again while the receiver fails.
import { createStudio, ValidationError } from "studiokit";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, receiver, sandbox } from "./support.js";

let box;
beforeAll(async () => {
  box = await sandbox({ providers: ["aliveai", "aistudios", "influencer-studio"], jobSeconds: 10, webhookRetryDelayMs: 5 });
});
afterAll(() => box.stop());

function listen(url, headers) {
  const socket = new WebSocket(url, { headers });
  const messages = [];
  const closed = new Promise((resolve) => socket.on("close", (code) => resolve(code)));
  socket.on("message", (data) => messages.push(JSON.parse(data.toString("utf8"))));
  const opened = new Promise((resolve, reject) => {
    socket.on("open", resolve);
    socket.on("error", reject);
    socket.on("unexpected-response", (_, response) => reject(new Error(`HTTP ${response.statusCode}`)));
  });
  return { socket, messages, closed, opened };
}

const wsUrl = (path) => `${box.url("aliveai").replace("http", "ws")}${path}`;

describe("AliveAI websockets", () => {
  it("streams PromptProgressResponse messages as the prompt moves, the medias when complete, then closes", async () => {
    const made = await box.call("aliveai", "POST", "/prompts", { body: { name: "A", appearance: "b", detailLevel: "MEDIUM" } });
    const id = made.json.promptId;
    const channel = listen(wsUrl(`/ws/prompts/${id}`), { authorization: "Key test-key" });
    await channel.opened;
    await eventually(() => channel.messages.length >= 1, { what: "the first message" });
    expect(channel.messages[0]).toMatchObject({ promptId: id, progress: 0, isComplete: false, queuePosition: 1 });
    await box.advance(6);
    await eventually(() => channel.messages.some((message) => message.progress === 50), { what: "a 50% message" });
    await box.advance(5);
    expect(await channel.closed).toBe(1000);
    const last = channel.messages.at(-1);
    expect(last).toMatchObject({ promptId: id, progress: 100, isComplete: true, isError: false, queuePosition: 0 });
    expect(last.promptContainer.medias).toHaveLength(1);
    const progress = channel.messages.map((message) => message.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("reports a failed prompt with isError and a message", async () => {
    const made = await box.call("aliveai", "POST", "/prompts", { body: { name: "A", appearance: "b", detailLevel: "MEDIUM" }, headers: { "x-studiokit-fault": "fail-job" } });
    const channel = listen(wsUrl(`/ws/prompts/${made.json.promptId}`), { authorization: "Key test-key" });
    await channel.opened;
    await box.advance(11);
    await channel.closed;
    expect(channel.messages.at(-1)).toMatchObject({ isComplete: true, isError: true, message: "the sandbox was asked to fail this job" });
  });

  // REST carries no failure (PromptContainer has no error fields, GET /prompts/{promptId} declares
  // no 404): the sandbox shows a failed prompt as AliveAI would, out of the pending queue with no
  // medias, and the facade's polling calls it failed once that has lasted its grace.
  it("shows a failed prompt over REST as out of the queue without medias, which facade polling ends as failed", async () => {
    let now = Date.UTC(2026, 0, 1);
    const clock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const studio = createStudio({ provider: "aliveai", apiKey: "test-key", baseUrl: box.url("aliveai"), clock, maxRetries: 0 });
    await box.control("aliveai", "POST", "/faults", { fault: "fail-job" });
    const failing = await studio.images.submit({ prompt: "a viking at dawn" });
    const working = await studio.images.submit({ prompt: "a lighthouse" });
    expect((await studio.jobs.status(failing)).state).toMatch(/queued|running/);
    await box.advance(11);
    const prompt = await box.call("aliveai", "GET", `/prompts/${failing.id}`);
    expect(prompt.json.medias).toEqual([]);
    const pending = await box.call("aliveai", "GET", "/prompts/pending");
    expect(pending.json.queue.map((entry) => entry.promptId)).not.toContain(failing.id);
    // Just out of the queue: not failed yet. Well past the adapter's grace (30 s): failed.
    expect((await studio.jobs.status(failing)).state).toBe("running");
    now += 10 * 60_000;
    const failed = await studio.jobs.status(failing);
    expect(failed.state).toBe("failed");
    expect(failed.error).toMatch(/left AliveAI's queue without medias/);
    expect((await studio.jobs.status(working)).state).toBe("succeeded");
    // An unknown prompt is the spec's 400 (no 404 is declared), a ValidationError for the facade.
    expect((await box.call("aliveai", "GET", "/prompts/NoSuchPrompt1")).status).toBe(400);
    await expect(studio.jobs.status({ provider: "aliveai", id: "NoSuchPrompt1", kind: "image" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("refuses a prompt socket without credentials", async () => {
    const channel = listen(wsUrl("/ws/prompts/anything"), {});
    await expect(channel.opened).rejects.toThrow("HTTP 401");
  });

  it("streams UserEvents: QUEUE_CHANGE while prompts move, COMPLETION when one ends", async () => {
    const channel = listen(wsUrl("/ws/users/r9orK?token=a-token"), {});
    await channel.opened;
    const made = await box.call("aliveai", "POST", "/prompts/image-to-video", { body: { mediaId: "Jm7pQ2sVn4", text: "walk", videoModel: "DEFAULT" } });
    const id = made.json.promptId;
    await eventually(() => channel.messages.some((message) => message.promptId === id), { what: "a queue event" });
    const change = channel.messages.find((message) => message.promptId === id);
    expect(change.eventType).toBe("QUEUE_CHANGE");
    expect(change.queue.find((entry) => entry.promptId === id)).toMatchObject({ video: true });
    await box.advance(11);
    await eventually(() => channel.messages.some((message) => message.promptId === id && message.eventType === "COMPLETION"), { what: "a completion event" });
    channel.socket.close();
  });
});

describe("webhooks", () => {
  it("delivers AI Studios' documented payload when the export ends, retrying while the receiver fails", async () => {
    const hook = await receiver([500, 503]);
    try {
      const made = await box.call("aistudios", "POST", "/simple/video", { body: { language: "en", text: "Hi", model: "M000045058", clothes: "BG00002320", webhookUrl: hook.url } });
      const key = made.json.data.projectId;
      await box.advance(11);
      await eventually(() => hook.received.length === 3, { what: "three attempts" });
      const payload = hook.received[2];
      expect(payload).toMatchObject({ progress: 100, backendTaskId: key, credit: 3 });
      expect(payload.download_url).toMatch(/\.mp4$/);
      expect(hook.received[0]).toEqual(payload);
      const log = (await box.control("aistudios", "GET", "/webhooks")).json.find((delivery) => delivery.jobId === key);
      expect(log.delivered).toBe(true);
      expect(log.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 200]);
    } finally {
      await hook.close();
    }
  });

  it("delivers Influencer Studio's status body to the request's webhook when the generation ends", async () => {
    const hook = await receiver();
    try {
      const made = await box.call("influencer-studio", "POST", "/images/generate", { body: { prompt: "hook", webhook: hook.url } });
      await box.advance(11);
      await eventually(() => hook.received.length === 1, { what: "the delivery" });
      expect(hook.received[0]).toMatchObject({ generation_id: made.json.generation_id, status: "completed", completed_items: 1 });
    } finally {
      await hook.close();
    }
  });

  it("gives up after the last attempt when the receiver never answers 2xx", async () => {
    const hook = await receiver([500, 500, 500, 500, 500, 500]);
    try {
      const made = await box.call("aistudios", "POST", "/simple/video", { body: { language: "en", text: "Hi", model: "M000045058", clothes: "BG00002320", webhookUrl: hook.url } });
      await box.advance(11);
      const key = made.json.data.projectId;
      const log = await eventually(async () => {
        const entry = (await box.control("aistudios", "GET", "/webhooks")).json.find((delivery) => delivery.jobId === key);
        return entry && entry.attempts.length === 5 ? entry : undefined;
      }, { what: "five attempts" });
      expect(log.delivered).toBe(false);
      expect(hook.received).toHaveLength(5);
    } finally {
      await hook.close();
    }
  });
});

describe("webhook receivers", () => {
  it("calls only local receivers unless told otherwise, and records why one was skipped", async () => {
    const made = await box.call("aistudios", "POST", "/simple/video", { body: { language: "en", text: "Hi", model: "M000045058", clothes: "BG00002320", webhookUrl: "https://example.org/hook" } });
    await box.advance(11);
    const key = made.json.data.projectId;
    const entry = await eventually(async () => (await box.control("aistudios", "GET", "/webhooks")).json.find((delivery) => delivery.jobId === key), { what: "the delivery record" });
    expect(entry.attempts).toEqual([]);
    expect(entry.skipped).toMatch(/--webhooks-anywhere/);
  });
});
