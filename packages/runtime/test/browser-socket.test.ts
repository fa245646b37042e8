// In a browser the global WebSocket cannot send an Authorization header, so a channel that needs one
// is not opened at all (`openSocket` answers undefined) and followJob goes straight to polling. The
// runtime picks its socket module through the `#websocket` import condition; here the browser module
// stands in for the Node one, as a bundler targeting browsers would choose it.
import { describe, expect, it, vi } from "vitest";

vi.mock("#websocket", () => import("../src/websocket-browser.js"));

const { createApiClient, followJob } = await import("../src/index.js");
const browser = await import("../src/websocket-browser.js");

describe("sockets in a browser", () => {
  it("the browser module says it cannot send headers", () => {
    expect(browser.socketsCanSendHeaders).toBe(false);
  });

  it("openSocket declines a channel that needs the auth header, and followJob polls instead", async () => {
    let polls = 0;
    const client = createApiClient<any>(
      {
        provider: "demo",
        title: "Demo",
        servers: [{ url: "https://api.demo.example" }],
        authSchemes: { key: { type: "header", name: "Authorization", prefix: "Key " } },
        operations: {},
        defaultTimeoutMs: 1_000,
        websockets: { prompts: { url: "wss://api.demo.example/ws/prompts/{promptId}" } },
      },
      { apiKey: "key-1" },
    );
    expect(await client.openSocket("prompts", { promptId: "p1" })).toBeUndefined();

    const reasons: string[] = [];
    const handle = { provider: "demo", id: "p1", kind: "image" as const };
    const status = await followJob({
      handle,
      channel: { open: (signal) => client.openSocket("prompts", { promptId: "p1" }, { signal }), interpret: () => undefined },
      poll: async () => ({ handle, state: ++polls >= 2 ? "succeeded" : "running", outputs: [], raw: {} }),
      schedule: { minIntervalMs: 1, maxIntervalMs: 1 },
      onFallback: (reason) => reasons.push(reason),
    });
    expect(status.state).toBe("succeeded");
    expect(reasons).toEqual(["this runtime cannot open an authenticated socket"]);
  });
});
