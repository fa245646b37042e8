// Accounts: a credit balance per provider that paid calls spend, refused in the provider's own body
// when it runs out; auth checked in each provider's own 401; an optional rate limit with Retry-After.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, sandbox } from "./support.js";

let box;
beforeAll(async () => {
  box = await sandbox({ jobSeconds: 1 });
});
afterAll(() => box.stop());

describe("credits", () => {
  it("spends Influencer Studio credits per image and refuses with its 402 body when they run out", async () => {
    await box.control("influencer-studio", "PUT", "/credits", { balance: 60 });
    const first = await box.call("influencer-studio", "POST", "/images/generate", { body: { prompt: "a", batch: 2 } });
    expect(first.json.credits_used).toBe(48);
    expect((await box.call("influencer-studio", "GET", "/billing/credits")).json).toBe(12);
    const refused = await box.call("influencer-studio", "POST", "/images/generate", { body: { prompt: "b" } });
    expect(refused.status).toBe(402);
    expect(refused.json).toEqual({ error: "Insufficient credits" });
    expect((await box.call("influencer-studio", "GET", "/billing/credits")).json).toBe(12);
    await box.control("influencer-studio", "POST", "/reset");
    expect((await box.call("influencer-studio", "GET", "/billing/credits")).json).toBe(1500);
  });

  it("reports AI Media Studio's balance in its answers and refuses with its 402 error body", async () => {
    await box.control("ai-media-studio", "PUT", "/credits", { balance: 30 });
    const before = (await box.control("ai-media-studio", "GET", "/jobs")).json.length;
    const pending = box.call("ai-media-studio", "POST", "/images/generate", { body: { prompt: "a" } });
    // The synchronous answer waits for the clock: step it once the job exists.
    await eventually(async () => (await box.control("ai-media-studio", "GET", "/jobs")).json.length > before, { what: "the job" });
    await box.advance(2);
    expect((await pending).json).toMatchObject({ credits_used: 20, credits_remaining: 10 });
    expect((await box.call("ai-media-studio", "GET", "/images/generate")).json.credits_available).toBe(10);
    const refused = await box.call("ai-media-studio", "POST", "/images/generate", { body: { prompt: "b" } });
    expect(refused.status).toBe(402);
    expect(refused.json).toEqual({ error: "Insufficient credits" });
  });

  it("keeps each provider's balance apart, and answers AliveAI's /members/me with it", async () => {
    await box.control("aliveai", "PUT", "/credits", { balance: 0 });
    const refused = await box.call("aliveai", "POST", "/prompts", { body: { name: "A", appearance: "b", detailLevel: "MEDIUM" } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(refused.json).toMatchObject({ status: 403, detail: "Insufficient credits" });
    expect((await box.call("aliveai", "GET", "/members/me")).json.credits).toBe(0);
    expect((await box.call("aistudios", "POST", "/simple/video", { body: { language: "en", text: "Hi", model: "M000045058", clothes: "BG00002320" } })).status).toBe(200);
  });
});

describe("auth", () => {
  const bodies = {
    "influencer-studio": ["GET", "/influencers", { error: "Unauthorized" }],
    supapost: ["GET", "/influencers", { message: "Invalid API key" }],
    "ai-media-studio": ["GET", "/models", { error: "Invalid or missing API key" }],
    aliveai: ["GET", "/prompts/pending", { title: "Unauthorized", status: 401 }],
    aistudios: ["GET", "/model", { success: false }],
  };
  for (const [provider, [method, path, body]] of Object.entries(bodies)) {
    it(`answers ${provider} without a key with its own 401`, async () => {
      const answer = await box.call(provider, method, path, { auth: false });
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject(body);
      expect((await box.call(provider, method, path)).status).toBe(200);
    });
  }

  it("refuses a malformed key: a bare scheme word, or the wrong scheme for the provider", async () => {
    expect((await box.call("influencer-studio", "GET", "/influencers", { auth: false, headers: { authorization: "Bearer" } })).status).toBe(401);
    expect((await box.call("influencer-studio", "GET", "/influencers", { auth: false, headers: { authorization: "Key abc" } })).status).toBe(401);
    expect((await box.call("aliveai", "GET", "/prompts/pending", { auth: false, headers: { authorization: "Token abc" } })).status).toBe(401);
    expect((await box.call("aliveai", "GET", "/prompts/pending", { auth: false, headers: { authorization: "Bearer a.jwt.token" } })).status).toBe(200);
    expect((await box.call("ai-media-studio", "GET", "/models", { auth: false, headers: { "x-api-key": "aims_x" } })).status).toBe(200);
    expect((await box.call("aistudios", "GET", "/model", { auth: false, headers: { authorization: "Bearer" } })).status).toBe(401);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once a provider's requests a minute are used up", async () => {
    const limited = await sandbox({ providers: ["ai-media-studio"], rateLimitPerMinute: 2 });
    try {
      expect((await limited.call("ai-media-studio", "GET", "/models")).status).toBe(200);
      expect((await limited.call("ai-media-studio", "GET", "/models")).status).toBe(200);
      const refused = await limited.call("ai-media-studio", "GET", "/models");
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(refused.json).toHaveProperty("error");
    } finally {
      await limited.stop();
    }
  });
});

