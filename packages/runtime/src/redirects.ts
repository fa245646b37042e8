/**
 * The transport's redirect handling, in its own module: most calls never see a redirect, so its code
 * (and its error wording) is loaded by a dynamic import on the first one instead of with every client.
 */
import { RedirectError } from "./call-errors.js";
// Type-only: a value imported from transport.js would tie this chunk to the transport's.
import type { RequestBuilder } from "./transport.js";

/** Who is asking, for the error: the provider, the operation and the secrets to scrub. */
export interface RedirectContext {
  provider: string;
  operation: string;
  secrets: readonly string[];
  /** The transport's hop limit (`MAX_REDIRECTS`). */
  maxRedirects: number;
}

/**
 * The request for the next hop of a same-origin redirect, or the RedirectError that ends the attempt
 * (returned, not thrown, so that the transport can tell it from a failure of the connection).
 */
export async function followRedirect(
  call: RedirectContext,
  request: Request,
  raw: Response,
  hops: number,
  allowedOrigin: string,
  build: RequestBuilder,
  signal: AbortSignal,
): Promise<Request | RedirectError> {
  const { provider, operation, maxRedirects } = call;
  // The redirect's own body means nothing to us; release the connection.
  await raw.body?.cancel().catch(() => {});
  const context = { provider, operation, status: raw.status, secrets: call.secrets };
  let target: URL;
  try {
    target = new URL(raw.headers.get("location")!, request.url);
  } catch {
    return new RedirectError(`${provider} ${operation}: HTTP ${raw.status} redirect to an unreadable location; not followed`, {
      ...context,
      redirects: hops + 1,
    });
  }
  if (target.origin !== allowedOrigin) {
    // Only the origin is quoted: a path or query chosen by the server may carry anything.
    return new RedirectError(
      `${provider} ${operation}: HTTP ${raw.status} redirect to another origin (${target.origin}) refused, so that no credential or body leaves ${allowedOrigin}; set baseUrl to the server you mean`,
      { ...context, location: target.origin, redirects: hops + 1 },
    );
  }
  if (hops >= maxRedirects) {
    return new RedirectError(`${provider} ${operation}: more than ${maxRedirects} redirects (a redirect loop?); not followed further`, {
      ...context,
      location: target.origin,
      redirects: hops + 1,
    });
  }
  const toGet = raw.status === 303 ? request.method !== "HEAD" : (raw.status === 301 || raw.status === 302) && request.method === "POST";
  if (toGet) {
    const headers = new Headers(request.headers);
    for (const name of ["content-type", "content-length", "content-encoding", "content-language", "content-location"]) headers.delete(name);
    return new Request(target, { method: "GET", headers, signal, redirect: "manual" });
  }
  // Same method, same body: the body of the first Request is spent, so the attempt's is rebuilt.
  const fresh = await build(signal);
  const body = fresh.body ? await fresh.arrayBuffer() : undefined;
  return new Request(target, { method: fresh.method, headers: fresh.headers, body, signal, redirect: "manual" });
}

/**
 * The error for a response a redirect produced behind the transport's back: a `fetch` that followed
 * it itself (ignoring `redirect: "manual"`) to another origin, or a browser's opaque redirect.
 */
export function followedRedirectError(call: RedirectContext, raw: Response): RedirectError {
  const { provider, operation, secrets } = call;
  if (raw.type === "opaqueredirect") {
    return new RedirectError(`${provider} ${operation}: the provider answered with a redirect, which this runtime cannot inspect; not followed`, {
      provider,
      operation,
      redirects: 1,
      secrets,
    });
  }
  const location = new URL(raw.url).origin;
  return new RedirectError(`${provider} ${operation}: the fetch function followed a redirect to another origin (${location}); its answer is refused`, {
    provider,
    operation,
    status: raw.status,
    location,
    redirects: 1,
    secrets,
  });
}
