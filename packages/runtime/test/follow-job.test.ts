// followJob over a real websocket (a local `ws` server playing AliveAI's documented prompt messages)
// with polling as the fallback: progress and queue position are reported, completion arrives with the
// medias, an error message fails the job, and a dropped or refused socket hands over to polling.
import { createServer, type Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { afterEach, describe, expect, it } from "vitest";
import { createApiClient, followJob, JobFailedError, TimeoutError, type ApiDefinition, type JobHandle, type JobStatus } from "../src/index.js";

const PROMPT_ID = "p-1";
const handle: JobHandle = { provider: "demo", id: PROMPT_ID, kind: "image" };
const media = { id: "m-1", mediaUrl: "https://files.example/m-1.png", mediaType: "IMAGE" };

/** How an adapter reads a PromptProgressResponse (the facade's AliveAI adapter does the same). */
function interpret(message: any): JobStatus | undefined {
  if (!message || message.promptId !== PROMPT_ID) return undefined;
  const medias = message.promptContainer?.medias ?? [];
  const state = message.isError ? "failed" : message.isComplete && medias.length > 0 ? "succeeded" : message.queuePosition > 0 ? "queued" : "running";
  return {
    handle,
    state,
    progress: message.progress / 100,
    queuePosition: message.queuePosition,
    outputs: medias.map((m: any) => ({ url: m.mediaUrl, mediaType: "image/png" })),
    error: message.isError ? `${message.errorType}: ${message.message}` : undefined,
    raw: message,
  };
}

const progress = (progress: number, queuePosition: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ promptId: PROMPT_ID, progress, isComplete: false, queuePosition, created: "2026-01-01T00:00:00Z", ...extra });
const complete = JSON.stringify({ promptId: PROMPT_ID, progress: 100, isComplete: true, queuePosition: 0, promptContainer: { promptId: PROMPT_ID, medias: [media] } });

let http: Server | undefined;
let wss: WebSocketServer | undefined;
afterEach(async () => {
  wss?.close();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  http = undefined;
  wss = undefined;
});

/** One local port serving both the prompt socket (`onSocket`) and `GET /prompts/{id}` (`medias`). */
async function serve(onSocket: ((socket: WebSocket, headers: Record<string, unknown>) => void) | undefined, polledMedias: () => unknown[]) {
  const seen = { polls: 0, sockets: 0, authorization: [] as (string | undefined)[] };
  http = createServer((_req, res) => {
    seen.polls++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ promptId: PROMPT_ID, medias: polledMedias() }));
  });
  if (onSocket) {
    wss = new WebSocketServer({ server: http, path: `/ws/prompts/${PROMPT_ID}` });
    wss.on("connection", (socket, request) => {
      seen.sockets++;
      seen.authorization.push(request.headers.authorization);
      onSocket(socket, request.headers);
    });
  }
  await new Promise<void>((resolve) => http!.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const definition: ApiDefinition = {
    provider: "demo",
    title: "Demo",
    servers: [{ url: "https://api.demo.example" }],
    authSchemes: { key: { type: "header", name: "Authorization", prefix: "Key " } },
    operations: { "GET /prompts/{promptId}": { operationId: "getPrompt", method: "GET", path: "/prompts/{promptId}", idempotent: true } },
    defaultTimeoutMs: 5_000,
    websockets: { prompts: { url: "wss://api.demo.example/ws/prompts/{promptId}" } },
  };
  const client = createApiClient<any>(definition, { apiKey: "key-1", baseUrl: url });
  const poll = async (): Promise<JobStatus> => {
    const { data } = await client.GET("/prompts/{promptId}", { params: { path: { promptId: PROMPT_ID } } });
    const medias = (data as any).medias as (typeof media)[];
    return { handle, state: medias.length > 0 ? "succeeded" : "running", outputs: medias.map((m) => ({ url: m.mediaUrl, mediaType: "image/png" })), raw: data };
  };
  const channel = { open: () => client.openSocket("prompts", { promptId: PROMPT_ID }), interpret };
  return { client, poll, channel, seen };
}

// Fast, and without the kind's typical length (an image's 30 s means nothing to a scripted server).
const fastPolling = { schedule: { minIntervalMs: 5, maxIntervalMs: 20, growth: 0, useEstimate: false } };

