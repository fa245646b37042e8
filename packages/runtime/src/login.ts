/**
 * Logging in instead of an API key: some providers (AliveAI) also take an email and password,
 * exchanged by a login operation for a token. The token is fetched on first use, shared by
 * concurrent calls, and fetched again once when the provider answers 401.
 */
import type { CredentialSource } from "./auth.js";
import { ProviderError } from "./call-errors.js";

export interface LoginFlow {
  /** Runs the login operation with the credentials and resolves the token. */
  login(signal?: AbortSignal): Promise<string>;
  /** The security scheme the token is sent with (e.g. `bearerAuth`). */
  scheme: string;
  /** What must never be printed: the password (and any other secret the login takes). */
  secrets: readonly string[];
}

export function loginCredentials(flow: LoginFlow): CredentialSource {
  let token: string | undefined;
  let pending: Promise<string> | undefined;
  return {
    async get(signal) {
      if (token) return { scheme: flow.scheme, value: token };
      pending ??= flow.login(signal).finally(() => {
        pending = undefined;
      });
      token = await pending;
      return { scheme: flow.scheme, value: token };
    },
    current: () => (token ? { scheme: flow.scheme, value: token } : undefined),
    invalidate() {
      token = undefined;
      return true;
    },
    secrets: () => (token ? [...flow.secrets, token] : flow.secrets),
  };
}

/** Reads the token field of a login response, or says clearly that it is missing. */
export function tokenFrom(data: unknown, field: string, provider: string): string {
  const value = data && typeof data === "object" ? (data as Record<string, unknown>)[field] : undefined;
  if (typeof value !== "string" || value === "") {
    throw new ProviderError(`${provider} login answered without a "${field}"`, { provider, operation: "login" });
  }
  return value;
}
