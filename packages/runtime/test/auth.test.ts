/**
 * Auth schemes, checked on the wire: each provider's way of sending a key arrives exactly as the
 * spec says, and nothing else carries it.
 */
import { describe, expect, it } from "vitest";
import { AuthenticationError, ConfigurationError, type AuthScheme, type CredentialSource } from "../src/index.js";
import { answer } from "./support/scripted-server.js";
import { rejectionOf, SENTINEL_KEY, testDefinition, useHarness } from "./support/fixtures.js";

const h = useHarness();
const ok = answer.json(200, { items: [] });

function withSchemes(authSchemes: Record<string, AuthScheme>) {
  return testDefinition({ authSchemes });
}

describe("auth headers", () => {
  it("sends a bearer key as `Authorization: Bearer <key>`", async () => {
    h.server.reply(ok);

    await h.client({}, withSchemes({ bearerAuth: { type: "bearer" } })).GET("/influencers");

    expect(h.server.requests[0]!.headers.authorization).toBe(`Bearer ${SENTINEL_KEY}`);
  });

  it("sends a prefixed header key as `Authorization: Key <key>`", async () => {
    h.server.reply(ok);

    await h.client({}, withSchemes({ keyAuth: { type: "header", name: "Authorization", prefix: "Key " } })).GET("/influencers");

    expect(h.server.requests[0]!.headers.authorization).toBe(`Key ${SENTINEL_KEY}`);
  });

  it("sends a raw header key as `Authorization: <key>`", async () => {
    h.server.reply(ok);

    await h.client({}, withSchemes({ rawAuth: { type: "header", name: "Authorization" } })).GET("/influencers");

    expect(h.server.requests[0]!.headers.authorization).toBe(SENTINEL_KEY);
  });

  it("sends an X-API-Key key in that header only", async () => {
    h.server.reply(ok);

    await h.client({}, withSchemes({ apiKeyHeader: { type: "header", name: "X-API-Key" } })).GET("/influencers");

    const { headers } = h.server.requests[0]!;
    expect(headers["x-api-key"]).toBe(SENTINEL_KEY);
    expect(headers.authorization).toBeUndefined();
  });

  it("uses the scheme the caller picks with authScheme", async () => {
    h.server.reply(ok);
    const definition = withSchemes({ bearerAuth: { type: "bearer" }, apiKeyHeader: { type: "header", name: "X-API-Key" } });

    await h.client({ authScheme: "apiKeyHeader" }, definition).GET("/influencers");

    expect(h.server.requests[0]!.headers).toMatchObject({ "x-api-key": SENTINEL_KEY });
    expect(h.server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("rejects an authScheme the spec does not declare, naming the ones it does", () => {
    expect(() => h.client({ authScheme: "oauth" })).toThrow(/"oauth" is not one of "bearerAuth"/);
  });

  it("replaces a caller's own Authorization header rather than sending two", async () => {
    h.server.reply(ok);

    await h.client({ headers: { Authorization: "Bearer stale" } }).GET("/influencers", { headers: { "X-Trace": "t1" } });

    expect(h.server.requests[0]!.headers).toMatchObject({ authorization: `Bearer ${SENTINEL_KEY}`, "x-trace": "t1" });
  });

  it("sends a public operation (security: []) without credentials", async () => {
    h.server.reply(answer.json(200, { token: "tok_1" }));

    await h.client().POST("/auth/login", { body: { email: "a@example.com", password: "pw" } });

    expect(h.server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("fails before sending when an authenticated operation has no key", async () => {
    const error = await rejectionOf(h.client({ apiKey: undefined }).GET("/influencers"));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: "configuration", reason: "missing_credentials", option: "apiKey" });
    expect((error as Error).message).toMatch(/apiKey is required/);
    expect(h.server.requests).toHaveLength(0);
  });
});

describe("token credentials", () => {
  function rotatingTokens(): CredentialSource & { issued: string[] } {
    const issued: string[] = [];
    return {
      issued,
      async get() {
        if (issued.length === 0) issued.push(`tok-${issued.length + 1}-${SENTINEL_KEY}`);
        return { scheme: "bearerAuth", value: issued[issued.length - 1]! };
      },
      invalidate() {
        issued.push(`tok-${issued.length + 1}-${SENTINEL_KEY}`);
        return true;
      },
      secrets: () => [...issued],
    };
  }

  it("retries once with a fresh token after a 401", async () => {
    const credentials = rotatingTokens();
    h.server.reply(answer.json(401, { error: "token expired" }), ok);

    await h.client({ credentials }).GET("/influencers");

    expect(h.server.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer tok-1-${SENTINEL_KEY}`,
      `Bearer tok-2-${SENTINEL_KEY}`,
    ]);
  });

  it("gives up with an AuthenticationError when the fresh token is refused too", async () => {
    const credentials = rotatingTokens();
    h.server.always(answer.json(401, { error: "token expired" }));

    const error = await rejectionOf(h.client({ credentials }).GET("/influencers"));

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(h.server.requests).toHaveLength(2);
  });
});
