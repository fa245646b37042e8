/**
 * Exit codes, one per error class, so that a script can branch on `$?` without parsing text. The
 * table is the documented contract (README and docs site list it); do not renumber.
 */
import { ConfigurationError, StudioKitError, type ErrorCode } from "studiokit";

export const exitCodes = {
  ok: 0,
  /** An unexpected failure (a bug): please report it. */
  internal: 1,
  /** Bad command line: unknown command or flag, a missing or malformed argument. */
  usage: 2,
  /** The request failed validation, locally before sending or at the provider (400/422). */
  validation: 3,
  /** No key configured, or the provider refused it (401). */
  authentication: 4,
  /** The key lacks a permission or scope (403). */
  permission: 5,
  /** Not enough credits (402). */
  insufficient_credits: 6,
  /** Rate limited (429) after the retries. */
  rate_limit: 7,
  /** The job, character or resource does not exist (404). */
  not_found: 8,
  /** The provider failed (5xx) or answered something unreadable. */
  provider: 9,
  /** A request or a wait ran out of time. */
  timeout: 10,
  /** The provider could not be reached. */
  network: 11,
  /** The job finished as failed. */
  job_failed: 12,
  /** The provider cannot do what was asked (e.g. images on AI Studios). */
  unsupported_capability: 13,
  /** The configuration is unusable: the config file is unsafe or unreadable, or a key or server in it (or in the environment) is refused. */
  config: 78,
  /** Canceled with Ctrl-C (128 + SIGINT). */
  canceled: 130,
} as const satisfies Record<Exclude<ErrorCode, "configuration"> | "ok" | "internal" | "usage" | "config", number>;

/** A problem with how the CLI was called or configured, reported without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly kind: "usage" | "config" | "authentication",
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return exitCodes[error.kind];
  // The CLI makes its studios from the environment and the config file only (keys, logins, base
  // URLs), never from flags: a facade configuration error is that configuration (a key with a line
  // break, a baseUrl over plain http), except a missing key, which is the authentication code.
  if (error instanceof ConfigurationError) return error.reason === "missing_credentials" ? exitCodes.authentication : exitCodes.config;
  if (error instanceof StudioKitError) return exitCodes[error.code as Exclude<ErrorCode, "configuration">] ?? exitCodes.internal;
  return exitCodes.internal;
}
