/**
 * `createApiClient` binds an openapi-fetch client to one provider's definition (generated from its
 * spec): server, auth schemes, operations and their compiled validators. Every call is validated
 * before sending, sent through the retrying transport, and either returns `{ data, response }` or
 * throws a typed StudioKitError — callers never have to check an `error` field.
 */
import createFetchClient, { type FetchResponse, type MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import { authHeader, staticCredential, type AuthScheme, type Credential, type CredentialSource } from "./auth.js";
import { errorForStatus, ProviderError } from "./errors.js";
import type { RetryPolicy } from "./retry.js";
import { parseRetryAfter } from "./retry.js";
import { systemClock, type Clock } from "./timing.js";
import { createTransport, type FetchLike } from "./transport.js";
import { secretsInBody } from "./redact.js";
import type { CompiledValidator } from "./validation.js";
import { requestValidation } from "./request-validation.js";
import { createRateLimiter, type RateLimit } from "./rate-limit.js";
import type { SocketLike } from "./socket.js";

export interface OperationDefinition {
  operationId: string;
  method: Uppercase<HttpMethod>;
  path: string;
  /** Safe to send again after it may have reached the provider (GET, DELETE, marked POSTs). */
  idempotent: boolean;
  /** A default timeout for this operation (synchronous generations take minutes). */
  timeoutMs?: number;
  /** True when the spec says `security: []` (e.g. a login): sent without credentials. */
  public?: boolean;
  body?: {
    contentType: string;
    required: boolean;
    /** The body's validator: its name in `ApiDefinition.validators` (generated), or the function. */
    validate?: CompiledValidator | string;
    /** Multipart fields that carry files (Blob, File, bytes). */
    binaryFields?: readonly string[];
  };
  query?: CompiledValidator | string;
  pathParams?: CompiledValidator | string;
}

export interface ServerDefinition {
  url: string;
  description?: string;
  /** A short name callers pick the server by (e.g. a region). */
  name?: string;
}

export interface ApiDefinition {
  /** The provider's id, e.g. `influencer-studio`. */
  provider: string;
  title: string;
  servers: readonly ServerDefinition[];
  /** Security schemes in the spec's order of preference; the first is the default. */
  authSchemes: Readonly<Record<string, AuthScheme>>;
  /** Keyed by `"METHOD /path"`. */
  operations: Readonly<Record<string, OperationDefinition>>;
  defaultTimeoutMs: number;
  /** Websocket channels (`x-studiokit-websockets`): URL templates such as `wss://host/ws/prompts/{promptId}`. */
  websockets?: Readonly<Record<string, { url: string }>>;
  /**
   * Loads the validators the operations name (a generated package's `validators.js`, a dynamic
   * import so that it is its own chunk, fetched on the first call that validates).
   */
  validators?: () => Promise<Readonly<Record<string, unknown>>>;
}

export interface ClientOptions {
  /** The API key. Never printed, logged or included in an error. */
  apiKey?: string | undefined;
  /** Which of the spec's security schemes the key is sent with; the spec's first by default. */
  authScheme?: string | undefined;
  /** A credential source other than a static key (used by login flows). */
  credentials?: CredentialSource | undefined;
  /** Overrides the spec's server, e.g. a local mock: `http://127.0.0.1:4010`. */
  baseUrl?: string | undefined;
  /** Picks one of the spec's named servers (e.g. `region`). */
  server?: string | undefined;
  fetch?: FetchLike | undefined;
  /** Retries after the first attempt (default 2). Credit-spending POSTs retry only when safe. */
  maxRetries?: number | undefined;
  /**
   * Per-attempt timeout in milliseconds for ordinary calls (default: the provider's, usually 60 s).
   * Operations the spec gives a longer timeout (synchronous generations) keep theirs; pass
   * `timeoutMs` on the call itself to override those too.
   */
  timeoutMs?: number | undefined;
  /** A response body larger than this is refused with a ProviderError (default 64 MiB). */
  maxResponseBytes?: number | undefined;
  /** Check request bodies and parameters against the spec before sending (default true). */
  validate?: boolean | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Keep under a provider's rate limit on the client side, e.g. `{ requests: 60, intervalMs: 60_000 }`. */
  rateLimit?: RateLimit | undefined;
  /** Advanced: retry tuning and a clock, for tests and simulations. */
  retry?: Partial<Omit<RetryPolicy, "maxRetries">> | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
}

/** Options every call accepts on top of openapi-fetch's. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * The request init of one operation, plus the call options. Unlike openapi-fetch's own method type it
 * is not inferred from the argument and has no `[key: string]: unknown` escape: the literal a caller
 * writes is checked against the operation's types, so a misspelled field (`{ prompt, batchh: 2 }`,
 * `parms`) is a type error at every depth (openapi-ts/openapi-typescript#1769).
 */
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & CallOptions)?] : [Init & CallOptions];

