/**
 * Key redaction. Every error, log line and serialised object that leaves the runtime passes
 * through here, so that an API key, token or password can never be printed, logged or thrown —
 * even when a provider echoes it back in an error body.
 */

export const REDACTED = "[redacted]";

/** Field names whose values are secrets whatever they contain. */
const SECRET_FIELD = /^(api[-_]?key|access[-_]?token|refresh[-_]?token|token|password|secret|authorization|x-api-key|user[-_]?key)$/i;

/** Secrets shorter than this are not searched for inside strings: they would match by chance. */
const MIN_SECRET_LENGTH = 4;

/** Replaces every occurrence of each secret in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * Returns a deep copy of `value` in which every string containing a secret is redacted and every
 * field named like a credential (`apiKey`, `accessToken`, `password`, …) is replaced whole.
 */
export function redactValue<T>(value: T, secrets: readonly string[], seen = new WeakMap<object, unknown>()): T {
  if (typeof value === "string") return redactText(value, secrets) as T;
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return seen.get(value) as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(redactValue(item, secrets, seen));
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = SECRET_FIELD.test(key) && inner != null ? REDACTED : redactValue(inner, secrets, seen);
  }
  return copy as T;
}
