/**
 * The options of `createStudio`, checked as a table before any client is made: an unknown name is
 * refused with the nearest known one, a value of the wrong type or range names its option, and a
 * missing key, an unknown provider or a bad `baseUrl` are ConfigurationErrors with a `reason` a
 * caller can branch on. Never a TypeError from deep inside, never an option silently dropped.
 */
import { ConfigurationError, type ConfigurationReason } from "@studiokit/runtime";
import { capabilities, isProviderId, providerIds, type ProviderId } from "./capabilities.js";
import {
  booleanValue,
  functionValue,
  integerIn,
  isPlainObject,
  milliseconds,
  nearestName,
  numberIn,
  objectOf,
  oneOf,
  problemsOf,
  recordOf,
  type OptionCheck,
  type OptionProblem,
  type OptionTable,
} from "./checks.js";

/** What the facade reads from a provider's generated definition to check its options. */
export interface ProviderDefinitionFacts {
  readonly authSchemes: Readonly<Record<string, unknown>>;
  readonly servers: readonly { readonly url: string; readonly name?: string }[];
}

/** A header value fetch can send: no line breaks or NUL, Latin-1 only. The value is never quoted. */
const headerSafe = (value: string) => !/[\r\n\0]/.test(value) && [...value].every((char) => char.charCodeAt(0) <= 0xff);

/** A credential: checked without ever putting its value in a message. */
const secretText =
  (what: string): OptionCheck =>
  (value) => {
    if (value === undefined) return undefined;
    if (typeof value !== "string") return `must be a string (got ${typeof value})`;
    if (value.trim() === "") return undefined; // a missing credential, reported as such below
    if (!headerSafe(value)) return `contains characters an HTTP header cannot carry (a line break or a non-Latin-1 character?); check the ${what}`;
    return undefined;
  };

const nonEmptyString: OptionCheck = (value) =>
  value === undefined || (typeof value === "string" && value.trim() !== "") ? undefined : "must be a non-empty string";

const baseUrl: OptionCheck = (value) => {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return `must be an absolute http(s) URL, e.g. "http://127.0.0.1:4010" (got ${typeof value === "string" ? JSON.stringify(value.slice(0, 80)) : typeof value})`;
  }
  if (url.username || url.password) return "must not carry a user name or password (pass the key as apiKey)";
  return undefined;
};

const clock: OptionCheck = (value) => {
  if (value === undefined) return undefined;
  const candidate = value as { now?: unknown; sleep?: unknown } | null;
  return typeof candidate === "object" && candidate !== null && typeof candidate.now === "function" && typeof candidate.sleep === "function"
    ? undefined
    : "must be a clock: an object with now() and sleep(ms, signal)";
};

const headerValue: OptionCheck = (value) =>
  typeof value === "string" && headerSafe(value) ? undefined : "must be a string an HTTP header can carry";

/** An option this provider does not have: fine when absent, an unknown option when given. */
const notFor =
  (reason: string): OptionCheck =>
  (value) =>
    value === undefined ? undefined : [{ path: "", message: `is not an option here: ${reason}`, unknown: true }];

/**
 * The studio option table of one provider. `authScheme`, `region` and `login` exist only where the
 * provider has them, so `region` on AliveAI is refused rather than ignored.
 */
export function studioOptionTable(provider: ProviderId, facts: ProviderDefinitionFacts): OptionTable {
  const name = capabilities[provider].name;
  const schemes = Object.keys(facts.authSchemes);
  const regions = facts.servers.flatMap((server) => (server.name ? [server.name] : []));
  return {
    provider: () => undefined, // checked first, by checkProvider
    apiKey: secretText("API key"),
    baseUrl,
    fetch: functionValue,
    maxRetries: integerIn(0, 10),
    timeoutMs: milliseconds,
    maxResponseBytes: integerIn(1),
    headers: recordOf(headerValue),
    validate: booleanValue,
    rateLimit: objectOf({ requests: integerIn(1), intervalMs: milliseconds }),
    pollSchedule: objectOf({
      minIntervalMs: numberIn({ allowZero: true }),
      maxIntervalMs: milliseconds,
      growth: numberIn({ allowZero: true }),
      useEstimate: booleanValue,
    }),
    clock,
    retry: objectOf({
      baseDelayMs: numberIn({ allowZero: true }),
      maxDelayMs: numberIn({ allowZero: true }),
      maxRetryAfterMs: numberIn({ allowZero: true }),
    }),
    random: functionValue,
    limits: objectOf({ maxImagesPerCall: integerIn(1), maxTextLength: integerIn(1) }),
    // Named in every table (the type has them, as `never`, for every provider), refused where the
    // provider does not have them, so that `region` on AliveAI is an error rather than ignored.
    authScheme: schemes.length > 1 ? oneOf(schemes) : notFor(`${name} sends its key one way only`),
    region: regions.length > 0 ? oneOf(regions) : notFor(`${name} has one server (only AI Studios has regions)`),
    login: provider === "aliveai" ? objectOf({ email: nonEmptyString, password: secretText("password") }) : notFor(`only AliveAI takes a login; ${name} takes apiKey`),
  };
}

