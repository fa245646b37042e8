// A raw client made with a bad option, or called with a path, channel or header the spec does not
// have, fails with a StudioKitError a caller can branch on (`code`, `reason`, `option`) before any
// request is sent — never a bare TypeError, and never one that quotes the key.
import { describe, expect, it } from "vitest";
import { ConfigurationError, createApiClient, StudioKitError, ValidationError, type ClientOptions } from "../src/index.js";
import { rejectionOf, SENTINEL_KEY, testDefinition, useHarness } from "./support/fixtures.js";

const h = useHarness();

function thrownBy(make: () => unknown): unknown {
  try {
    make();
  } catch (error) {
    return error;
  }
  throw new Error("expected createApiClient to throw");
}

function expectKeyFree(error: unknown): void {
  const seen = [String((error as Error).message), JSON.stringify(error), String((error as Error).stack)].join("\n");
  expect(seen).not.toContain(SENTINEL_KEY);
  expect(seen).not.toContain(SENTINEL_KEY.slice(0, 12));
}

const make = (options: Partial<ClientOptions>, definition = testDefinition()) => () =>
  createApiClient(definition, { apiKey: SENTINEL_KEY, ...options });

describe("createApiClient configuration errors", () => {
  it.each([
    ["not a URL", "not a url"],
    ["a relative path", "/api/v1"],
    ["a non-http scheme", "ftp://127.0.0.1/api"],
    ["a key pasted as the URL", `https://${SENTINEL_KEY}`.replace("https://", "")],
    ["a URL carrying the key as a password", `https://user:${SENTINEL_KEY}@127.0.0.1/api`],
  ])("a baseUrl that is %s: invalid_base_url, with the key never quoted", (_what, baseUrl) => {
    const error = thrownBy(make({ baseUrl }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: "configuration", reason: "invalid_base_url", option: "baseUrl", provider: "test-studio" });
    expectKeyFree(error);
  });

  it.each(["http://api.test-studio.invalid/v1", "http://10.0.0.7:4010", "http://[2001:db8::1]/", "http://localhost.evil.invalid/"])(
    "plain http to a host that is not this machine (%s): invalid_base_url, the key would travel unencrypted",
    (baseUrl) => {
      const error = thrownBy(make({ baseUrl }));
      expect(error).toMatchObject({ code: "configuration", reason: "invalid_base_url", option: "baseUrl" });
      expect((error as Error).message).toContain("https");
    },
  );

  it.each(["http://127.0.0.1:4010", "http://localhost:4010/", "http://[::1]:4010", "http://sandbox.localhost:4010", "https://api.test-studio.invalid/v1"])(
    "%s is taken (this machine over http, any host over https)",
    (baseUrl) => {
      expect(make({ baseUrl })).not.toThrow();
    },
  );

  it("a baseUrl that is not a string (plain JavaScript)", () => {
    const error = thrownBy(make({ baseUrl: 4010 as unknown as string }));
    expect(error).toMatchObject({ code: "configuration", reason: "invalid_base_url", option: "baseUrl" });
  });

  it("an unknown authScheme names the ones the spec has", () => {
    const error = thrownBy(make({ authScheme: "apiKeyAuth" }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ reason: "invalid_option", option: "authScheme" });
    expect((error as Error).message).toContain('"bearerAuth"');
    // An inherited property name is not a scheme either.
    expect(thrownBy(make({ authScheme: "toString" }))).toMatchObject({ reason: "invalid_option", option: "authScheme" });
  });

  it("an unknown server names the ones the spec has", () => {
    const definition = testDefinition({ servers: [{ url: "https://eu.test-studio.invalid", name: "eu" }] });
    const error = thrownBy(make({ server: "us" }, definition));
    expect(error).toMatchObject({ code: "configuration", reason: "invalid_option", option: "server" });
    expect((error as Error).message).toContain('"eu"');
  });

  it("a spec without a server and no baseUrl", () => {
    expect(thrownBy(make({}, testDefinition({ servers: [] })))).toMatchObject({ code: "configuration", option: "baseUrl" });
  });

  it("a client header an HTTP request cannot carry: the header is named, its value (the key) is not quoted", () => {
    const error = thrownBy(make({ headers: { "X-Api-Key": `${SENTINEL_KEY}\r\nX-Evil: 1` } }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ reason: "invalid_option", option: "headers.X-Api-Key" });
    expectKeyFree(error);
    expect(thrownBy(make({ headers: { "bad name": "1" } }))).toMatchObject({ reason: "invalid_option", option: "headers" });
  });

  it.each([
    ["timeoutMs", "fast"],
    ["timeoutMs", -1],
    ["timeoutMs", 1e10],
    ["maxRetries", -1],
    ["maxRetries", 1.5],
    ["maxResponseBytes", 0],
    ["fetch", "fetch"],
    ["validate", "yes"],
    ["apiKey", 12345],
  ])("%s: %j is refused when the client is made (not a NetworkError or TypeError later)", (option, value) => {
    const error = thrownBy(make({ [option]: value } as Partial<ClientOptions>));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ reason: "invalid_option", option });
    expectKeyFree(error);
  });

  it("options that are not an object (the key passed on its own) are refused without quoting it", () => {
    const error = thrownBy(() => createApiClient(testDefinition(), SENTINEL_KEY as unknown as ClientOptions));
    expect(error).toMatchObject({ code: "configuration", reason: "invalid_option", option: "options" });
    expectKeyFree(error);
    // No options at all is an empty set: the key is missing, which a call then reports.
    expect(() => createApiClient(testDefinition(), undefined as unknown as ClientOptions)).not.toThrow();
  });

  it("a bad rateLimit", () => {
    expect(thrownBy(make({ rateLimit: { requests: 0, intervalMs: 1000 } }))).toMatchObject({ code: "configuration", option: "rateLimit", provider: "test-studio" });
  });

  it("a credential source for a scheme the spec does not have fails the call, before sending, without its value", async () => {
    const client = h.client({ apiKey: undefined, credentials: { get: async () => ({ scheme: "cookieAuth", value: SENTINEL_KEY }), secrets: () => [SENTINEL_KEY] } });
    const error = await rejectionOf(client.GET("/influencers"));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ reason: "invalid_option", option: "credentials" });
    expectKeyFree(error);
    expect(h.server.requests).toHaveLength(0);
  });
});

