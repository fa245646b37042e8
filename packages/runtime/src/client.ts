/**
 * `createApiClient` binds an openapi-fetch client to one provider's definition (generated from its
 * spec): server, auth schemes, operations and their compiled validators. Every call is validated
 * before sending, sent through the retrying transport, and either returns `{ data, response }` or
 * throws a typed StudioKitError — callers never have to check an `error` field.
 */
import createFetchClient, { type FetchResponse, type MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import { authHeader, staticCredential, type AuthScheme, type Credential, type CredentialSource } from "./auth.js";
import { ConfigurationError, ProviderError, ValidationError, type ConfigurationReason } from "./errors.js";
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
  options = checkClientOptions(provider, options);
  const schemeNames = Object.keys(definition.authSchemes);
  const credentials = resolveCredentials(definition, options, schemeNames);
  const baseUrl = resolveBaseUrl(definition, options);
  const clock = options.clock ?? systemClock;
  const limiter = options.rateLimit ? createRateLimiter(options.rateLimit, clock, provider) : undefined;
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
  const clientHeaders: Record<string, string> = options.headers ? readHeaders(provider, options.headers, "headers", configurationProblem(provider)) : {};

  // Looked up by method, then path: no "METHOD /path" string is built on every call.
  const operationsByMethod: Record<string, Record<string, OperationDefinition>> = {};
  for (const operation of Object.values(definition.operations)) (operationsByMethod[operation.method] ??= {})[operation.path] = operation;

  async function call(method: Uppercase<HttpMethod>, path: string, init: Record<string, any> = {}) {
    const operation = operationsByMethod[method]?.[path];
    if (!operation) {
      // Types rule this out; plain JavaScript (or a path built at run time) does not.
      throw new ValidationError(`${provider}: no operation ${method} ${String(path).slice(0, 200)} in the spec`, {
        provider,
        local: true,
        issues: [{ path: "path", message: `no operation ${method} ${String(path).slice(0, 200)} in the spec` }],
        secrets: credentials.secrets(),
      });
    }
    const { signal, timeoutMs, headers: callHeaders } = init;
    checkCallOptions(provider, operation.operationId, signal, timeoutMs);
    if (validateRequest) {
      // Synchronous once the validators are loaded; only the first call waits for them.
      const loading = validateRequest(operation, init);
      if (loading) await loading;
    }

    // Multipart uploads are a few operations: their serializer loads on the first one.
    const bodySerializer = operation.body?.contentType === "multipart/form-data" ? (await import("./multipart.js")).toFormData : init.bodySerializer;
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
      if (callHeaders) Object.assign(headers, readHeaders(provider, callHeaders, "headers", callHeaderProblem(provider, operation.operationId)));
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
        bodySerializer,
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
      // The error's making (class by status, body parsing, the message) loads only on a failure.
      const { errorForStatus, parseErrorBody } = await import("./failure.js");
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
      if (!scheme) {
        // A custom credential source named a scheme the spec does not have.
        throw new ConfigurationError(`${provider}: the credentials are for auth scheme "${String(credential.scheme).slice(0, 80)}", which is not one of ${quotedList(schemeNames)}`, {
          provider,
          reason: "invalid_option",
          option: "credentials",
          secrets: [credential.value, ...credentials.secrets()],
        });
      }
      const header = authHeader(scheme, credential.value);
      // Headers would quote the whole rejected value (the key) in its message: check it first, and
      // never quote it.
      if (!HEADER_VALUE.test(header[1])) {
        throw new ConfigurationError(`${provider}: the API key contains characters an HTTP header cannot carry (a line break or a non-Latin-1 character?)`, {
          provider,
          reason: "invalid_option",
          option: options.credentials ? "credentials" : "apiKey",
          secrets: [credential.value, ...credentials.secrets()],
        });
      }
      lastCredential = { scheme: credential.scheme, value: credential.value, header };
    }
    headers[lastCredential.header[0]] = lastCredential.header[1];
  }

  function socketUrl(channel: string, params: Record<string, string>): string {
    const template = definition.websockets?.[channel]?.url;
    if (!template) {
      throw new ValidationError(`${provider}: no websocket channel "${String(channel).slice(0, 80)}" in the spec`, {
        provider,
        local: true,
        issues: [{ path: "channel", message: `must be one of ${quotedList(Object.keys(definition.websockets ?? {}))}` }],
      });
    }
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
    // Loaded here, not at import: a client that never opens a socket never loads its code or `ws`.
    const { openAuthenticatedSocket } = await import("./socket.js");
    return openAuthenticatedSocket({
      provider,
      channel,
      url: () => socketUrl(channel, params),
      authenticate: schemeNames.length > 0 ? authenticate : undefined,
      ...options,
    });
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
  if (options.authScheme !== undefined && !Object.hasOwn(definition.authSchemes, options.authScheme)) {
    throw new ConfigurationError(`${definition.provider}: authScheme "${String(options.authScheme).slice(0, 80)}" is not one of ${quotedList(schemeNames)}`, {
      provider: definition.provider,
      reason: "invalid_option",
      option: "authScheme",
      secrets: typeof options.apiKey === "string" && options.apiKey !== "" ? [options.apiKey] : [],
    });
  }
  if (schemeNames.length === 0 || scheme === undefined) return { get: async () => ({ scheme: "", value: "" }), secrets: () => [] };
  if (typeof options.apiKey !== "string" || options.apiKey.trim() === "") {
    // Checked lazily so that public operations still work without a key.
    return {
      get: async () => {
        throw new ConfigurationError(`${definition.provider}: apiKey is required (pass it to the client factory)`, {
          provider: definition.provider,
          reason: "missing_credentials",
          option: "apiKey",
        });
      },
      secrets: () => [],
    };
  }
  return staticCredential(scheme, options.apiKey);
}

