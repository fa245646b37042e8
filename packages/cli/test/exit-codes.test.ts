// Every error class the facade throws has its own documented exit code; the README's table is the contract.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  CanceledError,
  ConfigurationError,
  InsufficientCreditsError,
  JobFailedError,
  NetworkError,
  NotFoundError,
  PermissionError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  UnsupportedCapabilityError,
  ValidationError,
} from "studiokit";
import { CliError, exitCodeOf, exitCodes } from "../src/errors.js";

const init = { provider: "aliveai" };

describe("exit codes", () => {
  it("maps each error class to its code", () => {
    const cases: [unknown, number][] = [
      [new ValidationError("x", init), 3],
      [new AuthenticationError("x", init), 4],
      [new PermissionError("x", init), 5],
      [new InsufficientCreditsError("x", init), 6],
      [new RateLimitError("x", init), 7],
      [new NotFoundError("x", init), 8],
      [new ProviderError("x", init), 9],
      [new TimeoutError("x", init), 10],
      [new NetworkError("x", { ...init, mayHaveReachedProvider: false }), 11],
      [new JobFailedError("x", { ...init, jobId: "j" }), 12],
      [new UnsupportedCapabilityError("x", { ...init, capability: "images" }), 13],
      [new CanceledError("x", init), 130],
      [new CliError("x", "usage"), 2],
      [new CliError("x", "config"), 78],
      [new ConfigurationError("x", { ...init, reason: "invalid_option", option: "apiKey" }), 78],
      [new ConfigurationError("x", { ...init, reason: "invalid_base_url", option: "baseUrl" }), 78],
      [new ConfigurationError("x", { ...init, reason: "missing_credentials", option: "login.password" }), 4],
      [new CliError("x", "authentication"), 4],
      [new Error("a bug"), 1],
    ];
    for (const [error, code] of cases) expect(exitCodeOf(error), (error as Error).constructor.name).toBe(code);
  });

  it("are all distinct, and the README documents each one", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const values = Object.values(exitCodes);
    expect(new Set(values).size).toBe(values.length);
    for (const code of values) expect(readme, `README row for ${code}`).toMatch(new RegExp(`^\\| ${code} \\|`, "m"));
  });
});
