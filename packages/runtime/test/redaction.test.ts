/**
 * Key redaction. The server echoes the Authorization header back in every way providers do — in
 * JSON messages, in field-level violations, in plain-text and HTML error pages, in a malformed 200
 * — and no error the client throws may contain the key: not its message, stack, JSON form,
 * util.inspect output or string form. Not even a fragment of it.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  CanceledError,
  ConfigurationError,
  InsufficientCreditsError,
  NetworkError,
  NotFoundError,
  PermissionError,
  ProviderError,
  RateLimitError,
  StudioKitError,
  TimeoutError,
  ValidationError,
} from "../src/index.js";
import { answer, type RecordedRequest, type ScriptEntry } from "./support/scripted-server.js";
import { rejectionOf, SENTINEL_KEY, useHarness } from "./support/fixtures.js";

const h = useHarness();
const video = { prompt: "a cat surfing", settings: { duration: 5 } };
const auth = (request: RecordedRequest) => String(request.headers.authorization);

/** Every way an error can be printed, logged or serialised. */
function printedForms(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: e.message,
    stack: e.stack ?? "",
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: 10 }),
    inspectHidden: inspect(error, { depth: 10, showHidden: true }),
    string: String(error),
  };
}

/** Fails if any 8-character run of the key shows up in any printed form of `error`. */
function expectNoKeyIn(error: unknown, key = SENTINEL_KEY): void {
  const fragments = Array.from({ length: key.length - 7 }, (_, start) => key.slice(start, start + 8));
  for (const [form, text] of Object.entries(printedForms(error))) {
    for (const fragment of fragments) {
      expect(text.includes(fragment), `${form} contains "${fragment}" of the key:\n${text}`).toBe(false);
    }
  }
}

interface Scenario {
  name: string;
  expected: abstract new (...args: any[]) => StudioKitError;
  reply: ScriptEntry;
  /** Whether the echo is still visible, redacted, in the error (proves the server did echo). */
  showsRedaction: boolean;
}

const scenarios: Scenario[] = [
  {
    name: "400 problem with violations quoting the header",
    expected: ValidationError,
    reply: (r) =>
      answer.problem(400, {
        title: "Bad Request",
        detail: `Rejected credentials ${auth(r)}`,
        violations: [{ field: "prompt", message: `token ${auth(r)} may not appear in a prompt` }],
      }),
    showsRedaction: true,
  },
  {
    name: "422 whose violation path is the key",
    expected: ValidationError,
    reply: (r) => answer.json(422, { errors: [{ path: auth(r).replace("Bearer ", ""), detail: "unexpected field" }] }),
    showsRedaction: true,
  },
  {
    name: "401 echoing every request header and a request id made of the key",
    expected: AuthenticationError,
    reply: (r) =>
      answer.json(
        401,
        { error: { message: `Invalid API key: ${auth(r)}` }, received_headers: r.headers },
        { "x-request-id": `req-${SENTINEL_KEY}` },
      ),
    showsRedaction: true,
  },
  {
    name: "402 naming the key",
    expected: InsufficientCreditsError,
    reply: () => answer.json(402, { error: `No credits left for key ${SENTINEL_KEY}`, key_hint: SENTINEL_KEY }),
    showsRedaction: true,
  },
  {
    name: "403 with the key in a nested array",
    expected: PermissionError,
    reply: (r) => answer.json(403, { message: "forbidden", details: [{ seen: [auth(r)] }] }),
    showsRedaction: true,
  },
  {
    name: "404 plain-text page quoting the header",
    expected: NotFoundError,
    reply: (r) => answer.text(404, `no route for Authorization: ${auth(r)}`),
    showsRedaction: true,
  },
  {
    name: "429 with a long Retry-After and the key in its detail",
    expected: RateLimitError,
    reply: (r) => answer.json(429, { detail: `rate limited: ${auth(r)}` }, { "retry-after": "3600" }),
    showsRedaction: true,
  },
  {
    name: "500 stack trace in plain text",
    expected: ProviderError,
    reply: (r) => answer.text(500, `panic: handler failed\n  header Authorization=${auth(r)}\n  at main.go:42`),
    showsRedaction: true,
  },
  {
    // The message quotes the first 200 characters of a text body: the key straddles that cut.
    name: "502 HTML page whose echo straddles the message's 200-character cut",
    expected: ProviderError,
    reply: (r) => answer.html(502, `${"<p>".padEnd(185, "-")}${auth(r)}${"</p>".repeat(20)}`),
    showsRedaction: true,
  },
  {
    // JSON.parse's error quotes the start of the text it choked on.
    name: "200 whose malformed JSON starts with the key",
    expected: ProviderError,
    reply: () => answer.text(200, `${SENTINEL_KEY} is not valid JSON`, "application/json"),
    showsRedaction: true,
  },
  {
    name: "200 HTML page quoting the header",
    expected: ProviderError,
    reply: (r) => answer.html(200, `<html><body>Signed in as ${auth(r)}</body></html>`),
    showsRedaction: true,
  },
  {
    name: "connection reset after part of an echoing body",
    expected: NetworkError,
    reply: (r) => answer.resetMidBody(200, `{"echo":"${auth(r)}`),
    showsRedaction: false,
  },
];

