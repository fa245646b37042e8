/**
 * The retry policy, proven by what the server received: idempotent calls retry on 408/5xx and
 * network failures; a credit-spending POST is sent again only when the provider certainly did not
 * process it (429, or a failure before any byte left this machine).
 */
import { describe, expect, it } from "vitest";
import { NetworkError, ProviderError, RateLimitError, TimeoutError, type FetchLike } from "../src/index.js";
import { answer } from "./support/scripted-server.js";
import { rejectionOf, useHarness } from "./support/fixtures.js";

const h = useHarness();
const video = { prompt: "a cat surfing", settings: { duration: 5 } };
const ok = answer.json(200, { items: [{ id: "inf_1", name: "Ava" }] });
const accepted = answer.json(200, { id: "gen_1", status: "queued" });

/** A fetch whose first call fails the way undici reports a refused connection; then real fetch. */
function refusingOnce(): FetchLike & { calls: number } {
  const wrapped = Object.assign(
    async (request: Request) => {
      wrapped.calls++;
      if (wrapped.calls === 1) {
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }) });
      }
      return fetch(request);
    },
    { calls: 0 },
  );
  return wrapped;
}

describe("idempotent requests (GET, DELETE)", () => {
  it.each([503, 502, 504, 500, 408])("retry a GET after HTTP %i, then succeed", async (status) => {
    h.server.reply(answer.json(status, { error: "try again" }), ok);

    const { data } = await h.client().GET("/influencers");

    expect(data).toEqual({ items: [{ id: "inf_1", name: "Ava" }] });
    expect(h.server.requests.map((r) => r.method)).toEqual(["GET", "GET"]);
  });

  it("retries a GET after the connection is reset before any response", async () => {
    h.server.reply(answer.reset(), ok);

    const { data } = await h.client().GET("/influencers");

    expect(data?.items).toHaveLength(1);
    expect(h.server.requests).toHaveLength(2);
  });

  it("retries a GET after the connection is reset in the middle of the body", async () => {
    h.server.reply(answer.resetMidBody(), ok);

    const { data } = await h.client().GET("/influencers");

    expect(data?.items).toHaveLength(1);
    expect(h.server.requests).toHaveLength(2);
  });

  it("retries a DELETE after HTTP 503", async () => {
    h.server.reply(answer.json(503, {}), answer.json(200, { deleted: true }));

    const { data } = await h.client().DELETE("/influencers/{id}", { params: { path: { id: "inf_1" } } });

    expect(data).toEqual({ deleted: true });
    expect(h.server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["DELETE /influencers/inf_1", "DELETE /influencers/inf_1"]);
  });

  it("gives up after maxRetries retries and reports the last answer", async () => {
    h.server.reply(answer.json(503, { error: "one" }), answer.json(503, { error: "two" }), ok);

    const error = await rejectionOf(h.client({ maxRetries: 1 }).GET("/influencers"));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 503, body: { error: "two" } });
    expect(h.server.requests).toHaveLength(2);
  });

  it("sends once when maxRetries is 0", async () => {
    h.server.reply(answer.json(503, {}), ok);

    const error = await rejectionOf(h.client({ maxRetries: 0 }).GET("/influencers"));

    expect(error).toBeInstanceOf(ProviderError);
    expect(h.server.requests).toHaveLength(1);
    expect(h.clock.sleeps).toEqual([]);
  });

  it("backs off exponentially, with jitter between half and all of each step", async () => {
    const low = h.client({ maxRetries: 3, random: () => 0 });
    h.server.reply(answer.json(503, {}), answer.json(503, {}), answer.json(503, {}), ok);
    await low.GET("/influencers");
    expect(h.clock.sleeps).toEqual([250, 500, 1_000]);

    h.clock.sleeps.length = 0;
    const high = h.client({ maxRetries: 3, random: () => 0.999_999 });
    h.server.reply(answer.json(503, {}), answer.json(503, {}), answer.json(503, {}), ok);
    await high.GET("/influencers");
    expect(h.clock.sleeps).toEqual([500, 1_000, 2_000]);
  });

  it("caps one backoff step at maxDelayMs", async () => {
    h.server.reply(answer.json(503, {}), answer.json(503, {}), answer.json(503, {}), ok);

    await h.client({ maxRetries: 3, random: () => 0.999_999, retry: { baseDelayMs: 1_000, maxDelayMs: 1_500 } }).GET("/influencers");

    expect(h.clock.sleeps).toEqual([1_000, 1_500, 1_500]);
  });

  it("honours Retry-After on a 503", async () => {
    h.server.reply(answer.json(503, {}, { "retry-after": "4" }), ok);

    await h.client().GET("/influencers");

    expect(h.clock.sleeps).toEqual([4_000]);
    const [first, second] = h.server.requests;
    expect(second!.at - first!.at).toBe(4_000);
  });
});

