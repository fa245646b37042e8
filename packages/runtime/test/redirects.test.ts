/**
 * Redirects are decided by the runtime, never by `fetch` (which strips only `Authorization` when a
 * redirect leaves the origin). Against two real servers on 127.0.0.1 — the configured one, and
 * another origin (another port) that must never hear from us — every auth scheme and every redirect
 * status is tried: a redirect elsewhere is refused with a RedirectError before anything is sent
 * there; one on the configured origin is followed as HTTP says (307/308 keep method and body, 303
 * becomes a GET); a loop ends after MAX_REDIRECTS hops, unretried, in an error that says so.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiClient, loginCredentials, MAX_REDIRECTS, RedirectError, type AuthScheme, type ClientOptions } from "../src/index.js";
import { answer, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";
import { rejectionOf, SENTINEL_KEY, testDefinition, useHarness, type TestPaths } from "./support/fixtures.js";

const h = useHarness();
const video = { prompt: "a cat surfing", settings: { duration: 5 } };

/** The other origin: anything it receives is a leak. */
let elsewhere: ScriptedServer;
beforeEach(async () => {
  elsewhere = await startScriptedServer();
  elsewhere.always(answer.json(200, { id: "gen_elsewhere", status: "queued", items: [] }));
});
afterEach(async () => {
  await elsewhere.close();
});

const SCHEMES: Record<string, { scheme: AuthScheme; options?: () => Partial<ClientOptions> }> = {
  "Bearer key": { scheme: { type: "bearer" } },
  "X-API-Key key": { scheme: { type: "header", name: "X-API-Key" } },
  "Authorization: Key …": { scheme: { type: "header", name: "Authorization", prefix: "Key " } },
  "raw Authorization key": { scheme: { type: "header", name: "Authorization" } },
  "login token": {
    scheme: { type: "bearer" },
    options: () => ({
      apiKey: undefined,
      credentials: loginCredentials({ scheme: "auth", secrets: ["pw-SENTINEL"], login: async () => `tok-${SENTINEL_KEY}` }),
    }),
  },
};
const STATUSES = [301, 302, 303, 307, 308];

describe("a redirect to another origin", () => {
  for (const [name, { scheme, options }] of Object.entries(SCHEMES)) {
    for (const status of STATUSES) {
      it(`is refused for a ${name} on HTTP ${status} (GET and credit-spending POST), and the other origin hears nothing`, async () => {
        h.server.always(answer.empty(status, { location: `${elsewhere.url}/collect?from=redirect` }));
        const client = h.client({ ...options?.() }, testDefinition({ authSchemes: { auth: scheme } }));

        const read = await rejectionOf(client.GET("/influencers"));
        const write = await rejectionOf(client.POST("/videos/generate", { body: video }));

        for (const error of [read, write]) {
          expect(error).toBeInstanceOf(RedirectError);
          expect(error).toMatchObject({ status, location: elsewhere.url, redirects: 1, code: "provider" });
          expect((error as Error).message).toMatch(/redirect to another origin/);
        }
        // Not retried, not followed: one request each, none elsewhere.
        expect(h.server.requests).toHaveLength(2);
        expect(elsewhere.requests).toEqual([]);
      });
    }
  }

  it("is refused for a login, whose body carries the password", async () => {
    h.server.reply(answer.empty(307, { location: `${elsewhere.url}/auth/login` }));

    const error = await rejectionOf(h.client().POST("/auth/login", { body: { email: "a@example.com", password: "pw-SENTINEL-42" } }));

    expect(error).toBeInstanceOf(RedirectError);
    expect(elsewhere.requests).toEqual([]);
  });

  it("is refused when only the scheme differs (http to https on the same host)", async () => {
    const target = h.server.url.replace("http:", "https:");
    h.server.reply(answer.empty(301, { location: `${target}/influencers` }));

    const error = await rejectionOf(h.client().GET("/influencers"));

    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).location).toBe(new URL(target).origin);
  });

  it("is refused with the answer discarded when a custom fetch followed it on its own", async () => {
    h.server.reply(answer.empty(302, { location: `${elsewhere.url}/influencers` }));
    // A fetch that ignores `redirect: "manual"` (its own choice, not ours to stop): its answer
    // from the other origin must not pass for the provider's.
    const following = (request: Request) => globalThis.fetch(request.url, { method: request.method, headers: request.headers, redirect: "follow" });

    const error = await rejectionOf(h.client({ fetch: following }).GET("/influencers"));

    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toMatch(/followed a redirect to another origin/);
  });
});

