// AI Media Studio takes its key either as `Authorization: Bearer` or as `X-API-Key`; the client sends
// whichever the caller picks, and Prism's security check (from the spec) accepts both and refuses none.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderMock } from "@studiokit-tools/mocks";
import { AuthenticationError, createAIMediaStudioClient } from "../src/index.js";

let mock: Awaited<ReturnType<typeof startProviderMock>>;
beforeAll(async () => {
  mock = await startProviderMock("ai-media-studio");
}, 60_000);
afterAll(() => mock?.stop());

describe("both auth forms", () => {
  for (const authScheme of [undefined, "bearerAuth", "apiKeyHeader"] as const) {
    it(`authScheme ${authScheme ?? "(default)"} is accepted`, async () => {
      const seen: Headers[] = [];
      const client = createAIMediaStudioClient({
        apiKey: "aims_test_key",
        baseUrl: mock.url,
        ...(authScheme ? { authScheme } : {}),
        fetch: (request) => {
          seen.push(request.headers);
          return fetch(request);
        },
      });
      const { data } = await client.GET("/models");
      expect(data).toBeDefined();
      const headers = seen[0]!;
      if (authScheme === "apiKeyHeader") {
        expect(headers.get("x-api-key")).toBe("aims_test_key");
        expect(headers.get("authorization")).toBeNull();
      } else {
        expect(headers.get("authorization")).toBe("Bearer aims_test_key");
        expect(headers.get("x-api-key")).toBeNull();
      }
    });
  }

  it("a request without any key is refused with an AuthenticationError", async () => {
    const client = createAIMediaStudioClient({ apiKey: "aims_x", baseUrl: mock.url, fetch: (request) => {
      request.headers.delete("authorization");
      return fetch(request);
    } });
    await expect(client.GET("/models")).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("an unknown authScheme is refused when the client is made", () => {
    expect(() => createAIMediaStudioClient({ apiKey: "aims_x", authScheme: "cookie" as never })).toThrow(/authScheme "cookie" is not one of "bearerAuth", "apiKeyHeader"/);
  });
});