function resolveBaseUrl(definition: ApiDefinition, options: ClientOptions): string {
  const { provider } = definition;
  // The key is scrubbed from these messages, in case it was pasted into the wrong option.
  const secrets = typeof options.apiKey === "string" && options.apiKey !== "" ? [options.apiKey] : [];
  const fail = (message: string, reason: ConfigurationReason, option: string) =>
    new ConfigurationError(`${provider}: ${message}`, { provider, reason, option, secrets });
  if (options.baseUrl !== undefined && options.baseUrl !== "") {
    let url: URL | undefined;
    try {
      url = typeof options.baseUrl === "string" ? new URL(options.baseUrl) : undefined;
    } catch {
      url = undefined;
    }
    const shown = typeof options.baseUrl === "string" ? JSON.stringify(options.baseUrl.slice(0, 80)) : typeof options.baseUrl;
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      throw fail(`baseUrl must be an absolute http(s) URL, e.g. "http://127.0.0.1:4010" (got ${shown})`, "invalid_base_url", "baseUrl");
    }
    // A user:password in the URL would ride along to every request and every error message.
    if (url.username || url.password) throw fail("baseUrl must not carry a user name or password (pass the key as apiKey)", "invalid_base_url", "baseUrl");
    return options.baseUrl.replace(/\/+$/, "");
  }
  if (options.server !== undefined) {
    const server = definition.servers.find((candidate) => candidate.name === options.server);
    if (!server) {
      const names = definition.servers.flatMap((candidate) => (candidate.name ? [candidate.name] : []));
      throw fail(`server "${String(options.server).slice(0, 80)}" is not one of ${quotedList(names)}`, "invalid_option", "server");
    }
    return server.url;
  }
  const first = definition.servers[0];
  if (!first) throw fail("the spec declares no server; pass baseUrl", "invalid_base_url", "baseUrl");
  return first.url;
}

/**
 * What the capturing `fetch` answers openapi-fetch: a 204, which it returns without reading a body
 * (cheaper than throwing out of it). Shared, because openapi-fetch only looks at its status.
 */
const CAPTURED_ANSWER = Promise.resolve(new Response(null, { status: 204 }));

/**
 * The client options a plain-JavaScript caller can get wrong in type, checked up front: a wrong one
 * would otherwise surface later as a misleading NetworkError or a TypeError from inside the client.
 * An absent options object is an empty one (public operations need no key).
 */
