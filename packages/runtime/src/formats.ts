/**
 * The string formats the generated validators check, shared by every provider package (their
 * validator modules import this file instead of each carrying a copy of ajv-formats).
 *
 * Why not import ajv-formats itself: its formats are one object literal holding all 20+ formats, so
 * no bundler can keep only the few a spec uses. These follow the RFCs directly and are written to
 * give ajv-formats' verdicts (the formats Prism checks with), which test/formats.test.ts proves on
 * a list of edge cases, so that a body Prism refuses is refused here too.
 *
 * The shapes are the ones Ajv's standalone code expects from each format at generation time: a
 * plain function for `uri`, `{ validate }` objects for the others.
 */

// RFC 3986 character classes, case-insensitive.
const unreserved = "a-z0-9\\-._~";
const subDelims = "!$&'()*+,;=";
const pctEncoded = "%[0-9a-f]{2}";
const pchar = `(?:[${unreserved}${subDelims}:@]|${pctEncoded})`;
const userinfo = `(?:[${unreserved}${subDelims}:]|${pctEncoded})*`;
const regName = `(?:[${unreserved}${subDelims}]|${pctEncoded})*`;
const segment = `${pchar}*`;
const segmentNz = `${pchar}+`;
const queryOrFragment = `(?:${pchar}|[/?])*`;
const SCHEME_AND_REST = new RegExp(`^[a-z][a-z0-9+\\-.]*:(.*)$`, "is");
const AUTHORITY_FORM = new RegExp(`^//(?:(${userinfo})@)?(\\[[^\\]]*\\]|${regName})(?::\\d*)?((?:/${segment})*)$`, "i");
// As in ajv-formats (and so Prism): an empty hier-part (`mailto:`) is refused, which RFC 3986
// would allow, and a path may start with `//` when what follows is no valid authority (ajv-formats
// reads `scheme:/` + an empty authority + that path), which RFC 3986 would not.
const PATH_FORM = new RegExp(`^(?:(?:/${segment})+|${segmentNz}(?:/${segment})*)$`, "i");
const QUERY_OR_FRAGMENT = new RegExp(`^${queryOrFragment}$`, "i");

/** `format: uri`: an absolute URI (RFC 3986 section 3), with a scheme. */
export function uri(text: string): boolean {
  const match = SCHEME_AND_REST.exec(text);
  if (!match) return false;
  let rest = match[1]!;
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    if (!QUERY_OR_FRAGMENT.test(rest.slice(hash + 1))) return false;
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf("?");
  if (question >= 0) {
    if (!QUERY_OR_FRAGMENT.test(rest.slice(question + 1))) return false;
    rest = rest.slice(0, question);
  }
  const authority = AUTHORITY_FORM.exec(rest);
  if (authority) {
    const host = authority[2]!;
    if (host.startsWith("[")) return ipLiteral(host.slice(1, -1));
    return true;
  }
  return PATH_FORM.test(rest);
}

/** IPv6address or IPvFuture inside `[...]` (RFC 3986 section 3.2.2). */
function ipLiteral(text: string): boolean {
  if (/^v[0-9a-f]+\./i.test(text)) return new RegExp(`^v[0-9a-f]+\\.[${unreserved}${subDelims}:]+$`, "i").test(text);
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half, index) => (half === "" ? [] : half.split(":").map((group) => ({ group, last: index === halves.length - 1 }))));
  let count = groups.length;
  const final = groups[groups.length - 1];
  if (final?.group.includes(".")) {
    // A trailing IPv4 address stands for the last two groups.
    if (!final.last || !ipv4(final.group)) return false;
    groups.pop();
    count += 1;
  }
  if (!groups.every(({ group }) => /^[0-9a-f]{1,4}$/i.test(group))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

function ipv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)(z|([+-])(\d{2})(?::?(\d{2}))?)?$/i;
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** RFC 3339 full-date, with real month lengths and leap years. */
function fullDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month]!);
}

/** RFC 3339 full-time; the offset is required, and a leap second only at 23:59 UTC. */
function fullTime(text: string): boolean {
  const match = TIME.exec(text);
  if (!match || !match[4]) return false;
  const [hour, minute, second] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const sign = match[5] === "-" ? -1 : 1;
  const offsetHours = Number(match[6] ?? 0);
  const offsetMinutes = Number(match[7] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  const utcMinute = minute - offsetMinutes * sign;
  const utcHour = hour - offsetHours * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
}

/** `format: date-time` (RFC 3339 section 5.6); like ajv-formats, a space may stand for the `T`. */
function dateTime(text: string): boolean {
  const parts = text.split(/t|\s/i);
  return parts.length === 2 && fullDate(parts[0]!) && fullTime(parts[1]!);
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

// One export per format, so that a bundle keeps only those its validators import. The generator
// maps each format name to its export (tools/codegen/src/validators.js, FORMAT_EXPORTS).
export const dateTimeFormat = { validate: dateTime };
export const dateFormat = { validate: fullDate };
export const int32Format = { type: "number", validate: (value: number) => Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX } as const;
export const int64Format = { type: "number", validate: (value: number) => Number.isInteger(value) } as const;
/** OpenAPI's `float` and `double` say how wide a number is, not which are allowed: any JSON number passes. */
export const numberFormat = { type: "number", validate: (_value: number) => true } as const;

/** String length in Unicode code points, as JSON Schema's `minLength`/`maxLength` count it. */
export function ucs2length(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    length++;
    const code = text.charCodeAt(index);
    // A high surrogate followed by a low one is a single code point.
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
  }
  return length;
}
