/**
 * Redaction of the whole class: every credential a client holds (an API key in each scheme's header,
 * a login's password, a login token), echoed by the server in every form a server or proxy may turn
 * it into (as is, URL-encoded, JSON-escaped inside a string, HTML-escaped — each the way several
 * common libraries do it — base64 of the header value, base64 of `user:secret`, hex), through every carrier (the JSON body, a plain-text body, a
 * malformed 200, the request-id header), must not be readable in any printed form of the error:
 * message, stack, JSON, util.inspect (with the cause chain), String(), or what console prints.
 */
import { format, inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { loginCredentials, redactText, StudioKitError, type AuthScheme, type ClientOptions } from "../src/index.js";
import { answer, type Answer, type RecordedRequest } from "./support/scripted-server.js";
import { rejectionOf, testDefinition, useHarness } from "./support/fixtures.js";

const h = useHarness();
const video = { prompt: "a cat surfing", settings: { duration: 5 } };

/**
 * A secret with every character an encoding changes (space, quote, backslash, &, <, +, /, =, é), so
 * that each derived form differs from the secret itself.
 */
const PASSWORD = `pw "SENTINEL"\\ a&b<c>+/=é-93d1`;
const KEY = "sk-SENTINEL-5e8b1c07d94a";
const TOKEN = "tok-SENTINEL-b71f2c9e06a8";

interface CredentialCase {
  secret: string;
  /** The header the secret travels in, as the server sees it. */
  header: (request: RecordedRequest) => string;
  scheme: AuthScheme;
  options: Partial<ClientOptions>;
  /** Makes the call (the login case calls the public login operation with the password). */
  call: (client: ReturnType<typeof h.client>) => Promise<unknown>;
}

const CREDENTIALS: Record<string, CredentialCase> = {
  "Bearer key": {
    secret: KEY,
    header: (r) => String(r.headers.authorization),
    scheme: { type: "bearer" },
    options: { apiKey: KEY },
    call: (client) => client.POST("/videos/generate", { body: video }),
  },
  "X-API-Key key": {
    secret: KEY,
    header: (r) => String(r.headers["x-api-key"]),
    scheme: { type: "header", name: "X-API-Key" },
    options: { apiKey: KEY },
    call: (client) => client.POST("/videos/generate", { body: video }),
  },
  "Authorization: Key …": {
    secret: KEY,
    header: (r) => String(r.headers.authorization),
    scheme: { type: "header", name: "Authorization", prefix: "Key " },
    options: { apiKey: KEY },
    call: (client) => client.GET("/influencers"),
  },
  "raw Authorization key": {
    secret: KEY,
    header: (r) => String(r.headers.authorization),
    scheme: { type: "header", name: "Authorization" },
    options: { apiKey: KEY },
    call: (client) => client.GET("/influencers"),
  },
  "login password (sent in the login body)": {
    secret: PASSWORD,
    header: () => PASSWORD,
    scheme: { type: "bearer" },
    options: { apiKey: undefined },
    call: (client) => client.POST("/auth/login", { body: { email: "ada@example.com", password: PASSWORD } }),
  },
  "login token": {
    secret: TOKEN,
    header: (r) => String(r.headers.authorization),
    scheme: { type: "bearer" },
    options: { apiKey: undefined, credentials: loginCredentials({ scheme: "auth", secrets: [PASSWORD], login: async () => TOKEN }) },
    call: (client) => client.GET("/influencers"),
  },
};

/** The ways a server may write the credential back, derived here by hand (not by the runtime). */
const ENCODINGS: Record<string, (secret: string, header: string) => string> = {
  "as is": (secret) => secret,
  "the whole header value": (_secret, header) => header,
  "URL-encoded": (secret) => encodeURIComponent(secret),
  "JSON-escaped inside a string": (secret) => JSON.stringify(secret).slice(1, -1),
  "HTML-escaped": (secret) => secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"),
  "base64 of the header value": (_secret, header) => Buffer.from(header).toString("base64"),
  "base64 of user:secret (Basic)": (secret) => Buffer.from(`ada@example.com:${secret}`).toString("base64"),
  "base64url of the secret after two bytes": (secret) => Buffer.from(`xy${secret}`).toString("base64url"),
  // Encoders differ in which characters they escape and how; each of these is a common library's.
  "URL-encoded with / kept (Python's quote)": (secret) => encodeURIComponent(secret).replace(/%2F/g, "/"),
  "percent-encoded in lower case": (secret) => encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (byte) => byte.toLowerCase()),
  "URL-encoded twice": (secret) => encodeURIComponent(encodeURIComponent(secret)),
  "HTML-escaped as Go does (&#34; &#39;)": (secret) => secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&#34;").replace(/'/g, "&#39;"),
  "HTML-escaped in part (& only)": (secret) => secret.replace(/&/g, "&amp;"),
  "JSON-escaped as Go does (\\u0026 \\u003c \\u003e)": (secret) =>
    JSON.stringify(secret).slice(1, -1).replace(/&/g, "\\u0026").replace(/</g, "\\u003c").replace(/>/g, "\\u003e"),
  "JSON-escaped with non-ASCII as \\uXXXX (Python's json.dumps)": (secret) =>
    JSON.stringify(secret).slice(1, -1).replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`),
  "hex of its bytes": (secret) => Buffer.from(secret).toString("hex"),
  // A server that shortens what it quotes still prints most of the secret.
  "truncated to a little over half": (secret) => secret.slice(0, fragmentLength(secret) + 1),
  "with its first characters cut off": (secret) => secret.slice(secret.length - fragmentLength(secret) - 1),
};

/** The shortest run of a secret that counts as leaking it: half of it, and at least 12 characters. */
const fragmentLength = (secret: string) => Math.max(12, Math.ceil(secret.length / 2));

/** Where in the answer the echo goes. */
const CARRIERS: Record<string, (echo: string) => Answer> = {
  "JSON error body": (echo) => answer.json(400, { detail: `rejected ${echo}`, violations: [{ field: "prompt", message: `saw ${echo}` }] }),
  "plain-text 500": (echo) => answer.text(500, `upstream said: ${echo}`),
  "malformed 200": (echo) => answer.text(200, `{"echo":"${echo}`, "application/json"),
  "request-id header of a 403": (echo) => answer.json(403, { error: "forbidden" }, { "x-request-id": echo }),
};

/** Every printed form of `error`, console output included. */
function printedForms(error: unknown): Record<string, string> {
  const logged: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(format(...args)));
  try {
    console.error(error);
    console.error("failed: %o", error);
  } finally {
    spy.mockRestore();
  }
  const e = error as Error;
  return {
    message: e.message,
    stack: e.stack ?? "",
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: 20, showHidden: true }),
    string: String(error),
    console: logged.join("\n"),
  };
}

