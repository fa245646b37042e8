import type { FetchLike } from "@studiokit/runtime";

export interface RecordedRequest {
  method: string;
  /** Path and query, without the origin. */
  path: string;
  headers: Headers;
  /** Parsed JSON when the body is JSON, the text otherwise, undefined without a body. */
  body: unknown;
  contentType: string | null;
}

/** A fetch that records every request before sending it on (to a mock, or to `answer`). */
export function recordingFetch(answer?: (request: Request) => Promise<Response> | Response): { fetch: FetchLike; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (request) => {
    const text = request.body ? await request.clone().text() : undefined;
    const contentType = request.headers.get("content-type");
    let body: unknown = text;
    if (text !== undefined && contentType?.includes("json")) body = JSON.parse(text);
    const url = new URL(request.url);
    requests.push({ method: request.method, path: url.pathname + url.search, headers: request.headers, body, contentType });
    return answer ? answer(request) : globalThis.fetch(request);
  };
  return { fetch, requests };
}

/** A fetch that fails the test if anything is sent: for checks that must happen before any request. */
export function forbiddenFetch(): { fetch: FetchLike; count: () => number } {
  let sent = 0;
  return {
    fetch: async (request) => {
      sent++;
      throw new Error(`no request expected, but ${request.method} ${request.url} was sent`);
    },
    count: () => sent,
  };
}