describe("a redirect on the configured origin", () => {
  it("is followed with the same method, body and credential on 307 and 308", async () => {
    for (const status of [307, 308]) {
      h.server.reply(answer.empty(status, { location: "/v2/videos/generate" }), answer.json(200, { id: `gen_${status}`, status: "queued" }));

      const { data } = await h.client().POST("/videos/generate", { body: video });

      expect(data).toEqual({ id: `gen_${status}`, status: "queued" });
    }
    const followed = h.server.requests.filter((request) => request.path === "/v2/videos/generate");
    expect(followed).toHaveLength(2);
    for (const request of followed) {
      expect(request.method).toBe("POST");
      expect(JSON.parse(request.body)).toEqual(video);
      expect(request.headers.authorization).toBe(`Bearer ${SENTINEL_KEY}`);
    }
  });

  it("turns a POST into a GET without a body on 303", async () => {
    h.server.reply(answer.empty(303, { location: "/generations/gen_1/status" }), answer.json(200, { id: "gen_1", status: "queued" }));

    const { data } = await h.client().POST("/videos/generate", { body: video });

    expect(data).toEqual({ id: "gen_1", status: "queued" });
    const [, followed] = h.server.requests;
    expect(followed).toMatchObject({ method: "GET", path: "/generations/gen_1/status", body: "" });
    expect(followed!.headers["content-type"]).toBeUndefined();
  });

  it("does not send a credit-spending POST again after a 303 said it was processed, even on a 429", async () => {
    h.server.reply(answer.empty(303, { location: "/generations/gen_1/status" }), answer.json(429, { error: "slow down" }, { "retry-after": "1" }));

    await rejectionOf(h.client().POST("/videos/generate", { body: video }));

    expect(h.server.requests.map((request) => request.method)).toEqual(["POST", "GET"]);
  });

  it(`ends a loop after ${MAX_REDIRECTS} hops in a RedirectError that says so, without retrying`, async () => {
    h.server.always(answer.empty(302, { location: "/influencers" }));

    const error = await rejectionOf(h.client().GET("/influencers"));

    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toMatch(new RegExp(`more than ${MAX_REDIRECTS} redirects`));
    expect((error as RedirectError).redirects).toBe(MAX_REDIRECTS + 1);
    // The first request and MAX_REDIRECTS hops; a retry of a GET would have doubled this.
    expect(h.server.requests).toHaveLength(MAX_REDIRECTS + 1);
  });
});

describe("a websocket handshake answered with a redirect", () => {
  let http: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    http = undefined;
  });

  it("is not followed: the other origin receives no handshake and no key", async () => {
    let upgrades = 0;
    http = createServer((_req, res) => res.end());
    http.on("upgrade", (_req, socket) => {
      upgrades++;
      socket.end(`HTTP/1.1 302 Found\r\nLocation: ${elsewhere.url.replace("http:", "ws:")}/ws/prompts/p-1\r\nContent-Length: 0\r\n\r\n`);
    });
    await new Promise<void>((resolve) => http!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const client = createApiClient<TestPaths>(
      testDefinition({ websockets: { prompts: { url: "wss://test-studio.invalid/ws/prompts/{promptId}" } } }),
      { apiKey: SENTINEL_KEY, baseUrl: url },
    );

    const error = await rejectionOf(client.openSocket("prompts", { promptId: "p-1" }));

    expect(error).toBeInstanceOf(Error);
    expect(upgrades).toBe(1);
    expect(elsewhere.requests).toEqual([]);
  });
});
