/**
 * Turning a provider's error answer, or a call the client refuses, into a typed error: only a call
 * that failed needs this, so the client loads it with a dynamic import then (its own chunk in a
 * bundle), not with every client.
 */
import type { Credential } from "./auth.js";
import type { ApiDefinition } from "./client.js";
import {
  AuthenticationError,
  InsufficientCreditsError,
  NotFoundError,
  PermissionError,
  ProviderError,
  RateLimitError,
  TimeoutError,
} from "./call-errors.js";
import { ConfigurationError, ValidationError, type StudioKitError, type StudioKitErrorInit, type ValidationIssue } from "./errors.js";
import { isSecretField, redactValue } from "./redact.js";
import { parseRetryAfter } from "./retry.js";
import { systemClock, type Clock } from "./timing.js";

/** Picks the error class for an HTTP status. */
export function errorForStatus(
  status: number,
  init: StudioKitErrorInit & { retryAfterMs?: number | undefined },
): StudioKitError {
  const where = `${init.provider}${init.operation ? ` ${init.operation}` : ""}`;
  // Redact before quoting: the quote is cut at 200 characters, and a key cut in two would no
  // longer match when the constructor redacts the finished message.
  const detail = describeBody(redactValue(init.body, init.secrets ?? []));
  const message = `${where} failed with HTTP ${status}${detail ? `: ${detail}` : ""}`;
  switch (status) {
    case 400:
    case 422:
      return new ValidationError(message, { ...init, issues: issuesFromBody(init.body) });
    case 401:
      return new AuthenticationError(message, init);
    case 402:
      return new InsufficientCreditsError(message, init);
    case 403:
      return new PermissionError(message, init);
    case 404:
      return new NotFoundError(message, init);
    case 408:
      return new TimeoutError(message, init);
    case 429:
      return new RateLimitError(message, init);
    default:
      return new ProviderError(message, init);
  }
}

/** The human part of an error body, in the shapes our providers use. */
function describeBody(body: unknown): string | undefined {
  if (typeof body === "string") return body.length > 200 ? `${body.slice(0, 200)}…` : body || undefined;
  if (!body || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ["detail", "message", "error", "title"]) {
    const value = record[key];
    if (typeof value === "string" && value) return value;
    if (value && typeof value === "object" && typeof (value as { message?: unknown }).message === "string") {
      return (value as { message: string }).message;
    }
  }
  return undefined;
}

/** Field-level problems from a provider's validation body (RFC 9457 `violations`, or `errors`). */
function issuesFromBody(body: unknown): ValidationIssue[] {
  if (!body || typeof body !== "object") return [];
  const record = body as Record<string, unknown>;
  const list = Array.isArray(record.violations) ? record.violations : Array.isArray(record.errors) ? record.errors : [];
  return list.flatMap((item: unknown) => {
    if (!item || typeof item !== "object") return [];
    const entry = item as Record<string, unknown>;
    const path = entry.field ?? entry.path ?? entry.location;
    const message = entry.message ?? entry.detail;
    return typeof message === "string" ? [{ path: typeof path === "string" ? path : "", message }] : [];
  });
}

/** An error body: JSON where it parses (as plain data), otherwise the text. */
export function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A path the spec has no operation for (plain JavaScript, or a path built at run time). */
export function unknownOperation(provider: string, method: string, path: string, secrets: readonly string[]): ValidationError {
  const message = `no operation ${method} ${String(path).slice(0, 200)} in the spec`;
  return new ValidationError(`${provider}: ${message}`, { provider, local: true, issues: [{ path: "path", message }], secrets });
}

/** A call's own option (`signal`, `timeoutMs`, a header) that is wrong: nothing was sent. */
export function callOptionProblem(provider: string, operation: string, [path, message]: [path: string, message: string]): ValidationError {
  return new ValidationError(`${provider} ${operation}: ${path} ${message}; nothing was sent`, { provider, operation, local: true, issues: [{ path, message }] });
}