describe("credit-spending POSTs (idempotent: false)", () => {
  it.each([500, 503])("are sent exactly once on HTTP %i", async (status) => {
    h.server.reply(answer.json(status, { error: "boom" }), accepted);

    const error = await rejectionOf(h.client().POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(status);
    expect(h.server.requests).toHaveLength(1);
    expect(h.server.remaining).toBe(1);
  });

  it("are sent exactly once when the connection is reset before any response", async () => {
    h.server.reply(answer.reset(), accepted);

    const error = await rejectionOf(h.client().POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).mayHaveReachedProvider).toBe(true);
    expect((error as Error).message).toMatch(/may have reached the provider/);
    expect(h.server.requests).toHaveLength(1);
  });

  it("are sent exactly once when the connection is reset in the middle of the body", async () => {
    h.server.reply(answer.resetMidBody(), accepted);

    const error = await rejectionOf(h.client().POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).mayHaveReachedProvider).toBe(true);
    expect(h.server.requests).toHaveLength(1);
  });

  it("are sent exactly once when the response times out", async () => {
    h.server.reply(answer.stall(), accepted);

    const error = await rejectionOf(h.client({ timeoutMs: 100 }).POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).mayHaveReachedProvider).toBe(true);
    expect((error as Error).message).toMatch(/may have reached the provider/);
    expect(h.server.requests).toHaveLength(1);
  });

  it("are retried on 429, after the Retry-After the provider asked for", async () => {
    h.server.reply(answer.json(429, { error: "slow down" }, { "retry-after": "3" }), accepted);

    const { data } = await h.client().POST("/videos/generate", { body: video });

    expect(data).toEqual({ id: "gen_1", status: "queued" });
    expect(h.clock.sleeps).toEqual([3_000]);
    const [first, second] = h.server.requests;
    expect(second!.at - first!.at).toBe(3_000);
    // The retry carries the same body: it was buffered, not consumed by the first attempt.
    expect(JSON.parse(second!.body)).toEqual(video);
    expect(second!.body).toBe(first!.body);
  });

  it("are retried on 429 with an HTTP-date Retry-After, waiting until that date", async () => {
    h.server.reply((request) => answer.json(429, {}, { "retry-after": new Date(request.at + 9_000).toUTCString() }), accepted);

    await h.client().POST("/videos/generate", { body: video });

    expect(h.clock.sleeps).toEqual([9_000]);
    expect(h.server.requests).toHaveLength(2);
  });

  it("surface a RateLimitError once the 429 retries are spent", async () => {
    h.server.always(answer.json(429, { error: "slow down" }, { "retry-after": "1" }));

    const error = await rejectionOf(h.client({ maxRetries: 2 }).POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(1_000);
    expect(h.server.requests).toHaveLength(3);
  });

  it("are retried when the connection was refused before anything was sent", async () => {
    const fetch = refusingOnce();
    h.server.reply(accepted);

    const { data } = await h.client({ fetch }).POST("/videos/generate", { body: video });

    expect(data).toEqual({ id: "gen_1", status: "queued" });
    expect(fetch.calls).toBe(2);
    expect(h.server.requests).toHaveLength(1);
    expect(JSON.parse(h.server.requests[0]!.body)).toEqual(video);
  });

  it("report a refused connection as certainly not having reached the provider", async () => {
    // A port that was just open and is now closed refuses connections for real.
    const closedUrl = h.server.url;
    await h.server.close();
    let attempts = 0;
    const counting: FetchLike = (request) => {
      attempts++;
      return fetch(request);
    };

    const error = await rejectionOf(h.client({ baseUrl: closedUrl, fetch: counting }).POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ mayHaveReachedProvider: false });
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect(attempts).toBe(3);
  });

  it("do not retry at all with maxRetries 0, even on 429", async () => {
    h.server.reply(answer.json(429, {}, { "retry-after": "1" }), accepted);

    const error = await rejectionOf(h.client({ maxRetries: 0 }).POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(RateLimitError);
    expect(h.server.requests).toHaveLength(1);
  });
});

describe("Retry-After beyond maxRetryAfterMs", () => {
  it("is not slept through: the caller gets a RateLimitError with retryAfterMs at once", async () => {
    h.server.reply(answer.json(429, { error: "daily quota" }, { "retry-after": "3600" }), accepted);

    const error = await rejectionOf(h.client().POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(h.server.requests).toHaveLength(1);
    expect(h.clock.sleeps).toEqual([]);
  });

  it("follows the configured maxRetryAfterMs", async () => {
    h.server.reply(answer.json(503, {}, { "retry-after": "5" }), ok);

    const error = await rejectionOf(h.client({ retry: { maxRetryAfterMs: 2_000 } }).GET("/influencers"));

    expect(error).toBeInstanceOf(ProviderError);
    expect(h.server.requests).toHaveLength(1);
    expect(h.clock.sleeps).toEqual([]);
  });
});
