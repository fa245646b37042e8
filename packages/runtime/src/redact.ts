/**
 * Key redaction. Every error, log line and serialised object that leaves the runtime passes
 * through here, so that an API key, token or password can never be printed, logged or thrown —
 * even when a provider echoes it back in an error body, and even in the forms a server or proxy
 * may turn it into: URL-encoded (a query string, a Location), JSON-escaped (a body quoted inside a
 * string), HTML-escaped (an error page) or base64 (a Basic header, a token wrapped in another).
 *
 * The walk over a body is bounded (depth `MAX_REDACT_DEPTH`, `MAX_REDACT_NODES` values), because the
 * body is the provider's to choose: a 10⁵-deep JSON document must end in a marker, not a RangeError.
 * The copy it returns is plain data: a `__proto__` key stays an ordinary own property.
 */

export const REDACTED = "[redacted]";

/** What stands in for the part of a body deeper or larger than the redaction walk goes. */
export const TRUNCATED = "[truncated]";

/** Nesting deeper than this is replaced by `TRUNCATED` (no real provider body comes close). */
export const MAX_REDACT_DEPTH = 64;

/** Values visited in one body before the rest is replaced by `TRUNCATED`. */
export const MAX_REDACT_NODES = 100_000;

/** Field names whose values are secrets whatever they contain. */
const SECRET_FIELD = /^(api[-_]?key|access[-_]?token|refresh[-_]?token|token|password|secret|authorization|x-api-key|user[-_]?key)$/i;

/** Secrets shorter than this are not searched for inside strings: they would match by chance. */
const MIN_SECRET_LENGTH = 4;

/** A derived form shorter than this (a base64 core of a short secret) is not searched for. */
const MIN_DERIVED_LENGTH = 6;

/** True when a field of this name holds a credential whatever its value (`password`, `apiKey`, …). */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

const formsCache = new Map<string, readonly string[]>();

/**
 * Every form of `secret` to search for, longest first: the secret itself, URL-encoded (also with
 * `+` for spaces), JSON-escaped once and twice, HTML-escaped, and the part of its base64 (standard
 * and URL-safe) that is the same wherever the secret sits in the encoded bytes.
 */
export function secretForms(secret: string): readonly string[] {
  const cached = formsCache.get(secret);
  if (cached) return cached;
  const forms = new Set<string>();
  if (secret.length >= MIN_SECRET_LENGTH) {
    forms.add(secret);
    const url = encodeURIComponent(secret);
    forms.add(url);
    forms.add(url.replace(/%20/g, "+"));
    const json = JSON.stringify(secret).slice(1, -1);
    forms.add(json);
    forms.add(JSON.stringify(json).slice(1, -1));
    forms.add(secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;"));
    for (const core of base64Cores(secret)) {
      if (core.length < MIN_DERIVED_LENGTH) continue;
      forms.add(core);
      forms.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  const result = [...forms].sort((a, b) => b.length - a.length);
  // Tokens rotate; a long-lived process must not keep every one it ever redacted.
  if (formsCache.size >= 256) formsCache.clear();
  formsCache.set(secret, result);
  return result;
}

/**
 * The characters of base64 output that depend only on the secret's bytes, for each of the three
 * offsets (mod 3) at which it can sit in the encoded data: the first characters mix in the bytes
 * before it and the last partial one the bytes after, so both are cut off.
 */
function base64Cores(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = toBase64(padded);
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor((padded.length * 8) / 6);
    cores.push(encoded.slice(first, last));
  }
  return cores;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const combinedCache = new Map<string, readonly string[]>();

function formsOf(secrets: readonly string[]): readonly string[] {
  if (secrets.length === 1) return secretForms(secrets[0]!);
  // A client's secrets change rarely (a login's password and its token): combine them once.
  const key = secrets.join("\u0000");
  const cached = combinedCache.get(key);
  if (cached) return cached;
  const all = new Set<string>();
  for (const secret of secrets) for (const form of secretForms(secret)) all.add(form);
  const result = [...all].sort((a, b) => b.length - a.length);
  if (combinedCache.size >= 64) combinedCache.clear();
  combinedCache.set(key, result);
  return result;
}

function replaceForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/** Replaces every occurrence of each secret, in any of its derived forms, in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  return replaceForms(text, formsOf(secrets));
}

/**
 * Returns a deep copy of `value` in which every string containing a secret is redacted and every
 * field named like a credential (`apiKey`, `accessToken`, `password`, …) is replaced whole. Deeper
 * than `MAX_REDACT_DEPTH` or beyond `MAX_REDACT_NODES` values, the rest is `TRUNCATED`.
 */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  const forms: readonly string[] = secrets.length === 0 ? [] : formsOf(secrets);
  const seen = new WeakMap<object, unknown>();
  let nodes = 0;

  const walk = (current: unknown, depth: number): unknown => {
    if (++nodes > MAX_REDACT_NODES) return TRUNCATED;
    if (typeof current === "string") return forms.length === 0 ? current : replaceForms(current, forms);
    if (current === null || typeof current !== "object") return current;
    if (seen.has(current)) return seen.get(current);
    if (depth >= MAX_REDACT_DEPTH) return TRUNCATED;
    if (Array.isArray(current)) {
      const copy: unknown[] = [];
      seen.set(current, copy);
      for (const item of current) copy.push(walk(item, depth + 1));
      return copy;
    }
    const copy: Record<string, unknown> = {};
    seen.set(current, copy);
    for (const key of Object.keys(current)) {
      const inner = (current as Record<string, unknown>)[key];
      const redacted = SECRET_FIELD.test(key) && inner != null ? REDACTED : walk(inner, depth + 1);
      setOwn(copy, key, redacted);
    }
    return copy;
  };
  return walk(value, 0) as T;
}

/** Sets `key` as an own data property: `copy.__proto__ = …` would replace the prototype instead. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