describe("no credential, in any form, in any printed form of an error", () => {
  for (const [credentialName, credential] of Object.entries(CREDENTIALS)) {
    for (const [encodingName, encode] of Object.entries(ENCODINGS)) {
      it(`${credentialName}, echoed ${encodingName}, through every carrier`, async () => {
        const seen: string[] = [];
        for (const [carrierName, carrier] of Object.entries(CARRIERS)) {
          h.server.reply((request) => {
            const echo = encode(credential.secret, credential.header(request));
            seen.push(echo);
            return carrier(echo);
          });
          const client = h.client({ maxRetries: 0, ...credential.options }, testDefinition({ authSchemes: { auth: credential.scheme } }));

          const error = await rejectionOf(credential.call(client));

          expect(error, carrierName).toBeInstanceOf(StudioKitError);
          const echo = seen.at(-1)!;
          for (const [form, text] of Object.entries(printedForms(error))) {
            expect(text.includes(echo), `${carrierName}: the ${form} form holds the echo ${echo}:\n${text}`).toBe(false);
            expect(text.includes(credential.secret), `${carrierName}: the ${form} form holds the secret`).toBe(false);
          }
        }
      });
    }
  }
});

describe("runs of a secret", () => {
  const key = "sk_live_7Hq2Lm9Xc4Vb8Nz1Rt6Ky3Pw";

  it("redacts a run of half the secret anywhere, however it is cut", () => {
    const run = key.slice(5, 5 + fragmentLength(key));
    expect(redactText(`key ${run}… refused`, [key])).toBe("key [redacted]… refused");
    expect(redactText(`${key.slice(0, 20)}|${key.slice(-20)}`, [key])).toBe("[redacted]|[redacted]");
  });

  it("leaves shorter runs: a masked last four, and a prefix every key shares", () => {
    const text = `use an sk_live_ key; yours ends in ${key.slice(-4)}; see https://cdn.example/sk_live_docs`;
    expect(redactText(text, [key])).toBe(text);
  });
});
