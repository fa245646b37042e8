/**
 * Auth schemes, as the generator reads them from a spec's `securitySchemes`:
 * - `bearer`: `Authorization: Bearer <credential>` (http bearer);
 * - `header`: `<name>: <prefix><credential>` (apiKey in header; AliveAI's `Authorization: Key …`
 *   has prefix `"Key "`, AI Studios' raw `Authorization: <key>` has none).
 */

export type AuthScheme =
  | { type: "bearer" }
  | { type: "header"; name: string; prefix?: string | undefined };

export interface Credential {
  /** Name of the security scheme this credential is for (a key of the spec's securitySchemes). */
  scheme: string;
  value: string;
}

/**
 * Where a client gets its credential for each request. A static API key is the common case; a
 * login flow (AliveAI's email and password) supplies a provider that fetches and caches a token.
 */
export interface CredentialSource {
  get(signal?: AbortSignal): Promise<Credential>;
  /** The credential at hand without waiting, when there is one (a static key, a cached token). */
  current?(): Credential | undefined;
  /** Called after a 401: a token-based source drops its cached token; returns true to retry once. */
  invalidate?(): boolean;
  /** The secrets this source holds, for redaction. */
  secrets(): readonly string[];
}

export function staticCredential(scheme: string, value: string): CredentialSource {
  const credential: Credential = { scheme, value };
  return {
    get: async () => credential,
    current: () => credential,
    secrets: () => [value],
  };
}

/** The header (lower-case name, value) that carries `credential` under `scheme`. */
export function authHeader(scheme: AuthScheme, credential: string): [name: string, value: string] {
  if (scheme.type === "bearer") return ["authorization", `Bearer ${credential}`];
  return [scheme.name.toLowerCase(), `${scheme.prefix ?? ""}${credential}`];
}

/** Sets the header that carries `credential` under `scheme`. */
export function applyAuth(headers: Headers, scheme: AuthScheme, credential: string): void {
  if (scheme.type === "bearer") headers.set("Authorization", `Bearer ${credential}`);
  else headers.set(scheme.name, `${scheme.prefix ?? ""}${credential}`);
}