/** The success half of openapi-fetch's response union: errors are thrown instead. */
export type SuccessResult<T> = { data: T extends { data: infer Data; error?: never } ? Data : never; response: Response };

export type ApiMethod<Paths extends Record<string, any>, Method extends HttpMethod> = <Path extends PathsWithMethod<Paths, Method>>(
  url: Path,
  ...init: InitParam<MaybeOptionalInit<Paths[Path], Method>>
) => Promise<SuccessResult<FetchResponse<Paths[Path][Method], MaybeOptionalInit<Paths[Path], Method>, `${string}/${string}`>>>;

export interface ApiClient<Paths extends Record<string, any>> {
  readonly provider: string;
  /** The base URL requests go to. */
  readonly baseUrl: string;
  readonly operations: Readonly<Record<string, OperationDefinition>>;
  GET: ApiMethod<Paths, "get">;
  POST: ApiMethod<Paths, "post">;
  PUT: ApiMethod<Paths, "put">;
  PATCH: ApiMethod<Paths, "patch">;
  DELETE: ApiMethod<Paths, "delete">;
  /**
   * Opens one of the spec's websocket channels with the client's credentials, resolving once it is
   * open; undefined where this runtime cannot send the auth header (browsers).
   */
  openSocket(channel: string, params: Record<string, string>, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<SocketLike | undefined>;
  /** The URL a channel resolves to for `params`, on this client's server (a mock's, when `baseUrl` is set). */
  socketUrl(channel: string, params: Record<string, string>): string;
  /**
   * The credentials this client holds, for redaction hooks such as `waitForJob({ secrets })`. Keyed
   * by a symbol so that it never shows up in autocompletion, JSON or a casual log.
   */
  [clientSecrets](): readonly string[];
}

/** Key of the method that hands a client's secrets to redaction hooks (see `ApiClient`). */
export const clientSecrets: unique symbol = Symbol("studiokit.clientSecrets");

export function createApiClient<Paths extends Record<string, any>>(
  definition: ApiDefinition,
  options: ClientOptions,
): ApiClient<Paths> {
  const { provider } = definition;
  const schemeNames = Object.keys(definition.authSchemes);
  const credentials = resolveCredentials(definition, options, schemeNames);
  const baseUrl = resolveBaseUrl(definition, options);
  const clock = options.clock ?? systemClock;
  const limiter = options.rateLimit ? createRateLimiter(options.rateLimit, clock) : undefined;
  const transport = createTransport({
    provider,
    fetch: options.fetch,
    retry: { ...options.retry, ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}) },
    timeoutMs: options.timeoutMs ?? definition.defaultTimeoutMs,
    // The transport always had this limit; without passing it on, a caller could not set it.
    maxResponseBytes: options.maxResponseBytes,
    // Credentials go to the configured server only: redirects elsewhere are refused.
    origin: new URL(baseUrl).origin,
    clock,
    random: options.random,
    secrets: () => credentials.secrets(),
    beforeAttempt: limiter ? (signal) => limiter.acquire(signal) : undefined,
  });
  const base = createFetchClient<Paths>({ baseUrl });
  const validateRequest = (options.validate ?? true) ? requestValidation(definition) : undefined;
  // Lower-cased once, so that a call's headers and the credential replace them by name.
  const clientHeaders: Record<string, string> = options.headers ? Object.fromEntries(new Headers(options.headers)) : {};

  // Looked up by method, then path: no "METHOD /path" string is built on every call.
  const operationsByMethod: Record<string, Record<string, OperationDefinition>> = {};
  for (const operation of Object.values(definition.operations)) (operationsByMethod[operation.method] ??= {})[operation.path] = operation;

  async function call(method: Uppercase<HttpMethod>, path: string, init: Record<string, any> = {}) {
    const operation = operationsByMethod[method]?.[path];
    if (!operation) throw new TypeError(`${provider}: no operation ${method} ${path} in the spec`);
    const { signal, timeoutMs, headers: callHeaders } = init;
    if (validateRequest) {
      // Synchronous once the validators are loaded; only the first call waits for them.
      const loading = validateRequest(operation, init);
      if (loading) await loading;
    }

    const context = { provider, operation: operation.operationId };
    const sendOptions = {
      operation: operation.operationId,
      idempotent: operation.idempotent,
      signal,
      // An operation's own timeout (a synchronous generation that takes minutes) is a fact about
      // the provider and outranks the client-wide default; only a per-call timeout overrides it.
      timeoutMs: timeoutMs ?? operation.timeoutMs ?? options.timeoutMs,
    };
    for (let authAttempt = 0; ; authAttempt++) {
      const headers: Record<string, string> = { ...clientHeaders };
      if (callHeaders) for (const [name, value] of new Headers(callHeaders)) headers[name] = value;
      if (schemeNames.length > 0 && !operation.public) {
        // A static key (or a cached token) is at hand: no await for it.
        const ready = credentials.current?.();
        if (ready) applyCredential(headers, ready);
        else await authenticate(headers, signal);
      }
      // openapi-fetch builds each attempt's Request (URL, query, body, headers) and hands it to its
      // `fetch`, which here only captures it: sending, redirects, reading and retries are the
      // transport's, so that the body is read once, under its cap and the attempt's timeout.
      let captured: Request | undefined;
      const requestInit: Record<string, unknown> = {
        // The call's own options (timeoutMs) ride along harmlessly: the Request ignores them.
        ...init,
        bodySerializer: operation.body?.contentType === "multipart/form-data" ? toFormData : init.bodySerializer,
        headers,
        signal: undefined,
        redirect: "manual",
        fetch: (request: Request) => {
          captured = request;
          return CAPTURED_ANSWER;
        },
      };
      const send = (base as any)[method];
      const takeCaptured = () => captured!;
      const { response, text } = await transport.send((attemptSignal) => {
        requestInit.signal = attemptSignal;
        return send(path, requestInit).then(takeCaptured);
      }, sendOptions);
      const empty = text === "" || response.status === 204 || method === "HEAD";
      if (response.ok) {
        if (empty) return { data: undefined, response };
        try {
          return { data: JSON.parse(text), response };
        } catch {
          // Malformed JSON or an HTML page. The parser's error is not kept as the cause: its message
          // quotes the start of the body, which could hold a fragment of an echoed key that whole-key
          // redaction would not match.
          throw new ProviderError(`${provider} ${operation.operationId}: the HTTP ${response.status} response could not be read as JSON`, {
            ...context,
            status: response.status,
            body: text,
            requestId: response.headers.get("x-request-id") ?? undefined,
            // A credential the body carries (a login's password) is redacted like the key.
            secrets: secretsOfCall(credentials, init.body),
          });
        }
      }
      if (response.status === 401 && authAttempt === 0 && credentials.invalidate?.()) continue;
      throw errorForStatus(response.status, {
        ...context,
        status: response.status,
        body: empty ? undefined : parseErrorBody(text),
        requestId: response.headers.get("x-request-id") ?? undefined,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), clock.now()),
        secrets: secretsOfCall(credentials, init.body),
      });
    }
  }

  // The header for the last credential seen: a static key's is worked out and checked once.
  let lastCredential: { scheme: string; value: string; header: [string, string] } | undefined;

  /** Sets the credential's header; shared by REST calls and sockets. */
  async function authenticate(headers: Record<string, string>, signal: AbortSignal | undefined): Promise<void> {
    applyCredential(headers, credentials.current?.() ?? (await credentials.get(signal)));
  }

  function applyCredential(headers: Record<string, string>, credential: Credential): void {
    if (lastCredential?.value !== credential.value || lastCredential.scheme !== credential.scheme) {
      const scheme = definition.authSchemes[credential.scheme];
      if (!scheme) throw new TypeError(`${provider}: unknown auth scheme ${credential.scheme}`);
      const header = authHeader(scheme, credential.value);
      // Headers would quote the whole rejected value (the key) in its message: check it first.
      if (!HEADER_VALUE.test(header[1])) {
        throw new TypeError(`${provider}: the API key contains characters an HTTP header cannot carry (a line break or a non-ASCII character?)`);
      }
      lastCredential = { scheme: credential.scheme, value: credential.value, header };
    }
    headers[lastCredential.header[0]] = lastCredential.header[1];
  }

  function socketUrl(channel: string, params: Record<string, string>): string {
    const template = definition.websockets?.[channel]?.url;
    if (!template) throw new TypeError(`${provider}: no websocket channel "${channel}" in the spec`);
    const url = new URL(template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "")));
    // A channel on the API's own host follows the client to another server (a mock, a region).
    const specHost = definition.servers[0] ? new URL(definition.servers[0].url).host : undefined;
    if (url.host === specHost) {
      const target = new URL(baseUrl);
      url.protocol = target.protocol === "http:" ? "ws:" : "wss:";
      url.host = target.host;
    }
    return url.toString();
  }

  async function openSocket(channel: string, params: Record<string, string>, options: { signal?: AbortSignal; timeoutMs?: number } = {}) {
    // Loaded here, not at import: a client that never opens a socket never loads `ws`.
    const [{ connectSocket, socketsCanSendHeaders }, { bufferMessages }] = await Promise.all([import("#websocket"), import("./socket.js")]);
    if (!connectSocket) return undefined;
    // An aborted wait opens nothing (and sends no credential anywhere).
    if (options.signal?.aborted) throw new Error(`${provider} socket "${channel}": canceled`);
    const headers: Record<string, string> = {};
    if (schemeNames.length > 0) {
      if (!socketsCanSendHeaders) return undefined;
      await authenticate(headers, options.signal);
      if (options.signal?.aborted) throw new Error(`${provider} socket "${channel}": canceled`);
    }
    const socket = bufferMessages(connectSocket(socketUrl(channel, params), headers));
    const timeoutMs = options.timeoutMs ?? 10_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`not open after ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        try {
          socket.close();
        } catch {
          // never opened
        }
        reject(new Error(`${provider} socket "${channel}": ${error.message}`));
      };
      socket.addEventListener("open", () => {
        clearTimeout(timer);
        resolve();
      });
      socket.addEventListener("error", () => fail(new Error("could not connect")));
      socket.addEventListener("close", () => fail(new Error("closed while connecting")));
      options.signal?.addEventListener("abort", () => fail(new Error("canceled")), { once: true });
    });
    return socket;
  }

  const method = (name: Uppercase<HttpMethod>) => ((path: string, init?: Record<string, unknown>) => call(name, path, init)) as any;
  return {
    provider,
    baseUrl,
    operations: definition.operations,
    GET: method("GET"),
    POST: method("POST"),
    PUT: method("PUT"),
    PATCH: method("PATCH"),
    DELETE: method("DELETE"),
    openSocket,
    socketUrl,
    [clientSecrets]: () => credentials.secrets(),
  };
}

function resolveCredentials(definition: ApiDefinition, options: ClientOptions, schemeNames: string[]): CredentialSource {
  if (options.credentials) return options.credentials;
  const scheme = options.authScheme ?? schemeNames[0];
  if (options.authScheme && !definition.authSchemes[options.authScheme]) {
    throw new TypeError(
      `${definition.provider}: authScheme "${options.authScheme}" is not one of ${schemeNames.map((n) => `"${n}"`).join(", ")}`,
    );
  }
  if (schemeNames.length === 0 || scheme === undefined) return { get: async () => ({ scheme: "", value: "" }), secrets: () => [] };
  if (typeof options.apiKey !== "string" || options.apiKey.trim() === "") {
    // Checked lazily so that public operations still work without a key.
    return {
      get: async () => {
        throw new TypeError(`${definition.provider}: apiKey is required (pass it to the client factory)`);
      },
      secrets: () => [],
    };
  }
  return staticCredential(scheme, options.apiKey);
}

function resolveBaseUrl(definition: ApiDefinition, options: ClientOptions): string {
  if (options.baseUrl) {
    try {
      new URL(options.baseUrl);
    } catch {
      throw new TypeError(`${definition.provider}: baseUrl "${options.baseUrl}" is not an absolute URL`);
    }
    return options.baseUrl.replace(/\/+$/, "");
  }
  if (options.server) {
    const server = definition.servers.find((candidate) => candidate.name === options.server);
    if (!server) {
      const names = definition.servers.flatMap((candidate) => (candidate.name ? [`"${candidate.name}"`] : []));
      throw new TypeError(`${definition.provider}: server "${options.server}" is not one of ${names.join(", ")}`);
    }
    return server.url;
  }
  const first = definition.servers[0];
  if (!first) throw new TypeError(`${definition.provider}: the spec declares no server; pass baseUrl`);
  return first.url;
}

/**
 * What the capturing `fetch` answers openapi-fetch: a 204, which it returns without reading a body
 * (cheaper than throwing out of it). Shared, because openapi-fetch only looks at its status.
 */
const CAPTURED_ANSWER = Promise.resolve(new Response(null, { status: 204 }));

/** What a header value may hold (no line breaks, no NUL, nothing beyond Latin-1). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The secrets one call's errors are scrubbed of: the client's, and any the request body carries. */
function secretsOfCall(credentials: CredentialSource, body: unknown): readonly string[] {
  const inBody = secretsInBody(body);
  return inBody.length > 0 ? [...credentials.secrets(), ...inBody] : credentials.secrets();
}

/** An error body: JSON where it parses (as plain data), otherwise the text. */
function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Multipart bodies: plain values become fields, Blobs and byte arrays become file parts. */
function toFormData(body: unknown): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item instanceof Blob) form.append(name, item, (item as File).name ?? name);
      else if (item instanceof Uint8Array || item instanceof ArrayBuffer) form.append(name, new Blob([item as BlobPart]), name);
      else form.append(name, typeof item === "object" ? JSON.stringify(item) : String(item));
    }
  }
  return form;
}
