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

/**
 * Characters no encoder we know of rewrites (URL-unreserved ASCII): matched as themselves only, so
 * that the pattern of a long token (a JWT is almost all of these) stays small.
 */
const PLAIN_CHAR = /^[A-Za-z0-9_.~-]$/;

/** HTML's named references for the characters that have one (any case: `&AMP;` is valid HTML). */
const HTML_NAMED: Record<string, string> = { "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" };

/** JSON's two-character escapes. */
const JSON_SHORT: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t" };

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/** `text` matching in either case, letter by letter: `%2f` and `%2F` are the same byte. */
const caseless = (text: string) => text.replace(/[a-z]/gi, (letter) => `[${letter.toLowerCase()}${letter.toUpperCase()}]`);

const hex = (value: number, width: number) => value.toString(16).padStart(width, "0");

/**
 * A pattern for one character of a secret in any of the forms a server may write it in, so that the
 * forms mix freely within one echo: itself; percent-encoded (each UTF-8 byte, hex in either case, also
 * encoded again as `%25…`; a space also as `+`), as every encoder does it (`encodeURIComponent`
 * escapes `/`, Python's `quote` does not); an HTML character reference (decimal, hex or named, as
 * Go's `&#34;`, Python's `&quot;` and `&#x27;`, or only some characters escaped); JSON's `\uXXXX` or
 * short escape, nested in strings any number of times (each level adds backslashes), as Go's
 * `\u0026` for `&`.
 */
function charPattern(char: string, first: boolean): string {
  if (PLAIN_CHAR.test(char)) return escapeRegExp(char);
  // A backslash-escaped first character may not begin inside a run of backslashes: without this,
  // every backslash of a long run would start a match that scans the rest of the run, and a body of
  // backslashes (a provider's to choose) would take quadratic time (32,000 of them took 3.4 s).
  const run = first ? "(?<!\\\\)\\\\+" : "\\\\+";
  const code = char.codePointAt(0)!;
  const forms = [escapeRegExp(char)];
  forms.push([...new TextEncoder().encode(char)].map((byte) => `%(?:25)*${caseless(hex(byte, 2))}`).join(""));
  if (char === " ") forms.push("\\+");
  forms.push(`&#0*${code};?`, `&#[xX]0*${caseless(hex(code, 1))};?`);
  if (HTML_NAMED[char]) forms.push(`&${caseless(HTML_NAMED[char])};`);
  const units = Array.from({ length: char.length }, (_, index) => char.charCodeAt(index));
  forms.push(units.map((unit, index) => `${index === 0 ? run : "\\\\+"}${caseless(`u${hex(unit, 4)}`)}`).join(""));
  if (JSON_SHORT[char]) forms.push(`${run}${escapeRegExp(JSON_SHORT[char])}`);
  return `(?:${forms.join("|")})`;
}

/**
 * The forms of `secret` that cannot be matched character by character: the part of its base64
 * (standard and URL-safe) that is the same wherever the secret sits in the encoded bytes, and its
 * bytes in hex (a debugging dump).
 */
function wholeForms(secret: string): string[] {
  const forms: string[] = [];
  for (const core of base64Cores(secret)) {
    if (core.length < MIN_DERIVED_LENGTH) continue;
    forms.push(escapeRegExp(core), escapeRegExp(core.replace(/\+/g, "-").replace(/\//g, "_")));
  }
  forms.push(caseless([...new TextEncoder().encode(secret)].map((byte) => hex(byte, 2)).join("")));
  return forms;
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

const patternCache = new Map<string, RegExp | undefined>();

/**
 * One pattern matching every secret of `secrets` in every form, or undefined when none is long
 * enough to search for. Longer secrets come first, so that a secret containing another is
 * redacted whole. A client's secrets change rarely (a login's password and its token): each set is
 * compiled once.
 */
function patternOf(secrets: readonly string[]): RegExp | undefined {
  const key = secrets.join("\u0000");
  if (patternCache.has(key)) return patternCache.get(key);
  const searched = [...new Set(secrets)].filter((secret) => secret.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  const alternatives = searched.map((secret) => Array.from(secret, (char, index) => charPattern(char, index === 0)).join(""));
  for (const secret of searched) alternatives.push(...wholeForms(secret));
  const pattern = alternatives.length > 0 ? new RegExp(alternatives.join("|"), "g") : undefined;
  // Tokens rotate; a long-lived process must not keep every one it ever redacted.
  if (patternCache.size >= 256) patternCache.clear();
  patternCache.set(key, pattern);
  return pattern;
}

/**
 * A run of a secret this long, and at least half of it, is redacted too: a server that truncates the
 * key it quotes (`Invalid key sk_live_4f9a…`) or cuts off its first characters still prints most of
 * it. Shorter runs stay, so that a masked last four and a prefix shared by every key (`sk_live_`, a
 * JWT's header) do not blank out unrelated text such as URLs.
 */
export const MIN_FRAGMENT_LENGTH = 12;

/**
 * Replaces every run of at least `max(MIN_FRAGMENT_LENGTH, half the secret)` characters of a secret
 * (as written, not encoded). Such a run always holds one of the secret's blocks of half that length
 * at a multiple of it, so only those blocks are searched for, and each hit is widened to the run.
 */
function redactFragments(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    const min = Math.max(MIN_FRAGMENT_LENGTH, Math.ceil(secret.length / 2));
    if (secret.length < min || out.length < min) continue;
    const block = Math.floor(min / 2);
    const ranges: [number, number][] = [];
    for (let start = 0; start + block <= secret.length; start += block) {
      const anchor = secret.slice(start, start + block);
      for (let at = out.indexOf(anchor); at !== -1; at = out.indexOf(anchor, at + 1)) {
        let left = 0;
        while (left < start && left < at && out[at - left - 1] === secret[start - left - 1]) left++;
        let right = block;
        while (start + right < secret.length && at + right < out.length && out[at + right] === secret[start + right]) right++;
        if (left + right >= min) ranges.push([at - left, at + right]);
      }
    }
    if (ranges.length === 0) continue;
    ranges.sort((a, b) => a[0] - b[0]);
    let rebuilt = "";
    let cursor = 0;
    for (const [from, to] of ranges) {
      if (to <= cursor) continue;
      if (from >= cursor) rebuilt += out.slice(cursor, from) + REDACTED;
      cursor = to;
    }
    out = rebuilt + out.slice(cursor);
  }
  return out;
}

function replaceForms(text: string, pattern: RegExp | undefined, secrets: readonly string[]): string {
  return pattern === undefined ? text : redactFragments(text.replace(pattern, REDACTED), secrets);
}

/** Replaces every occurrence of each secret, in any of its derived forms, and every long run of one, in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  return replaceForms(text, patternOf(secrets), secrets);
}

/**
 * Returns a deep copy of `value` in which every string containing a secret is redacted and every
 * field named like a credential (`apiKey`, `accessToken`, `password`, …) is replaced whole. Deeper
 * than `MAX_REDACT_DEPTH` or beyond `MAX_REDACT_NODES` values, the rest is `TRUNCATED`.
 */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  const pattern = secrets.length === 0 ? undefined : patternOf(secrets);
  const seen = new WeakMap<object, unknown>();
  let nodes = 0;

  const walk = (current: unknown, depth: number): unknown => {
    if (++nodes > MAX_REDACT_NODES) return TRUNCATED;
    if (typeof current === "string") return replaceForms(current, pattern, secrets);
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
