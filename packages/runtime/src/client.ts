/**
 * `createApiClient` binds an openapi-fetch client to one provider's definition (generated from its
 * spec): server, auth schemes, operations and their compiled validators. Every call is validated
 * before sending, sent through the retrying transport, and either returns `{ data, response }` or
 * throws a typed StudioKitError — callers never have to check an `error` field.
 *
 * Each attempt's Request is built here with openapi-fetch's own serializers (path, query, body), the
 * way its `createClient` builds one, minus what a client of ours never uses on the way (a Headers
 * object merged twice, a query serializer made per call, middleware, an async layer to read the
 * answer): the transport sends it and reads the answer. Everything only a failure needs (error
 * wording, redaction of the request body's secrets, the error classes a status maps to) is in
 * `failure.ts`, loaded on the first failure.
 */
import {
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  mergeHeaders,
  removeTrailingSlash,
  type FetchResponse,
  type MaybeOptionalInit,
} from "openapi-fetch";
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import { authHeader, staticCredential, type AuthScheme, type Credential, type CredentialSource } from "./auth.js";
import { ConfigurationError, ValidationError, type ConfigurationReason } from "./errors.js";
import type { RetryPolicy } from "./retry.js";
import type { Clock } from "./timing.js";
import { createTransport, originOf, type FetchLike } from "./transport.js";
import type { CompiledValidator } from "./validation.js";
import { requestValidation } from "./request-validation.js";
import type { RateLimit, RateLimiter } from "./rate-limit.js";
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
  /**
   * Overrides the spec's server, e.g. the local sandbox: `http://127.0.0.1:4010`. Plain http is
   * taken for this machine only (localhost, 127.0.0.0/8, ::1); any other server needs https.
   */
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
  // The system clock is the default; only waits and failures read a clock, and load it with them.
  const clock = options.clock;
  const limit = options.rateLimit;
  if (limit && (typeof limit !== "object" || !(limit.requests >= 1) || !(limit.intervalMs > 0))) {
    throw new ConfigurationError(`${provider}: rateLimit needs requests >= 1 and intervalMs > 0`, { provider, reason: "invalid_option", option: "rateLimit" });
  }
  // The limiter's code loads before the first attempt that waits for it; one limiter per client.
  let limiter: Promise<RateLimiter> | undefined;
  const loadLimiter = () =>
    (limiter ??= Promise.all([import("./rate-limit.js"), import("./timing.js")]).then(
      ([{ createRateLimiter }, { systemClock }]) => createRateLimiter(limit!, clock ?? systemClock, provider),
      (error: unknown) => {
        limiter = undefined;
        throw error;
      },
    ));
  const clientOrigin = new URL(baseUrl).origin;
  const transport = createTransport({
    provider,
    fetch: options.fetch,
    retry: options.maxRetries !== undefined ? { ...options.retry, maxRetries: options.maxRetries } : options.retry,
    timeoutMs: options.timeoutMs ?? definition.defaultTimeoutMs,
    // The transport always had this limit; without passing it on, a caller could not set it.
    maxResponseBytes: options.maxResponseBytes,
    // Credentials go to the configured server only: redirects elsewhere are refused.
    origin: clientOrigin,
    clock,
    random: options.random,
    secrets: () => credentials.secrets(),
    beforeAttempt: limit ? (signal) => loadLimiter().then((loaded) => loaded.acquire(signal)) : undefined,
  });
  const validateRequest = (options.validate ?? true) ? requestValidation(definition) : undefined;
  // Lower-cased once, so that a call's headers and the credential replace them by name.
  const readClientHeaders = options.headers ? readHeaders(options.headers) : {};
  if (Array.isArray(readClientHeaders)) {
    const [message, option] = readClientHeaders;
    throw new ConfigurationError(`${provider}: ${message}`, { provider, reason: "invalid_option", option });
  }
  const clientHeaders: Record<string, string> = readClientHeaders;
  const publicHeaders = headerSet(clientHeaders, {});
  // openapi-fetch makes a query serializer on every call; its default never changes.
  const defaultQuerySerializer = createQuerySerializer();

  // Looked up by method, then path: no "METHOD /path" string is built on every call.
  const operationsByMethod: Record<string, Record<string, OperationDefinition>> = {};
  for (const operation of Object.values(definition.operations)) (operationsByMethod[operation.method] ??= {})[operation.path] = operation;

  async function call(method: Uppercase<HttpMethod>, path: string, init: Record<string, any> = NO_INIT) {
    const operation = operationsByMethod[method]?.[path];
    // Types rule this out; plain JavaScript (or a path built at run time) does not.
    if (!operation) throw (await import("./failure.js")).unknownOperation(provider, method, path, credentials.secrets());
    const { signal, timeoutMs, params } = init;
    const badSignal = signal !== undefined && !isAbortSignal(signal);
    if (badSignal || (timeoutMs !== undefined && !isTimeout(timeoutMs))) {
      throw (await import("./failure.js")).callOptionProblem(provider, operation.operationId, badSignal ? ["signal", "must be an AbortSignal"] : ["timeoutMs", TIMEOUT_RULE]);
    }
    if (validateRequest) {
      // Synchronous once the validators are loaded; only the first call waits for them.
      const loading = validateRequest(operation, init);
      if (loading) await loading;
    }

    // Multipart uploads are a few operations: their serializer loads on the first one.
    const serializeBody: (body: unknown, headers?: any) => any =
      operation.body?.contentType === "multipart/form-data" ? (await import("./multipart.js")).toFormData : (init.bodySerializer ?? defaultBodySerializer);
    // The URL is the same for every attempt; without parameters it is the base URL and the path.
    const url =
      params === undefined && !init.baseUrl && !init.querySerializer
        ? baseUrl + path
        : createFinalURL(path, {
            baseUrl: init.baseUrl ? removeTrailingSlash(init.baseUrl) : baseUrl,
            params: params ?? {},
            querySerializer:
              typeof init.querySerializer === "function" ? init.querySerializer : init.querySerializer ? createQuerySerializer(init.querySerializer) : defaultQuerySerializer,
            pathSerializer: init.pathSerializer ?? defaultPathSerializer,
          } as any);
    // The credential goes to the configured server only: a call's own baseUrl or serializers could
    // point the request elsewhere, so a URL not made from the client's base URL is checked first.
    if ((init.baseUrl || init.pathSerializer || init.querySerializer) && originOf(url) !== clientOrigin) {
      const field = init.baseUrl ? "baseUrl" : init.pathSerializer ? "pathSerializer" : "querySerializer";
      throw (await import("./failure.js")).callOptionProblem(provider, operation.operationId, [field, `must keep the request on the client's server (${clientOrigin}): no credential goes to another origin`]);
    }
    // RequestInit fields a caller may add (credentials, cache, priority, …) go on each Request.
    let requestInit: Record<string, unknown> | undefined;
    for (const key in init) if (!CALL_FIELDS.has(key)) (requestInit ??= {})[key] = init[key];
    let callHeaders: Record<string, string> | undefined;
    if (init.headers) {
      const read = readHeaders(init.headers);
      if (Array.isArray(read)) throw (await import("./failure.js")).callHeaderProblem(provider, operation.operationId, read);
      callHeaders = read;
    }
    const paramHeaders = params?.header;
    const RequestClass: typeof Request = init.Request ?? Request;
    // A call's own middleware (rare) runs on each attempt's Request; its code loads with the first.
    const middleware = init.middleware?.length ? (await import("./middleware.js")).applyRequestMiddleware : undefined;
    const middlewareContext = middleware && {
      schemaPath: path,
      params: params ?? {},
      options: Object.freeze({ baseUrl, parseAs: init.parseAs ?? "json", bodySerializer: serializeBody, fetch: options.fetch ?? globalThis.fetch }),
    };
    const sendOptions = {
      operation: operation.operationId,
      idempotent: operation.idempotent,
      signal,
      // An operation's own timeout (a synchronous generation that takes minutes) is a fact about
      // the provider and outranks the client-wide default; only a per-call timeout overrides it.
      timeoutMs: timeoutMs ?? operation.timeoutMs ?? options.timeoutMs,
    };

    for (let authAttempt = 0; ; authAttempt++) {
      let headers = publicHeaders;
      if (schemeNames.length > 0 && !operation.public) {
        // A static key (or a cached token) is at hand: no await for it.
        const ready = credentials.current?.();
        headers = (ready && headersFor(ready)) || (await credentialHeaders(signal));
      }
      // The caller's headers rank above the client's, the credential above both.
      if (callHeaders) headers = headerSet({ ...clientHeaders, ...callHeaders }, headers.credential);
      const { plain, json } = headers;
      const build = (signal: AbortSignal): Request | Promise<Request> => {
        // What openapi-fetch does: the serializer sees the headers (a form-encoded content type),
        // and a body that is not FormData is JSON unless a header says otherwise.
        const body = init.body === undefined ? undefined : serializeBody(init.body, init.bodySerializer || paramHeaders ? mergeHeaders(plain, paramHeaders) : plain);
        let requestHeaders: HeadersInit = body === undefined || body instanceof FormData ? plain : json;
        if (paramHeaders) requestHeaders = mergeHeaders(requestHeaders, paramHeaders);
        const request = new RequestClass(url, { ...requestInit, method, headers: requestHeaders, body, signal, redirect: "manual" });
        return middleware ? middleware(request, init.middleware, middlewareContext!, { provider, operation: operation.operationId }) : request;
      };
      const { response, text } = await transport.send(build, sendOptions);
      if (response.ok) {
        if (text === "" || response.status === 204 || method === "HEAD") return { data: undefined, response };
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch {
          throw (await import("./failure.js")).unreadableAnswer(provider, operation.operationId, response, text, credentials.secrets(), init.body);
        }
        return { data, response };
      }
      if (response.status === 401 && authAttempt === 0 && credentials.invalidate?.()) continue;
      // The error's making (class by status, body parsing, the message) loads only on a failure.
      throw (await import("./failure.js")).statusError(provider, operation.operationId, method, response, text, clock, credentials.secrets(), init.body);
    }
  }

  // The headers for the last credential seen: a static key's are worked out and checked once.
  let lastCredential: Credential | undefined;
  let lastHeaders: HeaderSet | undefined;

  /** The client's headers with the credential's, or undefined when the credential cannot be sent. */
  function headersFor(credential: Credential): HeaderSet | undefined {
    if (lastCredential?.value !== credential.value || lastCredential.scheme !== credential.scheme) {
      const scheme = definition.authSchemes[credential.scheme];
      if (!scheme) return undefined;
      const [name, value] = authHeader(scheme, credential.value);
      // `Headers` would quote the whole rejected value (the key) in its message: checked here.
      if (!HEADER_VALUE.test(value)) return undefined;
      lastCredential = { scheme: credential.scheme, value: credential.value };
      lastHeaders = headerSet(clientHeaders, { [name]: value });
    }
    return lastHeaders;
  }

  /** The headers for the current credential, waiting for one (a login) if need be. */
  async function credentialHeaders(signal: AbortSignal | undefined): Promise<HeaderSet> {
    const credential = credentials.current?.() ?? (await credentials.get(signal));
    const forCredential = headersFor(credential);
    if (forCredential) return forCredential;
    const { credentialProblem } = await import("./failure.js");
    throw credentialProblem(definition, credential, options.credentials ? "credentials" : "apiKey", credentials.secrets(), quotedList(schemeNames));
  }

  /** Sets the credential's header; for sockets. */
  async function authenticate(headers: Record<string, string>, signal: AbortSignal | undefined): Promise<void> {
    Object.assign(headers, (await credentialHeaders(signal)).credential);
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

/** A call made without options reads this one (no object per call). */
const NO_INIT: Record<string, unknown> = Object.freeze({});

/**
 * The call fields this client (or openapi-fetch's types) give a meaning; any other field of a call
 * is a RequestInit field and goes on the Request, as openapi-fetch does.
 */
const CALL_FIELDS = new Set("body params headers signal timeoutMs baseUrl querySerializer bodySerializer pathSerializer parseAs fetch Request middleware method redirect".split(" "));

/** One credential's request headers, made once: as they are, and with JSON's content type. */
interface HeaderSet {
  plain: Record<string, string>;
  json: Record<string, string>;
  /** The credential's own header (`{}` for a public operation). */
  credential: Record<string, string>;
}

function headerSet(headers: Record<string, string>, credential: Record<string, string>): HeaderSet {
  const plain = { ...headers, ...credential };
  return { plain, json: { "content-type": "application/json", ...plain }, credential };
}

function resolveCredentials(definition: ApiDefinition, options: ClientOptions, schemeNames: string[]): CredentialSource {
  if (options.credentials) return options.credentials;
  const scheme = options.authScheme ?? schemeNames[0];
  if (options.authScheme !== undefined && !Object.hasOwn(definition.authSchemes, options.authScheme)) {
    throw new ConfigurationError(`${definition.provider}: authScheme "${String(options.authScheme).slice(0, 80)}" is not one of ${quotedList(schemeNames)}`, {
      provider: definition.provider,
      reason: "invalid_option",
      option: "authScheme",
      secrets: keyOf(options),
    });
  }
  if (schemeNames.length === 0 || scheme === undefined) return { get: async () => ({ scheme: "", value: "" }), secrets: () => [] };
  if (typeof options.apiKey !== "string" || options.apiKey.trim() === "") {
    // Checked lazily so that public operations still work without a key.
    return {
      get: async () => {
        throw (await import("./failure.js")).missingKey(definition.provider);
      },
      secrets: () => [],
    };
  }
  return staticCredential(scheme, options.apiKey);
}

/** localhost, a name under .localhost, 127.0.0.0/8 or ::1: hosts that never leave this machine. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** The key, for scrubbing from configuration messages (in case it was pasted into the wrong option). */
const keyOf = (options: ClientOptions) => (typeof options.apiKey === "string" && options.apiKey !== "" ? [options.apiKey] : []);

function resolveBaseUrl(definition: ApiDefinition, options: ClientOptions): string {
  const { provider } = definition;
  const fail = (message: string, reason: ConfigurationReason, option: string) =>
    new ConfigurationError(`${provider}: ${message}`, { provider, reason, option, secrets: keyOf(options) });
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
    // Plain http would carry the key readable across every network between here and the server:
    // it is for a sandbox or mock on this machine only.
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
      throw fail(`baseUrl must use https for a server that is not on this machine: the key would travel unencrypted over plain http (got ${shown})`, "invalid_base_url", "baseUrl");
    }
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
 * The client options a plain-JavaScript caller can get wrong in type, checked up front: a wrong one
 * would otherwise surface later as a misleading NetworkError or a TypeError from inside the client.
 * An absent options object is an empty one (public operations need no key).
 */
function checkClientOptions(provider: string, options: ClientOptions | undefined): ClientOptions {
  if (options === undefined) return {};
  // Not quoted: a string here is most likely the key itself.
  const secrets = typeof options === "string" ? [options] : options ? keyOf(options) : [];
  const fail = (option: string, message: string) =>
    new ConfigurationError(`${provider}: ${option} ${message}`, { provider, reason: "invalid_option", option, secrets });
  if (typeof options !== "object" || options === null) throw fail("options", "must be an object such as { apiKey }");
  for (const [option, valid, rule] of OPTION_RULES) {
    const value = options[option];
    if (value !== undefined && !valid(value)) throw fail(option, rule);
  }
  return options;
}

/** Timers take at most 2³¹−1 ms; a longer one would fire at once. */
const isTimeout = (value: unknown) => typeof value === "number" && value > 0 && value <= 2 ** 31 - 1;
const TIMEOUT_RULE = "must be a positive number of milliseconds, at most 2147483647 (about 24 days)";

/** Each option a plain-JavaScript caller can get wrong in type: its name, its check, the rule. */
const OPTION_RULES: [keyof ClientOptions, (value: any) => boolean, string][] = [
  ["timeoutMs", isTimeout, TIMEOUT_RULE],
  ["maxResponseBytes", (value) => typeof value === "number" && value > 0 && value < Infinity, "must be a positive number of bytes"],
  ["maxRetries", (value) => Number.isInteger(value) && value >= 0, "must be a whole number ≥ 0"],
  ["fetch", (value) => typeof value === "function", "must be a fetch function"],
  ["validate", (value) => typeof value === "boolean", "must be true or false"],
  ["apiKey", (value) => typeof value === "string", "must be a string"],
];

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

/**
 * Headers as a lower-cased record, or what is wrong with them (the message and the option or field
 * to name). `new Headers` would throw a TypeError that quotes a rejected value (which may be a key
 * someone put in `Authorization`): each entry is checked first, and the problem names the header,
 * never its value.
 */
function readHeaders(input: unknown): Record<string, string> | [message: string, option: string] {
  const entries =
    input instanceof Headers ? [...input] : Array.isArray(input) ? input : input && typeof input === "object" ? Object.entries(input) : undefined;
  if (!entries) return ["headers must be an object of header names and values", "headers"];
  const headers: Record<string, string> = {};
  for (const entry of entries) {
    const [name, value] = Array.isArray(entry) ? entry : [];
    if (typeof name !== "string" || !HEADER_NAME.test(name)) {
      return [`headers has a name that is not a valid HTTP header name (${JSON.stringify(String(name).slice(0, 40))})`, "headers"];
    }
    if (value === undefined) continue;
    const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
    if (text === undefined || !HEADER_VALUE.test(text)) {
      return [`headers.${name} is not a value an HTTP header can carry (a string without line breaks or non-Latin-1 characters)`, `headers.${name}`];
    }
    headers[name.toLowerCase()] = text.trim();
  }
  return headers;
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** What a header value may hold (no line breaks, no NUL, nothing beyond Latin-1). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
