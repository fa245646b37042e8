/**
 * Timeouts and cancellation. Real timeouts are short (100–200 ms) and only where a timeout is the
 * behaviour under test; no test passes or fails on how long something took. Backoff sleeps run on a
 * manual simulated clock so that a test can act while the client is sleeping.
 */
import { describe, expect, it } from "vitest";
import { CanceledError, TimeoutError } from "../src/index.js";
import { answer, waitUntil } from "./support/scripted-server.js";
import { SimulatedClock } from "./support/simulated-clock.js";
import { rejectionOf, testDefinition, testOperations, useHarness } from "./support/fixtures.js";

const h = useHarness();
const video = { prompt: "a cat surfing", settings: { duration: 5 } };
const ok = answer.json(200, { items: [] });

describe("timeouts", () => {
  it("ends a stalled response in a TimeoutError after the client's timeoutMs", async () => {
    h.server.reply(answer.stall());

    const error = await rejectionOf(h.client({ timeoutMs: 150 }).POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: "timeout", operation: "generateVideo", timeoutMs: 150 });
    // The client hung up on the stalled response rather than leaving the socket open. (On a loaded
    // machine the timeout can fire before the request has even reached the server; then there is
    // no connection to close, so the check is "every request the server saw was abandoned".)
    await h.server.until(() => h.server.abandoned === h.server.requests.length, "the stalled connection to close");
  });

  it("lets a per-call timeoutMs override a longer client timeout", async () => {
    h.server.reply(answer.stall());
    // Were the override ignored, the 60 s client timeout would outlast the test's own time limit.
    const client = h.client({ timeoutMs: 60_000 });

    const error = await rejectionOf(client.POST("/videos/generate", { body: video, timeoutMs: 100 }));

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(100);
  });

  it("lets a per-call timeoutMs extend a shorter client timeout", async () => {
    h.server.reply(answer.delayed(300, answer.json(200, { id: "gen_1", status: "queued" })));
    const client = h.client({ timeoutMs: 100, maxRetries: 0 });

    const { data } = await client.POST("/videos/generate", { body: video, timeoutMs: 10_000 });

    expect(data).toEqual({ id: "gen_1", status: "queued" });
  });

  it("uses an operation's own timeout when neither the client nor the call sets one", async () => {
    const definition = testDefinition({
      defaultTimeoutMs: 60_000,
      operations: { ...testOperations, "POST /videos/generate": { ...testOperations["POST /videos/generate"], timeoutMs: 120 } },
    });
    h.server.reply(answer.stall());

    const error = await rejectionOf(h.client({}, definition).POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(120);
  });

  it("covers the body too: a response that stalls after its headers times out", async () => {
    h.server.reply(answer.stallMidBody());

    const error = await rejectionOf(h.client({ timeoutMs: 150 }).POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(150);
    expect(h.server.requests).toHaveLength(1);
  });

  it("retries a GET that timed out, and succeeds", async () => {
    // `always`, not one answer: on a loaded machine even a prompt answer may miss a short timeout,
    // and that retry is fine too. The point is that the stalled attempt was not the end.
    h.server.reply(answer.stall()).always(ok);

    const { data } = await h.client({ timeoutMs: 250, maxRetries: 3 }).GET("/influencers");

    expect(data).toEqual({ items: [] });
    expect(h.server.requests.length).toBeGreaterThanOrEqual(2);
  });
});

describe("cancellation", () => {
  it("fails at once with a CanceledError when the signal is already aborted, sending nothing", async () => {
    const controller = new AbortController();
    controller.abort(new Error("user navigated away"));

    const error = await rejectionOf(h.client().GET("/influencers", { signal: controller.signal }));

    expect(error).toBeInstanceOf(CanceledError);
    expect((error as Error).message).toContain("user navigated away");
    expect(h.server.requests).toHaveLength(0);
  });

  it("ends a call aborted mid-request in a CanceledError, with no further request", async () => {
    h.server.reply(answer.stall(), ok);
    const controller = new AbortController();
    // A GET would be retried after a timeout or reset; an abort must not be.
    const call = h.client({ timeoutMs: 60_000 }).GET("/influencers", { signal: controller.signal });
    await h.server.until(() => h.server.requests.length === 1, "the request to arrive");

    controller.abort();
    const error = await rejectionOf(call);

    expect(error).toBeInstanceOf(CanceledError);
    expect(error).toMatchObject({ code: "canceled", operation: "listInfluencers" });
    await h.server.until(() => h.server.abandoned === 1, "the aborted connection to close");
    expect(h.server.requests).toHaveLength(1);
    expect(h.clock.sleeps).toEqual([]);
  });

  it("ends a call aborted while its body is arriving in a CanceledError", async () => {
    h.server.reply(answer.stallMidBody());
    const controller = new AbortController();
    let headersArrived = false;
    const fetchNotingHeaders = async (request: Request) => {
      const response = await fetch(request);
      headersArrived = true;
      return response;
    };
    const call = h.client({ timeoutMs: 60_000, maxRetries: 0, fetch: fetchNotingHeaders }).GET("/influencers", { signal: controller.signal });
    await waitUntil(() => headersArrived, "the response headers to reach the client");

    controller.abort();

    expect(await rejectionOf(call)).toBeInstanceOf(CanceledError);
    await h.server.until(() => h.server.abandoned === 1, "the aborted connection to close");
  });

  it("stops at once when aborted during a backoff sleep, without waiting it out", async () => {
    const clock = new SimulatedClock();
    h.clock = clock;
    h.server.reply(answer.json(503, {}), ok);
    const controller = new AbortController();
    const call = h.client().GET("/influencers", { signal: controller.signal });
    await clock.untilSleeping();
    const sleptAt = clock.now();

    controller.abort();
    const error = await rejectionOf(call);

    expect(error).toBeInstanceOf(CanceledError);
    expect(clock.now()).toBe(sleptAt);
    expect(clock.pendingSleeps).toBe(0);
    expect(h.server.requests).toHaveLength(1);
    expect(h.server.remaining).toBe(1);
  });

  it("stops at once when aborted during a Retry-After wait", async () => {
    const clock = new SimulatedClock();
    h.clock = clock;
    h.server.reply(answer.json(429, {}, { "retry-after": "30" }), ok);
    const controller = new AbortController();
    const call = h.client().POST("/videos/generate", { body: video, signal: controller.signal });
    await clock.untilSleeping();
    expect(clock.sleeps).toEqual([30_000]);

    controller.abort();

    expect(await rejectionOf(call)).toBeInstanceOf(CanceledError);
    await clock.advance(60_000);
    expect(h.server.requests).toHaveLength(1);
  });
});
