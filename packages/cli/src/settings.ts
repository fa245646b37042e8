/**
 * Where the CLI and the MCP server get keys and servers from:
 *
 * - the key of each provider from its environment variable (`ALIVEAI_API_KEY`, … — the name is the
 *   generated catalog's `apiKeyEnv`), else from the config file; a provider that also signs in
 *   (the catalog's `login`: AliveAI's email and password) takes those instead when there is no key;
 * - the config file `$STUDIOKIT_CONFIG`, else `$XDG_CONFIG_HOME/studiokit/config.json` (default
 *   `~/.config/studiokit/config.json`): `{ "providers": { "<id>": { "apiKey": "…", "baseUrl": "…" } } }`.
 *   It holds secrets and says where keys go, so a file that its group or others can read or write,
 *   or that another user (not root) owns, is refused;
 * - `--sandbox`: every provider at the local sandbox or mock (`pnpm start`), on its port from
 *   specs/providers.json, moved by `STUDIOKIT_PORT_BASE` or `STUDIOKIT_PORT_<PROVIDER>` exactly as
 *   `pnpm start` moves it. The sandbox takes any key, so none is needed there, and a configured
 *   real key is not sent to it.
 *
 * Keys are never taken from the command line: they would land in shell history and `ps`.
 */
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createStudio, isProviderId, providerIds, type ProviderId, type Studio } from "studiokit";
import { catalogOf } from "./catalogs.js";
import { CliError } from "./errors.js";

export interface SettingsInput {
  sandbox?: boolean | undefined;
  /** An explicit config file (`--config`); otherwise the environment decides. */
  configPath?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

interface ProviderConfig {
  apiKey?: string;
  baseUrl?: string;
  /** Sign-in fields, for a provider whose catalog has `login`. */
  login?: Record<string, string>;
}

/** How one provider authenticates: a key, or the fields of its login. */
export type Credentials = { apiKey: string } | { login: Record<string, string> };

/**
 * The key sent to the local sandbox (it takes any non-empty key of the right scheme); sent only to
 * 127.0.0.1. The facade redacts its key from everything it returns, so the key must be a string no
 * answer contains: a plain word such as "sandbox" would blank out the sandbox's own file URLs
 * (`/_sandbox/files/…`).
 */
const SANDBOX_KEY = "studiokit-local-sandbox-key";
const SANDBOX_POLLING = { minIntervalMs: 200, maxIntervalMs: 1_000, useEstimate: false } as const;

export class Settings {
  readonly sandbox: boolean;
  private readonly env: NodeJS.ProcessEnv;
  private readonly file: Partial<Record<ProviderId, ProviderConfig>>;
  readonly configPath: string;

  constructor(input: SettingsInput = {}) {
    this.env = input.env ?? process.env;
    this.sandbox = input.sandbox ?? false;
    this.configPath = input.configPath ?? this.env.STUDIOKIT_CONFIG ?? defaultConfigPath(this.env);
    this.file = readConfig(this.configPath, input.configPath !== undefined || this.env.STUDIOKIT_CONFIG !== undefined);
  }

  apiKeyOf(provider: ProviderId): string | undefined {
    const fromEnv = this.env[catalogOf(provider).apiKeyEnv]?.trim();
    if (fromEnv) return fromEnv;
    const fromFile = this.file[provider]?.apiKey?.trim();
    if (fromFile) return fromFile;
    return undefined;
  }

  /** The login fields, when every one is set (environment first, then the config file). */
  loginOf(provider: ProviderId): Record<string, string> | undefined {
    const login = catalogOf(provider).login;
    if (!login) return undefined;
    const entries = Object.entries(login.fields).map(([field, variable]) => [field, this.env[variable] || this.file[provider]?.login?.[field]] as const);
    return entries.every(([, value]) => typeof value === "string" && value !== "") ? Object.fromEntries(entries as [string, string][]) : undefined;
  }

  credentialsOf(provider: ProviderId): Credentials | undefined {
    // A real key never goes to a local server: with --sandbox every provider gets the sandbox key.
    if (this.sandbox) return { apiKey: SANDBOX_KEY };
    const apiKey = this.apiKeyOf(provider);
    if (apiKey) return { apiKey };
    const login = this.loginOf(provider);
    if (login) return { login };
    return undefined;
  }

  baseUrlOf(provider: ProviderId): string | undefined {
    if (this.sandbox) return `http://127.0.0.1:${this.localPortOf(provider)}`;
    return this.file[provider]?.baseUrl;
  }

  /** The provider's port under `pnpm start`, computed as tools/mocks does. */
  localPortOf(provider: ProviderId): number {
    const catalog = catalogOf(provider);
    const own = this.env[`STUDIOKIT_PORT_${provider.replace(/-/g, "_").toUpperCase()}`];
    if (own) return Number(own);
    const base = this.env.STUDIOKIT_PORT_BASE;
    return base ? Number(base) + catalog.mockPortOffset : catalog.mockPort;
  }

