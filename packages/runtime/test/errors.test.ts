/**
 * Error mapping: every HTTP failure a provider can answer becomes the StudioKitError subclass a
 * caller branches on, carrying provider, operation, status, request id and the parsed body.
 */
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  InsufficientCreditsError,
  NotFoundError,
  PermissionError,
  ProviderError,
  RateLimitError,
  StudioKitError,
  TimeoutError,
  ValidationError,
} from "../src/index.js";
import { answer } from "./support/scripted-server.js";
import { rejectionOf, useHarness } from "./support/fixtures.js";

const h = useHarness();
const video = { prompt: "a cat surfing", settings: { duration: 5 } };

describe("error mapping", () => {
  it("maps a 422 RFC 9457 problem with violations to a ValidationError listing each field", async () => {
    const problem = {
      type: "https://test-studio.invalid/problems/validation",
      title: "Unprocessable Entity",
      status: 422,
      detail: "The request body is invalid.",
      violations: [
        { field: "settings.duration", message: "must be between 1 and 10" },
        { field: "prompt", message: "must not be empty" },
      ],
    };
    h.server.reply(answer.problem(422, problem));

    const error = await rejectionOf(h.client().POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation).toMatchObject({
      code: "validation",
      provider: "test-studio",
      operation: "generateVideo",
      status: 422,
      local: false,
      body: problem,
    });
    expect(validation.issues).toEqual([
      { path: "settings.duration", message: "must be between 1 and 10" },
      { path: "prompt", message: "must not be empty" },
    ]);
    expect(validation.message).toContain("The request body is invalid.");
  });

  it("maps a 400 with an `errors` list to a ValidationError", async () => {
    h.server.reply(answer.json(400, { message: "Bad request", errors: [{ path: "settings.resolution", detail: "unknown value" }] }));

    const error = await rejectionOf(h.client().POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 400, issues: [{ path: "settings.resolution", message: "unknown value" }] });
  });

  it.each([
    [401, AuthenticationError, "authentication", { error: { message: "Invalid API key" } }],
    [402, InsufficientCreditsError, "insufficient_credits", { error: "Not enough credits", credits_required: 40 }],
    [403, PermissionError, "permission", { message: "Your plan does not include video" }],
    [404, NotFoundError, "not_found", { detail: "No such influencer" }],
  ] as const)("maps HTTP %i to %o", async (status, ErrorClass, code, body) => {
    h.server.reply(answer.json(status, body, { "x-request-id": `req_${status}` }));

    const error = await rejectionOf(h.client().GET("/influencers"));

    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(StudioKitError);
    expect(error).toMatchObject({
      code,
      provider: "test-studio",
      operation: "listInfluencers",
      status,
      requestId: `req_${status}`,
      body,
    });
    expect(h.server.requests).toHaveLength(1);
  });

  it("maps a 429 to a RateLimitError with Retry-After seconds in milliseconds", async () => {
    h.server.reply(answer.json(429, { error: "Too many requests" }, { "retry-after": "7" }));

    const error = await rejectionOf(h.client({ maxRetries: 0 }).POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: "rate_limit", status: 429, retryAfterMs: 7_000, body: { error: "Too many requests" } });
  });

  it("maps a 429 with an HTTP-date Retry-After to the time left on the client's clock", async () => {
    const at = new Date(h.clock.now() + 120_000).toUTCString();
    h.server.reply(answer.json(429, { error: "Too many requests" }, { "retry-after": at }));

    const error = await rejectionOf(h.client({ maxRetries: 0 }).GET("/influencers"));

    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
  });

  it("maps a 429 without Retry-After to a RateLimitError with no retryAfterMs", async () => {
    h.server.reply(answer.json(429, { error: "slow down" }));

    const error = await rejectionOf(h.client({ maxRetries: 0 }).GET("/influencers"));

    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeUndefined();
  });

  it.each([500, 502, 503, 504])("maps HTTP %i to a ProviderError", async (status) => {
    h.server.reply(answer.json(status, { error: { message: "upstream trouble" } }));

    const error = await rejectionOf(h.client().POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: "provider",
      provider: "test-studio",
      operation: "generateVideo",
      status,
      body: { error: { message: "upstream trouble" } },
    });
    expect((error as Error).message).toContain(`HTTP ${status}: upstream trouble`);
  });

  it("maps a 408 that survives every retry to a TimeoutError", async () => {
    h.server.always(answer.json(408, { error: "request timeout" }));

    const error = await rejectionOf(h.client({ maxRetries: 1 }).GET("/influencers"));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ status: 408, operation: "listInfluencers" });
    expect(h.server.requests).toHaveLength(2);
  });

  it("keeps an unparsable error body as text", async () => {
    h.server.reply(answer.text(500, "upstream connect error or disconnect/reset before headers"));

    const error = await rejectionOf(h.client().POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).body).toBe("upstream connect error or disconnect/reset before headers");
  });

  it("serialises to a plain object a caller can log", async () => {
    h.server.reply(answer.json(404, { detail: "No such influencer" }, { "x-request-id": "req_9" }));

    const error = await rejectionOf(h.client().DELETE("/influencers/{id}", { params: { path: { id: "inf_1" } } }));

    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "NotFoundError",
      code: "not_found",
      message: "test-studio deleteInfluencer failed with HTTP 404: No such influencer",
      provider: "test-studio",
      operation: "deleteInfluencer",
      status: 404,
      requestId: "req_9",
      body: { detail: "No such influencer" },
    });
  });
});