describe("raw calls the spec does not describe (plain JavaScript)", () => {
  it("a path with no operation is a local ValidationError naming `path`", async () => {
    const client = h.client() as any;
    const error = await rejectionOf(client.GET("/influencer"));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: "validation", local: true, issues: [{ path: "path" }] });
    expect(h.server.requests).toHaveLength(0);
  });

  it("a call header with a line break is a local ValidationError naming the header, not quoting it", async () => {
    const error = await rejectionOf(h.client().GET("/influencers", { headers: { "X-Trace": `${SENTINEL_KEY}\n` } } as any));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ local: true, issues: [{ path: "headers.X-Trace" }] });
    expectKeyFree(error);
    expect(h.server.requests).toHaveLength(0);
  });

  it.each([
    ["signal", 5],
    ["signal", { aborted: false }],
    ["timeoutMs", "fast"],
    ["timeoutMs", 0],
  ])("a call's %s of %j is a local ValidationError naming it", async (option, value) => {
    const error = await rejectionOf(h.client().GET("/influencers", { [option]: value } as any));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ local: true, issues: [{ path: option }] });
    expect(h.server.requests).toHaveLength(0);
  });

  it("an unknown websocket channel is a local ValidationError naming `channel`", () => {
    const client = h.client({}, testDefinition({ websockets: { prompts: { url: "wss://test-studio.invalid/ws/{id}" } } }));
    const error = thrownBy(() => client.socketUrl("prompt", { id: "1" }));
    expect(error).toBeInstanceOf(StudioKitError);
    expect(error).toMatchObject({ code: "validation", issues: [{ path: "channel" }] });
    expect((error as Error).message).toContain("prompt");
  });
});
