// The fault matrix: every fault of the fault server against a representative read and a
// credit-spending write of every provider, through the generated clients, and against the status
// request of a job wait (through the facade) of every provider that has jobs. Each case must end in a
// successful retry within the policy or in the right typed error, promptly; the server's request
// count proves that no credit-spending POST was sent twice after it may have reached the provider;
// and a sentinel API key never shows up in any error, its JSON or inspect form, or console output.
// Redirects to another origin (which counts what it gets: nothing may arrive) and redirect loops are
// faults like the others; a status poll that hangs inside a job wait must end at the wait's deadline.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { collectOperations, loadBundledSpec, repoRoot, resolvePointer, specPath } from "@studiokit-tools/codegen";
import { exampleOf, successResponse, validRequest } from "@studiokit-tools/contract";
import { createInfluencerStudioClient } from "@studiokit/influencer-studio";
import { createSupapostClient } from "@studiokit/supapost";
import { createAIMediaStudioClient } from "@studiokit/ai-media-studio";
import { createAliveAIClient } from "@studiokit/aliveai";
import { createAIStudiosClient } from "@studiokit/aistudios";
import { MAX_REDIRECTS, NetworkError, ProviderError, RedirectError, StudioKitError, TimeoutError } from "@studiokit/runtime";
import { createStudio } from "studiokit";
import { FAULTS, startFaultServer, WAIT_FAULTS } from "../src/fault-server.js";

const SENTINEL_KEY = "sk-SENTINEL-4c1d9e0b7a";
const TIMEOUT_MS = 400;

/**
 * The representative calls: one read and one credit-spending write per provider, and the status
 * request a job wait polls (AI Media Studio answers synchronously and Supapost has no jobs: no wait).
 */
const PROVIDERS = [
  { id: "influencer-studio", create: createInfluencerStudioClient, read: "listInfluencers", write: "generateImages", wait: { operation: "getGenerationStatus", kind: "image" } },
  { id: "supapost", create: createSupapostClient, read: "listInfluencers", write: "createInfluencer" },
  { id: "ai-media-studio", create: createAIMediaStudioClient, read: "listModels", write: "generateImages" },
  { id: "aliveai", create: createAliveAIClient, read: "getMe", write: "createPrompt", wait: { operation: "getPrompt", kind: "image" } },
  { id: "aistudios", create: createAIStudiosClient, read: "listProjects", write: "createSimpleVideo", wait: { operation: "getProjectProgress", kind: "avatar-video" } },
];
const WAITS = PROVIDERS.filter((provider) => provider.wait).length;

/**
 * What each fault must end in. A read may be retried (it is idempotent); a credit-spending write is
 * retried only on 429, which says the request was not processed. A job wait's status request is a
 * read, so it ends like one.
 */
const EXPECTED = {
  "429": { read: ["ok", 2], write: ["ok", 2] },
  "429 + Retry-After": { read: ["ok", 2], write: ["ok", 2] },
  "500": { read: ["ok", 2], write: [ProviderError, 1] },
  "502": { read: ["ok", 2], write: [ProviderError, 1] },
  "503": { read: ["ok", 2], write: [ProviderError, 1] },
  "504": { read: ["ok", 2], write: [ProviderError, 1] },
  "reset before response": { read: ["ok", 2], write: [NetworkError, 1] },
  "reset mid-body": { read: ["ok", 2], write: [NetworkError, 1] },
  "slower than the timeout": { read: ["ok", 2], write: [TimeoutError, 1] },
  "truncated body": { read: ["ok", 2], write: [NetworkError, 1] },
  "malformed JSON": { read: [ProviderError, 1], write: [ProviderError, 1] },
  "HTML page, 200": { read: [ProviderError, 1], write: [ProviderError, 1] },
  "HTML page, 502": { read: ["ok", 2], write: [ProviderError, 1] },
  "wrong content type": { read: ["ok", 1], write: ["ok", 1] },
  "unexpectedly large body": { read: [ProviderError, 1], write: [ProviderError, 1] },
  // Refused before anything goes to the other origin, and not retried (the same URL would redirect again).
  "307 to another origin": { read: [RedirectError, 1], write: [RedirectError, 1] },
  "302 to another origin": { read: [RedirectError, 1], write: [RedirectError, 1] },
  // The first request and MAX_REDIRECTS hops, then a RedirectError; not retried.
  "redirect loop": { read: [RedirectError, MAX_REDIRECTS + 1], write: [RedirectError, MAX_REDIRECTS + 1] },
};

/** A clock whose sleeps return at once (backoff and Retry-After cost no real time). */
function fastClock() {
  let now = Date.now();
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        now += ms;
        setImmediate(resolve);
      }),
  };
}

const results = [];
const unhandled = [];
const onUnhandled = (reason) => unhandled.push(reason);
let consoleSpies = [];
let printed = "";

beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
  consoleSpies = ["log", "info", "warn", "error", "debug"].map((method) =>
    vi.spyOn(console, method).mockImplementation((...args) => {
      printed += args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: 10 }))).join(" ") + "\n";
    }),
  );
});

afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  for (const spy of consoleSpies) spy.mockRestore();
  writeFileSync(join(repoRoot, "tools", "reliability", ".faults-results.json"), JSON.stringify([...results, ...waitResults], null, 2));
});