/** `provider` first: without a known one no table applies. */
export function checkProvider(value: unknown, entryPoint?: ProviderId): asserts value is ProviderId {
  if (entryPoint !== undefined) {
    if (value === undefined || value === entryPoint) return;
    throw new ConfigurationError(
      `studiokit/${entryPoint}: this entry point makes ${entryPoint} studios only (got provider ${JSON.stringify(value)}); import createStudio from "studiokit" to choose`,
      { provider: entryPoint, operation: "createStudio", reason: "unknown_provider", option: "provider" },
    );
  }
  if (isProviderId(value)) return;
  const nearest = typeof value === "string" ? nearestName(value, providerIds) : undefined;
  throw new ConfigurationError(
    `studiokit: provider must be one of ${providerIds.map((id) => `"${id}"`).join(", ")} (got ${typeof value === "string" ? JSON.stringify(value) : typeof value})${nearest ? `; did you mean "${nearest}"?` : ""}`,
    { provider: typeof value === "string" ? value : "unknown", operation: "createStudio", reason: "unknown_provider", option: "provider" },
  );
}

/** Checks every studio option of `provider`; throws a ConfigurationError naming the first problems. */
export function checkStudioOptions(provider: ProviderId, options: unknown, facts: ProviderDefinitionFacts): void {
  if (!isPlainObject(options)) {
    throw new ConfigurationError("studiokit: createStudio takes an options object", { provider, operation: "createStudio", reason: "invalid_option" });
  }
  const secrets = [options.apiKey, (options.login as { password?: unknown } | undefined)?.password].filter(
    (value): value is string => typeof value === "string" && value !== "",
  );
  const problems = problemsOf(studioOptionTable(provider, facts), options);
  if (problems.length > 0) throw configurationError(provider, problems, secrets);

  const name = capabilities[provider].name;
  const hasKey = typeof options.apiKey === "string" && options.apiKey.trim() !== "";
  if (hasKey && options.login !== undefined) {
    throw new ConfigurationError(`studiokit: ${name} takes apiKey or login, not both`, { provider, operation: "createStudio", reason: "invalid_option", option: "login", secrets });
  }
  if (!hasKey && options.login === undefined) {
    throw new ConfigurationError(`studiokit: apiKey is required for ${provider}${provider === "aliveai" ? " (or login: { email, password })" : ""}`, {
      provider,
      operation: "createStudio",
      reason: "missing_credentials",
      option: "apiKey",
    });
  }
  if (options.login !== undefined) {
    const login = options.login as Record<string, unknown>;
    for (const field of ["email", "password"]) {
      if (typeof login[field] !== "string" || (login[field] as string).trim() === "") {
        throw new ConfigurationError(`studiokit: login.${field} is required`, { provider, operation: "createStudio", reason: "missing_credentials", option: `login.${field}`, secrets });
      }
    }
  }
}

function configurationError(provider: ProviderId, problems: readonly OptionProblem[], secrets: readonly string[]): ConfigurationError {
  const [first] = problems;
  const reason: ConfigurationReason = first?.unknown ? "unknown_option" : first?.path === "baseUrl" ? "invalid_base_url" : "invalid_option";
  const summary = problems
    .slice(0, 5)
    .map((problem) => `${problem.path} ${problem.message}`)
    .join("; ");
  return new ConfigurationError(`studiokit: createStudio for ${capabilities[provider].name}: ${summary}`, {
    provider,
    operation: "createStudio",
    reason,
    option: first?.path,
    secrets,
  });
}
