/**
 * The runtime's own formats (shared by every generated validator) give the verdicts of
 * ajv-formats, the library Prism checks with: a value one accepts and the other refuses would let
 * a request through that the provider's contract refuses, or the reverse.
 */
import { fullFormats } from "ajv-formats/dist/formats.js";
import { describe, expect, it } from "vitest";
import { dateFormat, dateTimeFormat, int32Format, int64Format, numberFormat, ucs2length, uri } from "../src/formats.js";

const reference = (name: keyof typeof fullFormats) => {
  const format = fullFormats[name] as unknown;
  if (typeof format === "function") return format as (value: any) => boolean;
  if (format instanceof RegExp) return (value: any) => format.test(value);
  return (format as { validate: (value: unknown) => boolean }).validate;
};

const uris = [
  "https://example.com",
  "https://example.com/",
  "https://cdn.example.com/a/b.png?x=1&y=2#top",
  "http://user:pa%20ss@example.com:8080/path",
  "http://example.com:/path",
  "https://[::1]/x",
  "https://[2001:db8::7]/",
  "https://[2001:db8:0:0:0:0:0:7]/",
  "https://[2001:db8:0:0:0:0:7]/",
  "https://[2001:db8::0:0:0:0:0:7]/",
  "https://[::ffff:192.0.2.1]/",
  "https://[::ffff:192.0.2.256]/",
  "https://[1:2:3:4:5:6:192.0.2.1]/",
  "https://[1:2:3:4:5:6:7:192.0.2.1]/",
  "https://[v1.fe80::a+en1]/",
  "https://[vz.x]/",
  "https://[1::2::3]/",
  "https://[12345::]/",
  "https://[::]/",
  "https://[]/",
  "https://exa mple.com",
  "https://example.com/a b",
  "https://example.com/%zz",
  "https://example.com/%2F",
  "https://example.com/ü",
  "https://example.com/\"quoted\"",
  "https://example.com/<x>",
  "https://example.com?q=a?b/c",
  "https://example.com#a#b",
  "mailto:someone@example.com",
  "urn:isbn:0451450523",
  "file:///etc/hosts",
  "a:",
  "a:/",
  "a://",
  "a:b",
  "1http://example.com",
  "HTTP://EXAMPLE.COM/",
  "x+y.z-w://host",
  "//example.com/no-scheme",
  "/relative/path",
  "relative",
  "",
  "https://example.com:80a/",
  "https://ex%41mple.com/",
  "https://example.com/a:b@c",
  "data:image/png;base64,iVBORw0KGgo=",
];

const dateTimes = [
  "2024-01-31T10:00:00Z",
  "2024-01-31t10:00:00z",
  "2024-01-31 10:00:00Z",
  "2024-01-31T10:00:00.123456+02:00",
  "2024-01-31T10:00:00+0200",
  "2024-01-31T10:00:00+02",
  "2024-01-31T10:00:00",
  "2024-02-29T00:00:00Z",
  "2023-02-29T00:00:00Z",
  "1900-02-29T00:00:00Z",
  "2000-02-29T00:00:00Z",
  "2024-04-31T00:00:00Z",
  "2024-13-01T00:00:00Z",
  "2024-00-01T00:00:00Z",
  "2024-01-00T00:00:00Z",
  "2024-01-01T24:00:00Z",
  "2024-01-01T23:60:00Z",
  "2016-12-31T23:59:60Z",
  "2016-12-31T15:59:60-08:00",
  "2016-12-31T22:59:60Z",
  "2024-01-01T10:00:00+24:00",
  "2024-01-01T10:00:00+02:60",
  "2024-01-01",
  "2024-01-01T",
  "2024-1-01T10:00:00Z",
  "2024-01-01T10:00Z",
  "2024-01-01TT10:00:00Z",
  "",
];

describe("the runtime's formats agree with ajv-formats", () => {
  it.each(uris)("uri %j", (value) => {
    expect(uri(value)).toBe(reference("uri")(value));
  });

  it.each(dateTimes)("date-time %j", (value) => {
    expect(dateTimeFormat.validate(value)).toBe(reference("date-time")(value));
  });

  it.each(["2024-02-29", "2023-02-29", "2024-04-31", "2024-12-31", "24-01-01", "2024-01-01T00:00:00Z"])("date %j", (value) => {
    expect(dateFormat.validate(value)).toBe(reference("date")(value));
  });

  it.each([0, 1.5, -(2 ** 31), 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53])("int32, int64 and double %j", (value) => {
    expect(int32Format.validate(value)).toBe(reference("int32")(value));
    expect(int64Format.validate(value)).toBe(reference("int64")(value));
    expect(numberFormat.validate(value)).toBe(reference("double")(value));
  });

  it("counts code points, not UTF-16 units, like Ajv's ucs2length", () => {
    expect(ucs2length("abc")).toBe(3);
    expect(ucs2length("😀")).toBe(1);
    expect(ucs2length("a😀b")).toBe(3);
    expect(ucs2length("\ud83d")).toBe(1);
    expect(ucs2length("\ude00\ud83d")).toBe(2);
  });
});

describe("on generated strings", () => {
  // A fixed seed: the same strings every run, built from the characters URIs and dates are made of.
  function* strings(alphabet: string, prefixes: string[], count: number) {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < count; i++) {
      let text = prefixes[Math.floor(next() * prefixes.length)]!;
      const length = Math.floor(next() * 14);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(next() * alphabet.length)];
      yield text;
    }
  }

  it("uri agrees on 20,000 strings", () => {
    const disagreements: string[] = [];
    for (const value of strings("az09:/?#[]@!$&'()*+,;=%-._~ \"<>\\^`{|}fF.v", ["https://", "a:", "h://[", "h://[::", "x:/", "mailto:", "", "h://u@"], 20_000)) {
      if (uri(value) !== reference("uri")(value)) disagreements.push(value);
    }
    expect(disagreements).toEqual([]);
  });

  it("date-time agrees on 20,000 strings", () => {
    const disagreements: string[] = [];
    for (const value of strings("0123456789:-.+zZtT ", ["2024-02-2", "2016-12-31T23:5", "2024-", "1999-12-31T", ""], 20_000)) {
      if (dateTimeFormat.validate(value) !== reference("date-time")(value)) disagreements.push(value);
    }
    expect(disagreements).toEqual([]);
  });
});
