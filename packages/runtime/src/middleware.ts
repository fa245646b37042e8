/**
 * A call's own openapi-fetch middleware (`init.middleware`): each `onRequest` sees, and may replace,
 * the attempt's Request before it is sent, as when openapi-fetch sent it for us. The transport reads
 * the answer itself, so `onResponse` and `onError` are not called (they never saw the provider's
 * answer here). Loaded only for a call that brings middleware.
 */

import { ValidationError } from "./errors.js";
import { originOf } from "./transport.js";

/** What the hooks are given about the call (openapi-fetch's `MiddlewareCallbackParams`, less the request). */
export interface MiddlewareContext {
  schemaPath: string;
  params: Record<string, unknown>;
  options: Readonly<Record<string, unknown>>;
}

type OnRequest = (params: MiddlewareContext & { request: Request; id: string }) => unknown;

export async function applyRequestMiddleware(
  request: Request,
  middleware: readonly unknown[],
  context: MiddlewareContext,
  call: { provider: string; operation: string },
): Promise<Request> {
  const id = Math.random().toString(36).slice(2, 11);
  const origin = originOf(request.url);
  for (const entry of middleware) {
    const onRequest = (entry as { onRequest?: OnRequest } | null)?.onRequest;
    if (typeof onRequest !== "function") continue;
    const result = await onRequest.call(entry, { ...context, request, id });
    if (!result) continue;
    // A Response would stand in for the provider's answer, which the transport must read itself.
    if (!(result instanceof Request)) throw new TypeError("onRequest: must return a new Request() when modifying the request");
    // The Request carries the credential: a hook may change it, but not send it to another server.
    if (originOf(result.url) !== origin) {
      throw new ValidationError(`${call.provider} ${call.operation}: middleware moved the request to another origin; no credential goes there, nothing was sent`, {
        provider: call.provider,
        operation: call.operation,
        local: true,
        issues: [{ path: "middleware", message: `must keep the request on ${origin}` }],
      });
    }
    request = result;
  }
  return request;
}
