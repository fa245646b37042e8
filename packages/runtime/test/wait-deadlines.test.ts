/**
 * A wait ends when its caller said, whatever the server does: a status poll that hangs is cut off
 * at the wait's deadline (not at the request's own, much longer, timeout); a websocket whose
 * handshake stalls costs no more than the wait's timeout and the error names that timeout; an
 * aborted signal opens no socket at all; and a socket that stays silent does not stop the polling
 * that finds the finished job. Real timers only where a deadline is the behaviour under test; no
 * test passes or fails on how long it took (the suite's 20 s limit only guards against hangs, and
 * a missing bound would take 60 s).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { WebSocketServer } from "ws";
import { afterEach, describe, expect, it } from "vitest";
import {
  CanceledError,
  createApiClient,
  followJob,
  TimeoutError,
  waitForJob,
  type ApiDefinition,
  type JobHandle,
  type JobStatus,
} from "../src/index.js";
import { answer, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";
import { rejectionOf, SENTINEL_KEY } from "./support/fixtures.js";

const PROMPT_ID = "p-1";
const handle: JobHandle = { provider: "demo", id: PROMPT_ID, kind: "image" };

const definition: ApiDefinition = {
  provider: "demo",
  title: "Demo",
  servers: [{ url: "https://api.demo.example" }],
  authSchemes: { key: { type: "header", name: "Authorization", prefix: "Key " } },
  operations: { "GET /prompts/{promptId}": { operationId: "getPrompt", method: "GET", path: "/prompts/{promptId}", idempotent: true } },
  // A request's own timeout far beyond the waits below: only the wait's deadline can end them in time.
  defaultTimeoutMs: 60_000,
  websockets: { prompts: { url: "wss://api.demo.example/ws/prompts/{promptId}" } },
};

let scripted: ScriptedServer | undefined;
let http: Server | undefined;
let wss: WebSocketServer | undefined;
const heldSockets = new Set<Socket>();
afterEach(async () => {
  for (const socket of heldSockets) socket.destroy();
  heldSockets.clear();
  wss?.close();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  await scripted?.close();
  http = undefined;
  wss = undefined;
  scripted = undefined;
});

function clientFor(url: string) {
  const client = createApiClient<any>(definition, { apiKey: SENTINEL_KEY, baseUrl: url });
  const poll = async (signal: AbortSignal | undefined): Promise<JobStatus> => {
    const { data } = await client.GET("/prompts/{promptId}", { params: { path: { promptId: PROMPT_ID } }, signal });
    const done = (data as { done?: boolean }).done === true;
    return { handle, state: done ? "succeeded" : "running", outputs: [], raw: data };
  };
  const channel = { open: (signal?: AbortSignal) => client.openSocket("prompts", { promptId: PROMPT_ID }, { signal }), interpret: () => undefined };
  return { client, poll, channel };
}

/** One port: `GET /prompts/p-1` answers `answerPoll()`; websocket upgrades go to `onUpgrade`. */
async function serve(answerPoll: () => { done: boolean }, onUpgrade: "stall" | "accept-and-stay-silent") {
  const seen = { connections: 0, polls: 0, upgrades: 0 };
  http = createServer((_req, res) => {
    seen.polls++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answerPoll()));
  });
  http.on("connection", () => seen.connections++);
  http.on("upgrade", () => seen.upgrades++);
  if (onUpgrade === "stall") {
    http.on("upgrade", (_req, socket: Socket) => heldSockets.add(socket)); // read the handshake, never answer it
  } else {
    wss = new WebSocketServer({ server: http });
  }
  await new Promise<void>((resolve) => http!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, seen };
}

describe("a status poll that hangs inside a wait", () => {
  it("is cut off at the wait's deadline, in the wait's TimeoutError", async () => {
    scripted = await startScriptedServer();
    scripted.reply(answer.stall());
    const { poll } = clientFor(scripted.url);

    const error = await rejectionOf(waitForJob({ handle, poll, timeoutMs: 300 }));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ operation: "waitForJob", timeoutMs: 300 });
    expect((error as Error).message).toMatch(/did not finish within 300 ms/);
    // The hung request was abandoned, not left open, and not sent again.
    await scripted.until(() => scripted!.abandoned === 1, "the hung poll to be abandoned");
    expect(scripted.requests).toHaveLength(1);
  });

  it("is cut off at the wait's deadline when the wait follows a socket too", async () => {
    scripted = await startScriptedServer();
    scripted.always(answer.stall());
    const { poll } = clientFor(scripted.url);
    // A channel that opens nothing: the wait is polling alone.
    const channel = { open: async () => undefined, interpret: () => undefined };

    const error = await rejectionOf(followJob({ handle, poll, channel, timeoutMs: 300 }));

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/within 300 ms/);
  });
});

describe("a websocket handshake that stalls", () => {
  it("costs no more than the wait's timeout, and the error names that timeout", async () => {
    const { url, seen } = await serve(() => ({ done: false }), "stall");
    const { poll, channel } = clientFor(url);

    const error = await rejectionOf(followJob({ handle, poll, channel, timeoutMs: 400 }));

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(400);
    expect((error as Error).message).toMatch(/did not finish within 400 ms/);
    expect(seen.upgrades).toBe(1);
  });

  it("does not keep polling from finding a finished job", async () => {
    let polls = 0;
    const { url } = await serve(() => ({ done: ++polls >= 2 }), "stall");
    const { poll, channel } = clientFor(url);

    const status = await followJob({ handle, poll, channel, timeoutMs: 15_000, schedule: { minIntervalMs: 20, maxIntervalMs: 20, growth: 0 } });

    expect(status.state).toBe("succeeded");
  });
});

describe("an aborted signal", () => {
  it("opens no socket at all and sends no credential", async () => {
    const { url, seen } = await serve(() => ({ done: false }), "accept-and-stay-silent");
    const { client, poll, channel } = clientFor(url);

    const error = await rejectionOf(followJob({ handle, poll, channel, signal: AbortSignal.abort(), timeoutMs: 5_000 }));
    const direct = await rejectionOf(client.openSocket("prompts", { promptId: PROMPT_ID }, { signal: AbortSignal.abort() }));

    expect(error).toBeInstanceOf(CanceledError);
    expect((direct as Error).message).toMatch(/canceled/);
    // A connection attempt already under way would arrive within moments; give it the chance.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual({ connections: 0, polls: 0, upgrades: 0 });
  });
});

describe("a socket that stays silent", () => {
  it("does not stop polling on its schedule: a job finished on REST is known as polling would know it", async () => {
    let polls = 0;
    const { url, seen } = await serve(() => ({ done: ++polls >= 3 }), "accept-and-stay-silent");
    const { poll, channel } = clientFor(url);
    const fallbacks: string[] = [];

    // Were polling paused while the socket is open, this would end in a TimeoutError after 10 s
    // (the socket's idle limit is the default 60 s).
    const status = await followJob({
      handle,
      poll,
      channel,
      timeoutMs: 10_000,
      schedule: { minIntervalMs: 20, maxIntervalMs: 20, growth: 0 },
      onFallback: (reason) => fallbacks.push(reason),
    });

    expect(status.state).toBe("succeeded");
    expect(seen.upgrades).toBe(1);
    expect(seen.polls).toBe(3);
    // Polling settled it; the socket was not given up on the way.
    expect(fallbacks).toEqual([]);
  });
});
