// The sandbox takes any key, so what it serves must stay with the developer's own tools: a web page
// they open may not drive it through a rebound DNS name (its Host) or from its own origin (its
// Origin), on the API, the control API or a websocket. fetch cannot set Host; node:http can.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTH, sandbox } from "./support.js";

let box;
beforeAll(async () => {
  box = await sandbox({ providers: ["influencer-studio", "aliveai"] });
});
afterAll(() => box.stop());

/** Status and body of a request with exactly these headers. */
function send(provider, method, path, headers, body) {
  const url = new URL(path, box.url(provider));
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, (response) => {
      let text = "";
      response.setEncoding("utf8").on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode, text }));
    });
    request.once("error", reject);
    request.end(body);
  });
}

/** The status a websocket upgrade gets. */
function upgrade(provider, path, headers) {
  const url = new URL(path, box.url(provider));
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", ...headers } });
    request.once("upgrade", (response, socket) => {
      socket.destroy();
      resolve(response.statusCode);
    });
    request.once("response", (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.once("error", reject);
    request.end();
  });
}

describe("only local callers", () => {
  it("refuses a rebound DNS name on the control API and the provider API", async () => {
    const host = `attacker.example:${new URL(box.url("influencer-studio")).port}`;
    expect((await send("influencer-studio", "PUT", "/_sandbox/credits", { host, "content-type": "application/json" }, '{"balance":0}')).status).toBe(403);
    expect((await send("influencer-studio", "GET", "/influencers", { host, ...AUTH["influencer-studio"] })).status).toBe(403);
    // Nothing changed: the balance is the opening one.
    expect((await box.control("influencer-studio", "GET", "/")).json.credits).toBeGreaterThan(0);
  });

  it("refuses a page of another origin, even with a request a browser sends without asking (text/plain)", async () => {
    const local = new URL(box.url("influencer-studio")).host;
    const refused = await send("influencer-studio", "POST", "/_sandbox/faults", { host: local, origin: "https://attacker.example", "content-type": "text/plain" }, '{"fault":"500","times":5}');
    expect(refused.status).toBe(403);
    expect((await box.control("influencer-studio", "GET", "/")).json.faults).toEqual([]);
    expect((await send("influencer-studio", "GET", "/_sandbox", { host: local, origin: "null" })).status).toBe(403);
  });

  it("answers localhost, IP addresses and pages on this machine (the docs site)", async () => {
    const port = new URL(box.url("influencer-studio")).port;
    expect((await send("influencer-studio", "GET", "/_sandbox", { host: `localhost:${port}` })).status).toBe(200);
    expect((await send("influencer-studio", "GET", "/_sandbox", { host: `127.0.0.1:${port}`, origin: "http://localhost:4000" })).status).toBe(200);
    expect((await send("influencer-studio", "GET", "/influencers", { host: `127.0.0.1:${port}`, ...AUTH["influencer-studio"] })).status).toBe(200);
  });

  it("refuses a websocket opened from another origin", async () => {
    const path = "/ws/prompts/anything";
    expect(await upgrade("aliveai", path, { ...AUTH.aliveai, origin: "https://attacker.example" })).toBe(403);
    expect(await upgrade("aliveai", path, { ...AUTH.aliveai, origin: `http://127.0.0.1:${new URL(box.url("aliveai")).port}` })).not.toBe(403);
  });
});
