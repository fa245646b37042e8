// The error a caller gets when a client or studio cannot be made, and the partial job a split call
// leaves on its error: both are plain data in JSON, and neither carries a secret.
import { describe, expect, it } from "vitest";
import { ConfigurationError, InsufficientCreditsError, StudioKitError } from "../src/index.js";

describe("ConfigurationError", () => {
  it("is a StudioKitError with code, reason and option, redacted like every error", () => {
    const error = new ConfigurationError("apiKey sk-live-123 contains a line break", {
      provider: "supapost",
      reason: "invalid_option",
      option: "apiKey",
      secrets: ["sk-live-123"],
    });
    expect(error).toBeInstanceOf(StudioKitError);
    expect(error.code).toBe("configuration");
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: "ConfigurationError", code: "configuration", reason: "invalid_option", option: "apiKey" });
    expect(JSON.stringify(error)).not.toContain("sk-live-123");
  });
});

describe("partialJob", () => {
  it("is absent from JSON until set, then serialised with the error", () => {
    const error = new InsufficientCreditsError("no credits", { provider: "aliveai", status: 402 });
    expect(JSON.parse(JSON.stringify(error))).not.toHaveProperty("partialJob");
    error.partialJob = { provider: "aliveai", id: "p_1", kind: "image", parts: ["p_1", "p_2"] };
    expect(JSON.parse(JSON.stringify(error)).partialJob).toEqual({ provider: "aliveai", id: "p_1", kind: "image", parts: ["p_1", "p_2"] });
  });
});