  /** The providers that have credentials (all of them with --sandbox). */
  configuredProviders(): ProviderId[] {
    return providerIds.filter((provider) => this.credentialsOf(provider) !== undefined);
  }

  /** Every configured key and login field, for scrubbing anything printed (defence in depth: the clients redact too). */
  secrets(): string[] {
    return providerIds.flatMap((provider) => [
      ...(this.apiKeyOf(provider) ? [this.apiKeyOf(provider)!] : []),
      // The password, not the email: an email in an error message is the user's own and useful.
      ...Object.entries(this.loginOf(provider) ?? {}).flatMap(([field, value]) => (field === "email" ? [] : [value])),
    ]);
  }

  studio(provider: string): Studio<ProviderId> {
    if (!isProviderId(provider)) {
      throw new CliError(`unknown provider "${provider}"; choose one of: ${providerIds.join(", ")}`, "usage");
    }
    const credentials = this.credentialsOf(provider);
    if (credentials === undefined) {
      const login = catalogOf(provider).login;
      const alternative = login ? ` (or ${Object.values(login.fields).join(" and ")})` : "";
      throw new CliError(
        `no key for ${catalogOf(provider).name}: set ${catalogOf(provider).apiKeyEnv}${alternative}, add it to ${this.configPath}, or use --sandbox`,
        "authentication",
      );
    }
    const baseUrl = this.baseUrlOf(provider);
    return createStudio({
      provider,
      ...credentials,
      ...(baseUrl ? { baseUrl } : {}),
      // A local server costs nothing to ask: poll it often instead of waiting out the provider's estimate.
      ...(this.sandbox ? { pollSchedule: SANDBOX_POLLING } : {}),
    } as Parameters<typeof createStudio>[0]);
  }
}

function defaultConfigPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(base, "studiokit", "config.json");
}

function readConfig(path: string, explicit: boolean): Partial<Record<ProviderId, ProviderConfig>> {
  // One descriptor for the checks and the read: checking the path and then reading it again would
  // let a file swapped in between (in a directory others can write) be read unchecked.
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !explicit) return {};
    throw new CliError(`cannot read the config file ${path}: ${(error as Error).message}`, "config");
  }
  let text: string;
  try {
    const stats = fstatSync(fd);
    // POSIX permissions only; Windows has ACLs, which Node's mode does not show.
    if (process.platform !== "win32") {
      // The file decides where the keys go (baseUrl): one written by someone else would send them
      // to that person's server. Owned by this user, or by root (as ssh accepts).
      const uid = process.getuid?.();
      if (uid !== undefined && stats.uid !== uid && stats.uid !== 0) {
        throw new CliError(`refusing the config file ${path}: it is owned by another user (uid ${stats.uid}), who could point your keys at their own server; use a file of your own`, "config");
      }
      if ((stats.mode & 0o077) !== 0) {
        throw new CliError(
          `refusing the config file ${path}: it holds API keys but its group or others can access it (mode ${(stats.mode & 0o777).toString(8)}); run: chmod 600 ${path}`,
          "config",
        );
      }
    }
    text = readFileSync(fd, "utf8");
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read the config file ${path}: ${(error as Error).message}`, "config");
  } finally {
    closeSync(fd);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message can quote the file's text, which holds keys: it is not repeated.
    throw new CliError(`the config file ${path} is not valid JSON`, "config");
  }
  const providers = (parsed as { providers?: unknown } | null)?.providers;
  if (providers === undefined) return {};
  if (!providers || typeof providers !== "object" || Array.isArray(providers)) {
    throw new CliError(`the config file ${path}: "providers" must be an object keyed by provider id`, "config");
  }
  const result: Partial<Record<ProviderId, ProviderConfig>> = {};
  for (const [id, value] of Object.entries(providers)) {
    if (!isProviderId(id)) throw new CliError(`the config file ${path}: unknown provider "${id}" (known: ${providerIds.join(", ")})`, "config");
    const entry = value as ProviderConfig;
    if (!entry || typeof entry !== "object" || (entry.apiKey !== undefined && typeof entry.apiKey !== "string")) {
      throw new CliError(`the config file ${path}: providers.${id}.apiKey must be a string`, "config");
    }
    if (entry.login !== undefined && (typeof entry.login !== "object" || entry.login === null || Object.values(entry.login).some((value) => typeof value !== "string"))) {
      throw new CliError(`the config file ${path}: providers.${id}.login must be an object of strings`, "config");
    }
    result[id] = entry;
  }
  return result;
}
