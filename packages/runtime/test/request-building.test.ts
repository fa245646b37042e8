/**
 * The client builds each attempt's Request itself with openapi-fetch's serializers (it no longer
 * goes through openapi-fetch's createClient): what a caller could pass to openapi-fetch still
 * reaches the Request — path and query parameters, `params.header`, RequestInit fields such as
 * `cache`, and a call's own `onRequest` middleware.
 */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../src/index.js";
import { SENTINEL_KEY, useHarness } from "./support/fixtures.js";

const h = useHarness();

/** A fetch that records each Request and answers a JSON body. */
function recordingFetch(body: unknown = { items: [] }) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  };
  return { requests, fetch };
}

describe("each attempt's Request", () => {
  it("carries path and query parameters, serialized as openapi-fetch does", async () => {
    const { requests, fetch } = recordingFetch();
    const client = h.client({ fetch, baseUrl: "https://api.test-studio.invalid/v1/" });

    await client.GET("/influencers", { params: { query: { pageSize: 5 } } });
    await client.DELETE("/influencers/{id}", { params: { path: { id: "a b/c" } } });

    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      "GET https://api.test-studio.invalid/v1/influencers?pageSize=5",
      "DELETE https://api.test-studio.invalid/v1/influencers/a%20b%2Fc",
    ]);
  });

  it("sends a JSON body with its content type, the credential and params.header, and never follows redirects by itself", async () => {
    const { requests, fetch } = recordingFetch({ id: "v1", status: "queued" });
    const client = h.client({ fetch, headers: { "X-Team": "blue" } });

    await client.POST("/videos/generate", { body: { prompt: "a cat" }, params: { header: { "X-Trace": "t-1" } } } as never);

    const [request] = requests;
    expect(request!.headers.get("content-type")).toBe("application/json");
    expect(request!.headers.get("authorization")).toBe(`Bearer ${SENTINEL_KEY}`);
    expect(request!.headers.get("x-team")).toBe("blue");
    expect(request!.headers.get("x-trace")).toBe("t-1");
    expect(request!.redirect).toBe("manual");
    expect(await request!.text()).toBe('{"prompt":"a cat"}');
  });

  it("takes RequestInit fields a call adds (here `cache`)", async () => {
    const { requests, fetch } = recordingFetch();

    await h.client({ fetch }).GET("/influencers", { cache: "no-store" } as never);

    expect(requests[0]!.cache).toBe("no-store");
  });

  it("passes through a call's onRequest middleware, which may replace it", async () => {
    const { requests, fetch } = recordingFetch();
    const seen: string[] = [];
    const middleware = [
      {
        onRequest({ request, schemaPath }: { request: Request; schemaPath: string }) {
          seen.push(`${request.method} ${schemaPath}`);
          const headers = new Headers(request.headers);
          headers.set("x-signed", "yes");
          return new Request(request, { headers });
        },
      },
    ];

    await h.client({ fetch }).GET("/influencers", { middleware } as never);

    expect(seen).toEqual(["GET /influencers"]);
    expect(requests[0]!.headers.get("x-signed")).toBe("yes");
  });

  // The credential rides on every Request: nothing a call passes may send it to another server.
  describe("never leaves the client's origin", () => {
    const elsewhere = "https://collector.elsewhere.invalid";
    const rejection = (work: () => Promise<unknown>) => work().then(() => undefined, (error: unknown) => error);

    it("refuses a call's baseUrl on another origin, and takes one on its own", async () => {
      const { requests, fetch } = recordingFetch();
      const client = h.client({ fetch, baseUrl: "https://api.test-studio.invalid/v1" });

      const error = await rejection(() => client.GET("/influencers", { baseUrl: elsewhere } as never));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ local: true, issues: [{ path: "baseUrl" }] });
      expect(String((error as Error).message)).not.toContain(SENTINEL_KEY);

      await client.GET("/influencers", { baseUrl: "https://api.test-studio.invalid/v2" } as never);
      expect(requests.map((request) => request.url)).toEqual(["https://api.test-studio.invalid/v2/influencers"]);
    });

    it("refuses a path serializer that makes an absolute URL elsewhere", async () => {
      const { requests, fetch } = recordingFetch();
      const pathSerializer = () => `${elsewhere}/steal`;

      const error = await rejection(() => h.client({ fetch }).DELETE("/influencers/{id}", { params: { path: { id: "x" } }, pathSerializer } as never));

      expect(error).toMatchObject({ local: true, issues: [{ path: "pathSerializer" }] });
      expect(requests).toHaveLength(0);
    });

    it("refuses a Request made for another origin however it was made (here a call's own Request class)", async () => {
      const { requests, fetch } = recordingFetch();
      class Elsewhere extends Request {
        constructor(_url: string, init?: RequestInit) {
          super(`${elsewhere}/steal`, init);
        }
      }

      const error = await rejection(() => h.client({ fetch }).GET("/influencers", { Request: Elsewhere } as never));

      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ local: true, issues: [{ path: "url" }] });
      expect(String((error as Error).message)).toContain("collector.elsewhere.invalid");
      expect(requests).toHaveLength(0);
    });

    it("refuses middleware that moves the Request to another origin", async () => {
      const { requests, fetch } = recordingFetch();
      const middleware = [{ onRequest: ({ request }: { request: Request }) => new Request(`${elsewhere}/steal`, request) }];

      const error = await rejection(() => h.client({ fetch }).GET("/influencers", { middleware } as never));

      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ local: true, issues: [{ path: "middleware" }] });
      expect(requests).toHaveLength(0);
    });
  });
});
