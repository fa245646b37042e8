/**
 * The errors of a request that was sent (or of a job that was waited for): each a StudioKitError
 * (see errors.ts). Only the failure paths, loaded on the first failure, and the job helpers use them,
 * so that a client's first call does not wait for their code.
 */
import { StudioKitError, type StudioKitErrorInit } from "./errors.js";
import { redactText } from "./redact.js";

export class AuthenticationError extends StudioKitError {
  override readonly code = "authentication";
}

export class PermissionError extends StudioKitError {
  override readonly code = "permission";
}

export class InsufficientCreditsError extends StudioKitError {
  override readonly code = "insufficient_credits";
}

export class NotFoundError extends StudioKitError {
  override readonly code = "not_found";
}

export class RateLimitError extends StudioKitError {
  override readonly code = "rate_limit";
  /** How long the provider asked us to wait, in milliseconds, when it said so. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: StudioKitErrorInit & { retryAfterMs?: number | undefined }) {
    super(message, init);
    this.retryAfterMs = init.retryAfterMs;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** A 5xx, an unexpected status, or a response we could not read (malformed, truncated, too large). */
export class ProviderError extends StudioKitError {
  override readonly code = "provider";
}

/**
 * The provider answered with a redirect the client does not follow: to another origin (where no
 * credential may go), one past the limit of `MAX_REDIRECTS` hops (a loop), or one it cannot read.
 * Never retried.
 */
export class RedirectError extends ProviderError {
  /** The origin the redirect pointed to, when it could be read (never its path or query). */
  readonly location: string | undefined;
  /** Redirect answers received in the attempt, this one included. */
  readonly redirects: number;
  constructor(message: string, init: StudioKitErrorInit & { location?: string | undefined; redirects: number }) {
    super(message, init);
    this.location = init.location === undefined ? undefined : redactText(init.location, init.secrets ?? []);
    this.redirects = init.redirects;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), location: this.location, redirects: this.redirects };
  }
}

export class TimeoutError extends StudioKitError {
  override readonly code = "timeout";
  readonly timeoutMs: number | undefined;
  /**
   * Set when a request timed out on the way: true, because the provider may have received it (a
   * credit-spending request may have been processed, so it was not sent again). Undefined for a
   * 408 answer or a job wait that ran out of time.
   */
  readonly mayHaveReachedProvider: boolean | undefined;
  constructor(
    message: string,
    init: StudioKitErrorInit & { timeoutMs?: number | undefined; mayHaveReachedProvider?: boolean | undefined },
  ) {
    super(message, init);
    this.timeoutMs = init.timeoutMs;
    this.mayHaveReachedProvider = init.mayHaveReachedProvider;
  }
}

export class NetworkError extends StudioKitError {
  override readonly code = "network";
  /**
   * False only when the failure certainly happened before the request left this machine (refused
   * connection, unknown host). When true a credit-spending request may have been received.
   */
  readonly mayHaveReachedProvider: boolean;
  constructor(message: string, init: StudioKitErrorInit & { mayHaveReachedProvider: boolean }) {
    super(message, init);
    this.mayHaveReachedProvider = init.mayHaveReachedProvider;
  }
}

/** The caller aborted the call or the wait through its `AbortSignal`. */
export class CanceledError extends StudioKitError {
  override readonly code = "canceled";
}

export class JobFailedError extends StudioKitError {
  override readonly code = "job_failed";
  readonly jobId: string;
  /** The provider's reason, when it gave one. */
  readonly reason: string | undefined;
  constructor(message: string, init: StudioKitErrorInit & { jobId: string; reason?: string | undefined }) {
    super(message, init);
    this.jobId = init.jobId;
    this.reason = init.reason === undefined ? undefined : redactText(init.reason, init.secrets ?? []);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), jobId: this.jobId, reason: this.reason };
  }
}

/** A facade method the chosen provider has no operation for. */
export class UnsupportedCapabilityError extends StudioKitError {
  override readonly code = "unsupported_capability";
  readonly capability: string;
  constructor(message: string, init: StudioKitErrorInit & { capability: string }) {
    super(message, init);
    this.capability = init.capability;
  }
}