describe("the API key never appears in an error", () => {
  it.each(scenarios)("$name → $expected.name", async ({ expected, reply, showsRedaction }) => {
    h.server.always(reply);

    const error = await rejectionOf(h.client({ maxRetries: 0 }).POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(expected);
    expect(h.server.requests[0]?.headers.authorization).toBe(`Bearer ${SENTINEL_KEY}`);
    expectNoKeyIn(error);
    if (showsRedaction) expect(JSON.stringify(error)).toContain("[redacted]");
  });

  it("in a TimeoutError", async () => {
    h.server.reply(answer.stall());

    const error = await rejectionOf(h.client({ timeoutMs: 100 }).POST("/videos/generate", { body: video }));

    expect(error).toBeInstanceOf(TimeoutError);
    expectNoKeyIn(error);
  });

  it("in a CanceledError", async () => {
    h.server.reply(answer.stall());
    const controller = new AbortController();
    const call = h.client().POST("/videos/generate", { body: video, signal: controller.signal });
    await h.server.until(() => h.server.requests.length === 1);
    controller.abort();

    const error = await rejectionOf(call);

    expect(error).toBeInstanceOf(CanceledError);
    expectNoKeyIn(error);
  });

  it("in a NetworkError for a refused connection", async () => {
    const closedUrl = h.server.url;
    await h.server.close();

    const error = await rejectionOf(h.client({ baseUrl: closedUrl, maxRetries: 0 }).GET("/influencers"));

    expect(error).toBeInstanceOf(NetworkError);
    expectNoKeyIn(error);
  });

  it("in the error for a key that an HTTP header cannot carry", async () => {
    const brokenKey = "sk-SENTINEL-7f3a9c1e\n5b2d8f60a4c9";

    const error = await rejectionOf(h.client({ apiKey: brokenKey }).GET("/influencers"));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ reason: "invalid_option", option: "apiKey" });
    expect((error as Error).message).toMatch(/cannot carry/);
    for (const part of brokenKey.split("\n")) expectNoKeyIn(error, part);
    expect(h.server.requests).toHaveLength(0);
  });

  it("is found anywhere in a body, however the provider names the field", async () => {
    h.server.reply((r) =>
      answer.json(401, {
        authorization: auth(r),
        apiKey: SENTINEL_KEY,
        nested: { "x-api-key": "another-secret-value", note: `sent ${SENTINEL_KEY}` },
      }),
    );

    const error = (await rejectionOf(h.client().GET("/influencers"))) as AuthenticationError;

    expect(error.body).toEqual({
      authorization: "[redacted]",
      apiKey: "[redacted]",
      nested: { "x-api-key": "[redacted]", note: "sent [redacted]" },
    });
  });
});
