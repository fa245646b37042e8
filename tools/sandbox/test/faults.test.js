// Faults on demand, by request header or by the control API: a job that fails, a call that times out,
// a 5xx or a 429 — per provider, so that error handling can be tested without a real key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAULT_HEADER } from "../src/index.js";
import { sandbox } from "./support.js";

let box;
beforeAll(async () => {
  box = await sandbox({ providers: ["influencer-studio", "ai-media-studio", "aistudios"], jobSeconds: 1, timeoutFaultMs: 200 });
});
afterAll(() => box.stop());

describe("faults by header", () => {
  it("fails the job a request creates", async () => {
    const made = await box.call("influencer-studio", "POST", "/images/generate", { body: { prompt: "x", batch: 2 }, headers: { [FAULT_HEADER]: "fail-job" } });
    expect(made.status).toBe(200);
    await box.advance(2);
    const status = (await box.call("influencer-studio", "GET", `/generations/${made.json.generation_id}/status`)).json;
    expect(status).toMatchObject({ status: "failed", failed_items: 2, completed_items: 0, result_urls: [] });
    expect(status.items.map((item) => item.status)).toEqual(["FAILED", "FAILED"]);
  });

  it("answers a declared 5xx or 429 in the provider's own body, with Retry-After on 429", async () => {
    const failed = await box.call("ai-media-studio", "GET", "/models", { headers: { [FAULT_HEADER]: "500" } });
    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({ error: "The sandbox was asked to answer 500" });
    const limited = await box.call("ai-media-studio", "GET", "/models", { headers: { [FAULT_HEADER]: "429" } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
  });

  it("serves a status the operation does not declare as asked, marked as a fault", async () => {
    const answer = await box.call("influencer-studio", "GET", "/influencers", { headers: { [FAULT_HEADER]: "503" } });
    expect(answer.status).toBe(503);
    expect(answer.headers.get(FAULT_HEADER)).toBe("503");
  });

  it("never answers a call made to time out", async () => {
    await expect(box.call("influencer-studio", "GET", "/influencers", { headers: { [FAULT_HEADER]: "timeout" } })).rejects.toThrow();
  });
});

describe("faults by the control API", () => {
  it("queues a fault for the next call of one operation, then serves normally", async () => {
    const queued = await box.control("aistudios", "POST", "/faults", { fault: "500", operation: "listAvatars" });
    expect(queued.status).toBe(200);
    expect((await box.call("aistudios", "GET", "/auth")).status).toBe(200); // another operation is untouched
    expect((await box.call("aistudios", "GET", "/model")).status).toBe(500);
    expect((await box.call("aistudios", "GET", "/model")).status).toBe(200);
  });

  it("fails the next job a call creates, however many calls come first", async () => {
    await box.control("aistudios", "POST", "/faults", { fault: "fail-job" });
    expect((await box.call("aistudios", "GET", "/model")).status).toBe(200);
    const made = await box.call("aistudios", "POST", "/simple/video", { body: { language: "en", text: "Hi", model: "M000045058", clothes: "BG00002320" } });
    await box.advance(2);
    const progress = await box.call("aistudios", "GET", `/editor/progress/${made.json.data.projectId}`);
    expect(progress.json.success).toBe(false);
  });

  it("repeats a fault `times` times and can be cleared", async () => {
    await box.control("influencer-studio", "POST", "/faults", { fault: "502", times: 2 });
    expect((await box.call("influencer-studio", "GET", "/influencers")).status).toBe(502);
    await box.control("influencer-studio", "DELETE", "/faults");
    expect((await box.call("influencer-studio", "GET", "/influencers")).status).toBe(200);
  });

  it("rejects an unknown fault or operation with a message saying what it takes", async () => {
    const unknown = await box.control("influencer-studio", "POST", "/faults", { fault: "explode" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.sandbox).toMatch(/fail-job/);
    const noSuchOperation = await box.control("influencer-studio", "POST", "/faults", { fault: "500", operation: "noSuchThing" });
    expect(noSuchOperation.status).toBe(400);
  });
});
