/**
 * A small, hand-written API — shaped like a generated provider package (paths types plus an
 * ApiDefinition) — and a per-test harness: a fresh scripted server, a simulated clock and a client
 * of that API bound to both. The runtime must not depend on any provider package, hence no import
 * of one here.
 */
import { afterEach, beforeEach, expect } from "vitest";
import { createApiClient, type ApiClient, type ApiDefinition, type ClientOptions, type OperationDefinition } from "../../src/index.js";
import { SimulatedClock } from "./simulated-clock.js";
import { ScriptedServer, startScriptedServer } from "./scripted-server.js";

/** Looks like a real key and appears nowhere else, so any fragment of it in an error is a leak. */
export const SENTINEL_KEY = "sk-SENTINEL-7f3a9c1e5b2d8f60a4c9";

type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type JsonContent<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type Operation<Parameters, Body, Ok> = {
  parameters: Parameters;
  responses: { 200: JsonContent<Ok>; 400: JsonContent<unknown>; 500: JsonContent<unknown> };
} & ([Body] extends [never] ? { requestBody?: never } : { requestBody: Body });
type MethodName = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type PathItem<Methods> = { parameters: NoParams } & { [M in Exclude<MethodName, keyof Methods>]?: never } & Methods;

export interface Influencer {
  id: string;
  name: string;
}

export interface GenerationStatus {
  id: string;
  status: "queued" | "processing" | "completed" | "failed" | "canceled";
  progress?: number;
  output_url?: string;
  error?: string;
}

export interface VideoRequest {
  prompt: string;
  images?: string[];
  settings?: { duration?: number; resolution?: "720p" | "1080p" };
}

/** The `paths` type a generator would emit for the test API. */
export interface TestPaths {
  "/influencers": PathItem<{
    get: Operation<{ query?: { pageSize?: number }; header?: never; path?: never; cookie?: never }, never, { items: Influencer[] }>;
  }>;
  "/influencers/{id}": PathItem<{
    delete: Operation<{ query?: never; header?: never; path: { id: string }; cookie?: never }, never, { deleted: boolean }>;
  }>;
  "/videos/generate": PathItem<{
    post: Operation<NoParams, { content: { "application/json": VideoRequest } }, { id: string; status: string; estimated_time?: number }>;
  }>;
  "/generations/{id}/status": PathItem<{
    get: Operation<{ query?: never; header?: never; path: { id: string }; cookie?: never }, never, GenerationStatus>;
  }>;
  "/auth/login": PathItem<{
    post: Operation<NoParams, { content: { "application/json": { email: string; password: string } } }, { token: string }>;
  }>;
}

export type TestClient = ApiClient<TestPaths>;

export const testOperations = {
  "GET /influencers": { operationId: "listInfluencers", method: "GET", path: "/influencers", idempotent: true },
  "DELETE /influencers/{id}": { operationId: "deleteInfluencer", method: "DELETE", path: "/influencers/{id}", idempotent: true },
  "POST /videos/generate": {
    operationId: "generateVideo",
    method: "POST",
    path: "/videos/generate",
    idempotent: false,
    body: { contentType: "application/json", required: true },
  },
  "GET /generations/{id}/status": {
    operationId: "getGenerationStatus",
    method: "GET",
    path: "/generations/{id}/status",
    idempotent: true,
  },
  "POST /auth/login": {
    operationId: "login",
    method: "POST",
    path: "/auth/login",
    idempotent: false,
    public: true,
    body: { contentType: "application/json", required: true },
  },
} satisfies Record<string, OperationDefinition>;

export function testDefinition(overrides: Partial<ApiDefinition> = {}): ApiDefinition {
  return {
    provider: "test-studio",
    title: "Test Studio API",
    servers: [{ url: "https://test-studio.invalid/api/v1" }],
    authSchemes: { bearerAuth: { type: "bearer" } },
    operations: testOperations,
    defaultTimeoutMs: 10_000,
    ...overrides,
  };
}

export interface Harness {
  server: ScriptedServer;
  /** Auto-advancing by default: backoff and Retry-After sleeps pass instantly. */
  clock: SimulatedClock;
  /** A client of the test API bound to this test's server and clock. */
  client(options?: Partial<ClientOptions>, definition?: ApiDefinition): TestClient;
}

/**
 * Registers hooks that give every test a fresh server and clock. A test may replace `clock`
 * (e.g. with a manual one) before it makes a client; the server stamps requests with it.
 */
export function useHarness(): Harness {
  const harness = {
    clock: undefined as unknown as SimulatedClock,
    server: undefined as unknown as ScriptedServer,
    client(options: Partial<ClientOptions> = {}, definition = testDefinition()): TestClient {
      return createApiClient<TestPaths>(definition, {
        baseUrl: harness.server.url,
        apiKey: SENTINEL_KEY,
        clock: harness.clock,
        // Mid-range jitter: backoff steps are exact and reproducible.
        random: () => 0.5,
        ...options,
      });
    },
  };
  beforeEach(async () => {
    harness.clock = new SimulatedClock({ auto: true });
    harness.server = await startScriptedServer({ now: () => harness.clock.now() });
  });
  afterEach(async () => {
    harness.clock.dispose();
    await harness.server.close();
    // A request the script did not expect is a retry (or a call) that should not have happened.
    expect(harness.server.unscripted.map((request) => `${request.method} ${request.path}`)).toEqual([]);
  });
  return harness;
}

/** Awaits `promise`, expecting it to reject, and returns the rejection for closer checks. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
