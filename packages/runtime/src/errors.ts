/**
 * The error classes every studiokit client throws. Callers branch on the class (`instanceof
 * RateLimitError`) or on `code`. Each error carries the provider, the operation, the HTTP status and
 * the parsed body; none carries the API key — messages and bodies are redacted when the error is made.
 *
 * This module has the base class and the two errors a client can throw before any request (a bad
 * option when it is made, a bad call); the errors of a request that failed are in `call-errors.ts`,
 * which only the lazily loaded failure paths import, so that a client does not load them up front.
 */
import { redactText, redactValue } from "./redact.js";

export type ErrorCode =
  | "authentication"
  | "permission"
  | "insufficient_credits"
  | "rate_limit"
  | "validation"
  | "not_found"
  | "provider"
  | "timeout"
  | "network"
  | "canceled"
  | "job_failed"
  | "unsupported_capability"
  | "configuration";

export interface StudioKitErrorInit {
  provider: string;
  /** The operationId of the call, or a facade method name. */
  operation?: string | undefined;
  status?: number | undefined;
  /** The parsed response body (JSON where it parsed, otherwise text). */
  body?: unknown;
  /** The provider's request id, when a response header carries one. */
  requestId?: string | undefined;
  cause?: unknown;
  /** Secrets to scrub from the message and body (the client passes its credentials). */
  secrets?: readonly string[] | undefined;
}

export class StudioKitError extends Error {
  readonly code: ErrorCode = "provider";
  readonly provider: string;
  readonly operation: string | undefined;
  readonly status: number | undefined;
  readonly body: unknown;
  readonly requestId: string | undefined;
  /**
   * Set by the facade when a call that makes several paid provider requests (a split `n`) failed
   * part-way: a job handle of what was created before the failure, so that nothing paid for is lost.
   */
  partialJob?: unknown;

  constructor(message: string, init: StudioKitErrorInit) {
    const secrets = init.secrets ?? [];
    super(redactText(message, secrets));
    this.name = new.target.name;
    this.provider = init.provider;
    this.operation = init.operation;
    this.status = init.status;
    this.body = redactValue(init.body, secrets);
    // A response header, so the provider's to fill: redacted like the body.
    this.requestId = init.requestId === undefined ? undefined : redactText(init.requestId, secrets);
    // The cause is kept only when it cannot carry a secret of ours: low-level network errors
    // describe sockets, not headers. Anything else is summarised in the message instead.
    if (init.cause instanceof Error) {
      Object.defineProperty(this, "cause", {
        value: { name: init.cause.name, message: redactText(init.cause.message, secrets), code: errorCodeOf(init.cause) },
        enumerable: false,
        configurable: true,
        writable: true,
      });
    }
  }

  /** A plain, key-free object: what `JSON.stringify(error)` prints. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      provider: this.provider,
      operation: this.operation,
      status: this.status,
      requestId: this.requestId,
      body: this.body,
      ...(this.partialJob !== undefined ? { partialJob: this.partialJob } : {}),
    };
  }
}

export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `body.settings.duration` or `query.pageSize`. */
  path: string;
  message: string;
}

export class ValidationError extends StudioKitError {
  override readonly code = "validation";
  readonly issues: readonly ValidationIssue[];
  /** True when our own validator rejected the request before anything was sent. */
  readonly local: boolean;
  constructor(message: string, init: StudioKitErrorInit & { issues?: readonly ValidationIssue[]; local?: boolean }) {
    super(message, init);
    // Issues are read from the provider's body, which may echo the key; `toJSON` prints them.
    this.issues = redactValue(init.issues ?? [], init.secrets ?? []);
    this.local = init.local ?? false;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues, local: this.local };
  }
}

/**
 * What a configuration problem is, for callers that branch on it (`error.reason`):
 * - `missing_credentials`: no API key (or login) was given;
 * - `unknown_provider`: `provider` is not one of the supported ids;
 * - `invalid_base_url`: `baseUrl` is not an absolute http(s) URL, carries a user or password, or is
 *   plain http to a host that is not this machine;
 * - `unknown_option`: an option name that does not exist (the message suggests the nearest one);
 * - `invalid_option`: an option of the wrong type or out of range.
 */
export type ConfigurationReason = "missing_credentials" | "unknown_provider" | "invalid_base_url" | "unknown_option" | "invalid_option";

/** A client or studio could not be made from the options given; nothing was sent. */
export class ConfigurationError extends StudioKitError {
  override readonly code = "configuration";
  readonly reason: ConfigurationReason;
  /** The option concerned, e.g. `baseUrl` or `retry.maxDelayMs`. */
  readonly option: string | undefined;
  constructor(message: string, init: StudioKitErrorInit & { reason: ConfigurationReason; option?: string | undefined }) {
    super(message, init);
    this.reason = init.reason;
    this.option = init.option;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, option: this.option };
  }
}

/** Node's network errors carry a `code` on the error or on its cause (undici wraps them). */
export function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