/** A call header an HTTP request cannot carry (named, its value never quoted). */
export function callHeaderProblem(provider: string, operation: string, [message, path]: [message: string, path: string]): ValidationError {
  return new ValidationError(`${provider} ${operation}: ${message}`, { provider, operation, local: true, issues: [{ path, message }] });
}

/** A credential the client cannot send: for a scheme the spec does not have, or not a header value. */
export function credentialProblem(
  definition: ApiDefinition,
  credential: Credential,
  option: string,
  secrets: readonly string[],
  /** The spec's schemes, quoted (the client's own wording). */
  schemes: string,
): ConfigurationError {
  const { provider } = definition;
  const init = { provider, reason: "invalid_option" as const, option, secrets: [credential.value, ...secrets] };
  if (!definition.authSchemes[credential.scheme]) {
    // A custom credential source named a scheme the spec does not have.
    return new ConfigurationError(`${provider}: the credentials are for auth scheme "${String(credential.scheme).slice(0, 80)}", which is not one of ${schemes}`, {
      ...init,
      option: "credentials",
    });
  }
  // Headers would quote the whole rejected value (the key) in its message: never quoted here.
  return new ConfigurationError(`${provider}: the API key contains characters an HTTP header cannot carry (a line break or a non-Latin-1 character?)`, init);
}

/** A 2xx whose body is not JSON (malformed, or an HTML page). */
export function unreadableAnswer(provider: string, operation: string, response: Response, text: string, secrets: readonly string[], requestBody: unknown): ProviderError {
  // The parser's error is not kept as the cause: its message quotes the start of the body, which
  // could hold a fragment of an echoed key that whole-key redaction would not match.
  return new ProviderError(`${provider} ${operation}: the HTTP ${response.status} response could not be read as JSON`, {
    provider,
    operation,
    status: response.status,
    body: text,
    requestId: response.headers.get("x-request-id") ?? undefined,
    // A credential the body carries (a login's password) is redacted like the key.
    secrets: secretsOfCall(secrets, requestBody),
  });
}

/** The typed error for a provider's error answer. */
export function statusError(
  provider: string,
  operation: string,
  method: string,
  response: Response,
  text: string,
  clock: Clock | undefined,
  secrets: readonly string[],
  requestBody: unknown,
): StudioKitError {
  const { status, headers } = response;
  const empty = text === "" || status === 204 || method === "HEAD";
  return errorForStatus(status, {
    provider,
    operation,
    status,
    body: empty ? undefined : parseErrorBody(text),
    requestId: headers.get("x-request-id") ?? undefined,
    retryAfterMs: parseRetryAfter(headers.get("retry-after"), (clock ?? systemClock).now()),
    secrets: secretsOfCall(secrets, requestBody),
  });
}

/**
 * Credentials a request carries in its body (a login's `password`): values of fields named like a
 * secret, at the top level and one level down. They are redacted from that request's errors, so a
 * server that echoes the body cannot put them in a message. Only a failed call needs this.
 */
export function secretsInBody(body: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== "object" || value instanceof Blob) return;
    for (const key of Object.keys(value)) {
      const inner = (value as Record<string, unknown>)[key];
      if (typeof inner === "string" && isSecretField(key)) found.push(inner);
      else if (depth < 1) visit(inner, depth + 1);
    }
  };
  visit(body, 0);
  return found;
}

/** The secrets one call's errors are scrubbed of: the client's, and any the request body carries. */
function secretsOfCall(secrets: readonly string[], body: unknown): readonly string[] {
  const inBody = secretsInBody(body);
  return inBody.length > 0 ? [...secrets, ...inBody] : secrets;
}

/** A call that needs the key, on a client made without one (public operations work without it). */
export function missingKey(provider: string): ConfigurationError {
  return new ConfigurationError(`${provider}: apiKey is required (pass it to the client factory)`, { provider, reason: "missing_credentials", option: "apiKey" });
}
