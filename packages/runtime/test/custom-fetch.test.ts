/**
 * A `fetch` passed in by the caller may not honour the Request's signal the way the platform's does.
 * The attempt's timeout must still end the attempt: a fetch that never answers, and a body that
 * never ends, each end in a TimeoutError at the client's timeoutMs.
 */
import { describe, expect, it } from "vitest";
import { TimeoutError, type FetchLike } from "../src/index.js";
import { rejectionOf, useHarness } from "./support/fixtures.js";

const h = useHarness();

describe("a fetch that ignores the signal", () => {
  it("that never answers ends in a TimeoutError", async () => {
    const deaf: FetchLike = () => new Promise<Response>(() => {});

    const error = await rejectionOf(h.client({ fetch: deaf, timeoutMs: 100, maxRetries: 0 }).GET("/influencers"));

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(100);
  });

  it("whose body never ends ends in a TimeoutError", async () => {
    const endless: FetchLike = async () =>
      new Response(new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"items":[')) }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });

    const error = await rejectionOf(h.client({ fetch: endless, timeoutMs: 100, maxRetries: 0 }).GET("/influencers"));

    expect(error).toBeInstanceOf(TimeoutError);
  });
});