for (const provider of PROVIDERS) {
  describe(`${provider.id} under faults`, async () => {
    const doc = await loadBundledSpec(specPath(provider.id));
    const operations = Object.fromEntries(collectOperations(doc).map((operation) => [operation.operationId, operation]));
    const calls = { read: operations[provider.read], write: operations[provider.write] };
    if (provider.wait) calls.wait = operations[provider.wait.operation];
    let server;

    beforeAll(async () => {
      const routes = Object.values(calls).map((operation) => {
        const success = successResponse(doc, operation);
        const media = success.schemaPointer ? resolvePointer(doc, success.schemaPointer.replace(/\/schema$/, "")) : undefined;
        const pattern = new RegExp(`^${operation.path.replace(/\{\w+\}/g, "[^/]+")}$`);
        return { operation, pattern, normal: { status: success.status, body: exampleOf(media) } };
      });
      server = await startFaultServer({
        match: (method, path) => {
          const route = routes.find((r) => r.operation.method === method && r.pattern.test(path));
          return route && { name: route.operation.operationId, normal: route.normal };
        },
      });
    });
    afterAll(() => server?.close());

    for (const fault of Object.keys(FAULTS)) {
      for (const kind of Object.keys(calls)) {
        const what = kind === "wait" ? `job wait (${provider.wait.operation})` : `${kind} (${provider[kind]})`;
        it(`${what} with "${fault}"`, async () => {
          const operation = calls[kind];
          const options = { apiKey: SENTINEL_KEY, baseUrl: server.url, timeoutMs: TIMEOUT_MS, maxResponseBytes: 1024 * 1024, clock: fastClock() };
          server.reset();
          server.script(fault);
          const started = Date.now();
          const call =
            kind === "wait"
              ? createStudio({ provider: provider.id, ...options }).jobs.wait(
                  { provider: provider.id, id: validRequest(doc, operation).params.path[operation.params.path[0].name], kind: provider.wait.kind },
                  { timeoutMs: 60_000 },
                )
              : // Per call, so that it also bounds AI Media Studio's synchronous generation (600 s by default).
                provider.create(options)[operation.method](operation.path, { ...validRequest(doc, operation), timeoutMs: TIMEOUT_MS });
          const outcome = await call.then(
            () => "ok",
            (error) => error,
          );
          const requests = server.count(operation.operationId);
          const [expected, expectedRequests] = EXPECTED[fault][kind === "wait" ? "read" : kind];
          results.push({
            provider: provider.id,
            fault,
            kind,
            operation: operation.operationId,
            outcome: outcome === "ok" ? (requests > 1 ? "ok after retry" : "ok") : outcome.name,
            requests,
            ms: Date.now() - started,
          });
          if (expected === "ok") expect(outcome).toBe("ok");
          else {
            expect(outcome).toBeInstanceOf(expected);
            assertNoKey(outcome);
          }
          expect(requests).toBe(expectedRequests);
          if (kind === "write") expect(requests === 1 || fault.startsWith("429") || fault === "redirect loop").toBe(true);
          expect(server.elsewhereCount()).toBe(0);
        });
      }
    }
  });
}

// A job wait whose status request never answers: the request's own timeout (60 s here) is far
// beyond the wait's, and the wait must still end at its own deadline, in a TimeoutError.
const WAIT_TIMEOUT_MS = 500;
const waitResults = [];
for (const provider of PROVIDERS.filter((candidate) => candidate.wait)) {
  describe(`${provider.id} job wait under wait faults`, async () => {
    const doc = await loadBundledSpec(specPath(provider.id));
    const operation = collectOperations(doc).find((candidate) => candidate.operationId === provider.wait.operation);
    let server;
    beforeAll(async () => {
      const success = successResponse(doc, operation);
      const media = success.schemaPointer ? resolvePointer(doc, success.schemaPointer.replace(/\/schema$/, "")) : undefined;
      const pattern = new RegExp(`^${operation.path.replace(/\{\w+\}/g, "[^/]+")}$`);
      server = await startFaultServer({
        match: (method, path) => (method === operation.method && pattern.test(path) ? { name: operation.operationId, normal: { status: success.status, body: exampleOf(media) } } : undefined),
      });
    });
    afterAll(() => server?.close());

    for (const fault of Object.keys(WAIT_FAULTS)) {
      it(`job wait (${provider.wait.operation}) with "${fault}" ends at the wait's deadline`, async () => {
        server.reset();
        server.script(fault);
        const studio = createStudio({ provider: provider.id, apiKey: SENTINEL_KEY, baseUrl: server.url, timeoutMs: 60_000, clock: fastClock() });
        const id = validRequest(doc, operation).params.path[operation.params.path[0].name];
        const started = Date.now();

        const outcome = await studio.jobs.wait({ provider: provider.id, id, kind: provider.wait.kind }, { timeoutMs: WAIT_TIMEOUT_MS }).then(
          () => "ok",
          (error) => error,
        );

        waitResults.push({ provider: provider.id, fault, outcome: outcome === "ok" ? "ok" : outcome.name, requests: server.count(operation.operationId), ms: Date.now() - started });
        expect(outcome).toBeInstanceOf(TimeoutError);
        assertNoKey(outcome);
        expect(server.count(operation.operationId)).toBe(1);
      });
    }
  });
}

function assertNoKey(error) {
  expect(error).toBeInstanceOf(StudioKitError);
  for (const text of [error.message, error.stack ?? "", JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), String(error)]) {
    expect(text).not.toContain(SENTINEL_KEY);
  }
}

describe("after the whole matrix", () => {
  it("no rejection went unhandled and nothing printed the key", async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
    expect(printed).not.toContain(SENTINEL_KEY);
    expect(results.length).toBe(Object.keys(FAULTS).length * (2 * PROVIDERS.length + WAITS));
    expect(waitResults.length).toBe(Object.keys(WAIT_FAULTS).length * WAITS);
  });
});
