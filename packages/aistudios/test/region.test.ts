// AI Studios has a global and a China server (spec `servers` with `x-studiokit-region`); the client
// option `region` picks one, `baseUrl` overrides both, and the key goes raw in `Authorization`.
import { describe, expect, it } from "vitest";
import { aiStudiosDefinition, createAIStudiosClient } from "../src/index.js";

describe("region", () => {
  it("defaults to the global server", () => {
    expect(createAIStudiosClient({ apiKey: "k" }).baseUrl).toBe("https://app.aistudios.com/api/odin/v3");
  });

  it("picks the China server", () => {
    expect(createAIStudiosClient({ apiKey: "k", region: "china" }).baseUrl).toBe("https://app.aistudios.cn/api/odin/v3");
  });

  it("is overridden by baseUrl", () => {
    expect(createAIStudiosClient({ apiKey: "k", region: "china", baseUrl: "http://127.0.0.1:4014" }).baseUrl).toBe("http://127.0.0.1:4014");
  });

  it("refuses a region the spec does not have", () => {
    expect(() => createAIStudiosClient({ apiKey: "k", region: "mars" as never })).toThrow(/server "mars" is not one of "global", "china"/);
  });

  it("sends the key with no scheme word", async () => {
    let authorization: string | null = null;
    const client = createAIStudiosClient({
      apiKey: "raw-key-1",
      baseUrl: "http://127.0.0.1:9",
      maxRetries: 0,
      fetch: async (request) => {
        authorization = request.headers.get("authorization");
        return new Response(JSON.stringify({ success: true, data: { isAuthenticated: true } }), { headers: { "content-type": "application/json" } });
      },
    });
    await client.GET("/auth");
    expect(authorization).toBe("raw-key-1");
    expect(aiStudiosDefinition.authSchemes).toEqual({ apiKeyAuth: { type: "header", name: "Authorization" } });
  });
});
