/**
 * Turning a provider's error answer into a typed error: only a call that failed needs this, so the
 * client loads it with a dynamic import then (its own chunk in a bundle), not with every client.
 */
import {
  AuthenticationError,
  InsufficientCreditsError,
  NotFoundError,
  PermissionError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  ValidationError,
  type StudioKitError,
  type StudioKitErrorInit,
  type ValidationIssue,
} from "./errors.js";
import { redactValue } from "./redact.js";

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