describe("followJob", () => {
  it("rebases the channel URL onto the client's server and authenticates like REST", async () => {
    const { client, seen, poll, channel } = await serve((socket) => socket.send(complete), () => []);
    expect(client.socketUrl("prompts", { promptId: PROMPT_ID })).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/prompts\/p-1$/);
    await followJob({ handle, poll, channel, timeoutMs: 5_000 });
    expect(seen.authorization).toEqual(["Key key-1"]);
  });

  it("reports progress and queue position, and ends when the medias arrive", async () => {
    const { poll, channel, seen } = await serve((socket) => {
      socket.send(progress(0, 3));
      socket.send(progress(0, 1));
      socket.send(progress(40, 0));
      socket.send(progress(80, 0));
      socket.send(complete);
    }, () => []);
    const updates: JobStatus[] = [];
    const status = await followJob({ handle, poll, channel, timeoutMs: 5_000, onProgress: (s) => updates.push(s) });
    expect(status.state).toBe("succeeded");
    expect(status.outputs).toEqual([{ url: media.mediaUrl, mediaType: "image/png" }]);
    const fromSocket = updates.filter((u) => (u.raw as any).progress !== undefined);
    expect(fromSocket.map((u) => [u.state, u.progress, u.queuePosition])).toEqual([
      ["queued", 0, 3],
      ["queued", 0, 1],
      ["running", 0.4, 0],
      ["running", 0.8, 0],
      ["succeeded", 1, 0],
    ]);
    expect(seen.sockets).toBe(1);
  });

  it("fails the job with the provider's reason on an error message", async () => {
    const { poll, channel } = await serve((socket) => {
      socket.send(progress(10, 0));
      socket.send(progress(10, 0, { isError: true, errorType: "INPUT_FACE_IMAGE", message: "no face found in the input image" }));
    }, () => []);
    const error = await followJob({ handle, poll, channel, timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).reason).toBe("INPUT_FACE_IMAGE: no face found in the input image");
  });

  it("falls back to polling when the connection drops, and still gets the result", async () => {
    let done = false;
    const reasons: string[] = [];
    const { poll, channel, seen } = await serve((socket) => {
      socket.send(progress(30, 0));
      setTimeout(() => {
        socket.terminate(); // dropped without a close frame
        setTimeout(() => (done = true), 30);
      }, 20);
    }, () => (done ? [media] : []));
    const status = await followJob({ handle, poll, channel, timeoutMs: 5_000, onFallback: (r) => reasons.push(r), ...fastPolling });
    expect(status.state).toBe("succeeded");
    expect(reasons).toHaveLength(1);
    expect(seen.polls).toBeGreaterThan(1);
  });

  it("polls when the socket cannot open at all", async () => {
    let polls = 0;
    const reasons: string[] = [];
    const { poll, channel } = await serve(undefined, () => (++polls >= 3 ? [media] : []));
    const status = await followJob({ handle, poll, channel, timeoutMs: 5_000, onFallback: (r) => reasons.push(r), ...fastPolling });
    expect(status.state).toBe("succeeded");
    expect(reasons[0]).toMatch(/could not be opened/);
  });

  it("ends the wait with the error an onProgress callback throws on a socket message, and closes the socket", async () => {
    let closed = false;
    const { poll, channel } = await serve((socket) => {
      socket.on("close", () => (closed = true));
      socket.send(progress(20, 0));
    }, () => []);
    const thrown = new Error("the caller's progress bar broke");
    const onProgress = (status: JobStatus) => {
      // Only the socket's update throws, so that the socket listener (not a poll) is what is tested.
      if ((status.raw as { progress?: unknown }).progress !== undefined) throw thrown;
    };
    // Once an uncaught exception from inside the socket listener (the process died); the wait
    // then ran on to its timeout.
    const error = await followJob({ handle, poll, channel, timeoutMs: 5_000, onProgress, ...fastPolling }).catch((e: unknown) => e);
    expect(error).toBe(thrown);
    await waitFor(() => closed);
  });

  it("gives the socket up (and polls on) when the channel cannot read a message", async () => {
    let polls = 0;
    const reasons: string[] = [];
    const { poll, channel } = await serve((socket) => socket.send(progress(20, 0)), () => (++polls >= 3 ? [media] : []));
    const brokenChannel = {
      ...channel,
      interpret: () => {
        throw new TypeError("medias.map is not a function");
      },
    };
    const status = await followJob({ handle, poll, channel: brokenChannel, timeoutMs: 5_000, onFallback: (r) => reasons.push(r), ...fastPolling });
    expect(status.state).toBe("succeeded");
    expect(reasons).toEqual([expect.stringMatching(/could not be read: medias\.map is not a function/)]);
  });

  it("ends a job whose socket stays silent past the deadline in a TimeoutError", async () => {
    const { poll, channel } = await serve(() => {}, () => []);
    const error = await followJob({ handle, poll, channel: { ...channel, idleTimeoutMs: 10_000 }, timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe("a failed job's reason", () => {
  it("is scrubbed of the client's secrets when the provider echoes them", async () => {
    const key = "sk-SENTINEL-job-77c1";
    const poll = async (): Promise<JobStatus> => ({
      handle,
      state: "failed",
      outputs: [],
      error: `key ${key} has no access to this model`,
      raw: { error: `key ${key} has no access`, apiKey: key },
    });
    const error = (await followJob({ handle, poll, secrets: () => [key] }).catch((e: unknown) => e)) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.reason).toBe("key [redacted] has no access to this model");
    expect(JSON.stringify(error)).not.toContain(key);
    expect(error.message).not.toContain(key);
  });
});