function checkClientOptions(provider: string, options: ClientOptions | undefined): ClientOptions {
  if (options === undefined) return {};
  const secrets = typeof options === "string" ? [options] : typeof options?.apiKey === "string" && options.apiKey !== "" ? [options.apiKey] : [];
  const fail = (option: string, message: string) =>
    new ConfigurationError(`${provider}: ${option} ${message}`, { provider, reason: "invalid_option", option, secrets });
  // Not quoted: a string here is most likely the key itself.
  if (typeof options !== "object" || options === null) throw fail("options", "must be an object such as { apiKey }");
  const positive = (value: unknown) => typeof value === "number" && Number.isFinite(value) && value > 0;
  if (options.timeoutMs !== undefined && !isTimeout(options.timeoutMs)) throw fail("timeoutMs", TIMEOUT_RULE);
  if (options.maxResponseBytes !== undefined && !positive(options.maxResponseBytes)) throw fail("maxResponseBytes", "must be a positive number of bytes");
  if (options.maxRetries !== undefined && !(Number.isInteger(options.maxRetries) && options.maxRetries >= 0)) throw fail("maxRetries", "must be a whole number ≥ 0");
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw fail("fetch", "must be a fetch function");
  if (options.validate !== undefined && typeof options.validate !== "boolean") throw fail("validate", "must be true or false");
  if (options.apiKey !== undefined && typeof options.apiKey !== "string") throw fail("apiKey", "must be a string");
  return options;
}

/** A call's own `signal` and `timeoutMs`, checked before anything is sent. */
function checkCallOptions(provider: string, operation: string, signal: unknown, timeoutMs: unknown): void {
  const problem = (path: string, message: string) =>
    new ValidationError(`${provider} ${operation}: ${path} ${message}; nothing was sent`, { provider, operation, local: true, issues: [{ path, message }] });
  if (signal !== undefined && !isAbortSignal(signal)) throw problem("signal", "must be an AbortSignal");
  if (timeoutMs !== undefined && !isTimeout(timeoutMs)) throw problem("timeoutMs", TIMEOUT_RULE);
}

/** Timers take at most 2³¹−1 ms; a longer one would fire at once. */
const isTimeout = (value: unknown) => typeof value === "number" && value > 0 && value <= 2 ** 31 - 1;
const TIMEOUT_RULE = "must be a positive number of milliseconds, at most 2147483647 (about 24 days)";

/** An AbortSignal, or one from another realm or polyfill that behaves like one. */
function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof AbortSignal !== "undefined" && value instanceof AbortSignal) return true;
  const candidate = value as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown } | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.aborted === "boolean" &&
    typeof candidate.addEventListener === "function" &&
    typeof candidate.removeEventListener === "function"
  );
}

/** `"a", "b"` for messages; `(none)` for an empty list. */
function quotedList(names: readonly string[]): string {
  return names.length > 0 ? names.map((name) => `"${name}"`).join(", ") : "(none)";
}

type HeaderProblem = (message: string, option: string) => Error;

const configurationProblem =
  (provider: string): HeaderProblem =>
  (message, option) =>
    new ConfigurationError(`${provider}: ${message}`, { provider, reason: "invalid_option", option });

const callHeaderProblem =
  (provider: string, operation: string): HeaderProblem =>
  (message, path) =>
    new ValidationError(`${provider} ${operation}: ${message}`, { provider, operation, local: true, issues: [{ path, message }] });

/**
 * Headers as a lower-cased record. `new Headers` would throw a TypeError that quotes a rejected
 * value (which may be a key someone put in `Authorization`): each entry is checked first, and the
 * error names the header, never its value.
 */
function readHeaders(provider: string, input: unknown, option: string, problem: HeaderProblem): Record<string, string> {
  const entries =
    input instanceof Headers ? [...input] : Array.isArray(input) ? input : input && typeof input === "object" ? Object.entries(input) : undefined;
  if (!entries) throw problem(`${option} must be an object of header names and values`, option);
  const headers: Record<string, string> = {};
  for (const entry of entries) {
    const [name, value] = Array.isArray(entry) ? entry : [];
    if (typeof name !== "string" || !HEADER_NAME.test(name)) {
      throw problem(`${option} has a name that is not a valid HTTP header name (${JSON.stringify(String(name).slice(0, 40))})`, option);
    }
    if (value === undefined) continue;
    const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
    if (text === undefined || !HEADER_VALUE.test(text)) {
      throw problem(`${option}.${name} is not a value an HTTP header can carry (a string without line breaks or non-Latin-1 characters)`, `${option}.${name}`);
    }
    headers[name.toLowerCase()] = text.trim();
  }
  return headers;
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** What a header value may hold (no line breaks, no NUL, nothing beyond Latin-1). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The secrets one call's errors are scrubbed of: the client's, and any the request body carries. */
function secretsOfCall(credentials: CredentialSource, body: unknown): readonly string[] {
  const inBody = secretsInBody(body);
  return inBody.length > 0 ? [...credentials.secrets(), ...inBody] : credentials.secrets();
}
