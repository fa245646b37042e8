// AliveAI's live progress channel through the facade: a local server answers the REST calls and
// plays the documented prompt websocket messages (PromptProgressResponse) — queue positions, progress,
// completion with the medias, an error message, a dropped connection — and `jobs.wait` reports each
// step, ends with the medias, fails with the provider's reason, or carries on by polling.
import { createServer, type Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { afterEach, describe, expect, it } from "vitest";
import { createStudio, JobFailedError, type StudioJobStatus } from "../src/index.js";
import { interpretPromptProgress } from "../src/adapters/aliveai.js";
import { loadResponseValidators } from "@studiokit/aliveai";

const PROMPT_ID = "p_ws_1";
const media = { id: "m_9", mediaUrl: "https://files.aliveai.app/media/m_9.png", mediaType: "IMAGE" };
const message = (fields: Record<string, unknown>) =>
  JSON.stringify({ promptId: PROMPT_ID, progress: 0, isComplete: false, queuePosition: 0, created: "2026-01-01T00:00:00Z", ...fields });

let http: Server | undefined;
let wss: WebSocketServer | undefined;
afterEach(async () => {
  wss?.close();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
});

/** REST answers of AliveAI for one prompt, and the prompt socket driven by `play`. */
async function aliveai(play: (socket: WebSocket) => void, done: () => boolean) {
  const seen = { sockets: [] as (string | undefined)[], polls: 0 };
  http = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const json = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    req.resume();
    if (req.method === "POST" && path === "/prompts") return json({ promptId: PROMPT_ID, seed: "7" });
    if (req.method === "GET" && path === `/prompts/${PROMPT_ID}`) {
      seen.polls++;
      return json({ promptId: PROMPT_ID, medias: done() ? [media] : [] });
    }
    if (req.method === "GET" && path === "/prompts/pending") return json({ queue: [] });
    res.writeHead(404).end();
  });
  wss = new WebSocketServer({ server: http, path: `/ws/prompts/${PROMPT_ID}` });
  wss.on("connection", (socket, request) => {
    seen.sockets.push(request.headers.authorization);
    play(socket);
  });
  await new Promise<void>((resolve) => http!.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const studio = createStudio({ provider: "aliveai", apiKey: "key-ws", baseUrl, pollSchedule: { minIntervalMs: 5, maxIntervalMs: 20 } });
  return { studio, seen };
}

describe("AliveAI jobs over the prompt websocket", () => {
  it("reports queue position and progress as they happen and ends with the medias", async () => {
    const { studio, seen } = await aliveai((socket) => {
      socket.send(message({ queuePosition: 2 }));
      socket.send(message({ queuePosition: 1 }));
      socket.send(message({ progress: 35 }));
      socket.send(message({ progress: 90 }));
      socket.send(message({ progress: 100, isComplete: true, promptContainer: { promptId: PROMPT_ID, medias: [media] } }));
    }, () => false);
    const job = await studio.images.submit({ prompt: "a viking at dawn" });
    const updates: StudioJobStatus<"aliveai">[] = [];
    const status = await studio.jobs.wait(job, { onProgress: (update) => updates.push(update), timeoutMs: 10_000 });

    expect(seen.sockets).toEqual(["Key key-ws"]);
    expect(status.state).toBe("succeeded");
    expect(status.outputs).toEqual([{ url: media.mediaUrl, mediaType: "image/png", id: "m_9" }]);
    const fromSocket = updates.filter((update) => (update.raw as { created?: string } | undefined)?.created);
    expect(fromSocket.map((update) => [update.state, update.queuePosition, update.progress])).toEqual([
      ["queued", 2, 0],
      ["queued", 1, 0],
      ["running", 0, 0.35],
      ["running", 0, 0.9],
      ["succeeded", undefined, 1],
    ]);
  });

  it("a batch of two (two prompts) ends with both medias and a warnings list without holes", async () => {
    const { studio } = await aliveai((socket) => {
      socket.send(message({ progress: 50 }));
      socket.send(message({ progress: 100, isComplete: true, promptContainer: { promptId: PROMPT_ID, medias: [media] } }));
    }, () => false);
    const job = await studio.images.submit({ prompt: "a viking at dawn", n: 2 });
    expect(job.parts).toHaveLength(2);
    const status = await studio.jobs.wait(job, { timeoutMs: 10_000 });
    expect(status.state).toBe("succeeded");
    expect(status.outputs).toHaveLength(2);
    // The socket's final status has no warnings of its own; the merged list must not hold undefined.
    expect(status.warnings).toEqual([]);
  });

  it("fails the job with AliveAI's error type and message", async () => {
    const { studio } = await aliveai((socket) => {
      socket.send(message({ progress: 10 }));
      socket.send(message({ isError: true, errorType: "INPUT_FACE_IMAGE", message: "no face found" }));
    }, () => false);
    const job = await studio.images.submit({ prompt: "a viking at dawn" });
    const error = await studio.jobs.wait(job, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).reason).toBe("INPUT_FACE_IMAGE: no face found");
  });

  it("ends the wait with the error a caller's onProgress throws on a socket message (the process once died of it)", async () => {
    let closed = false;
    const { studio } = await aliveai((socket) => {
      socket.on("close", () => (closed = true));
      socket.send(message({ progress: 10 }));
    }, () => false);
    const job = await studio.images.submit({ prompt: "a viking at dawn" });
    const thrown = new Error("progress bar broke");
    const onProgress = (update: StudioJobStatus<"aliveai">) => {
      if ((update.raw as { created?: string } | undefined)?.created) throw thrown;
    };
    const error = await studio.jobs.wait(job, { onProgress, timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toBe(thrown);
    for (let i = 0; i < 1000 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
  });

  it("ignores system notices and other prompts' messages", async () => {
    const { studio } = await aliveai((socket) => {
      socket.send(message({ isSystem: true, isError: true, message: "maintenance at noon" }));
      socket.send(JSON.stringify({ promptId: "someone-else", progress: 100, isComplete: true, queuePosition: 0, promptContainer: { promptId: "x", medias: [media] } }));
      socket.send(message({ progress: 100, isComplete: true, promptContainer: { promptId: PROMPT_ID, medias: [media] } }));
    }, () => false);
    const job = await studio.images.submit({ prompt: "a viking at dawn" });
    expect((await studio.jobs.wait(job, { timeoutMs: 10_000 })).state).toBe("succeeded");
  });

  it("carries on by polling GET /prompts/{promptId} when the connection drops", async () => {
    let finished = false;
    const { studio, seen } = await aliveai((socket) => {
      socket.send(message({ progress: 20 }));
      setTimeout(() => {
        socket.terminate();
        setTimeout(() => (finished = true), 30);
      }, 20);
    }, () => finished);
    const job = await studio.images.submit({ prompt: "a viking at dawn" });
    const status = await studio.jobs.wait(job, { timeoutMs: 10_000 });
    expect(status.state).toBe("succeeded");
    expect(status.outputs[0]?.url).toBe(media.mediaUrl);
    expect(seen.polls).toBeGreaterThan(1);
  });

  // Every message is checked against PromptProgressResponse before it is read: a malformed one for
  // this very prompt (once an uncaught TypeError that ended the process) is skipped, and the wait
  // still ends with the medias, which polling finds once the socket goes away.
  const hostile: [string, unknown][] = [
    ["medias: [null]", { promptContainer: { promptId: PROMPT_ID, medias: [null] } }],
    ['medias: "abc"', { promptContainer: { promptId: PROMPT_ID, medias: "abc" } }],
    ["promptContainer: 7", { promptContainer: 7 }],
    ["a media without its URL", { promptContainer: { promptId: PROMPT_ID, medias: [{ id: "m_1", mediaType: "IMAGE" }] } }],
    ["progress as text", { progress: "ninety" }],
  ];
  it.each(hostile)("skips a malformed completion (%s), sent the moment the socket opens, and ends with the medias", async (_what, fields) => {
    let finished = false;
    const { studio } = await aliveai((socket) => {
      socket.send(message({ isComplete: true, progress: 100, ...(fields as Record<string, unknown>) }));
      socket.send(JSON.stringify([null]));
      socket.send("null");
      setTimeout(() => {
        finished = true;
        socket.close();
      }, 30);
    }, () => finished);
    const job = await studio.images.submit({ prompt: "a viking at dawn" });
    const status = await studio.jobs.wait(job, { timeoutMs: 10_000 });
    expect(status.state).toBe("succeeded");
    expect(status.outputs[0]?.url).toBe(media.mediaUrl);
  });

  it("interpretPromptProgress never throws and reads nothing from a message that does not match its schema", async () => {
    const { messageValidators } = await loadResponseValidators();
    const handle = { provider: "aliveai", id: PROMPT_ID, kind: "image" as const };
    for (const [, fields] of hostile) {
      const update = { promptId: PROMPT_ID, progress: 100, isComplete: true, queuePosition: 0, ...(fields as object) };
      expect(interpretPromptProgress(handle, update, messageValidators.prompts)).toBeUndefined();
    }
    for (const junk of [null, 5, "abc", [], [null], { promptId: PROMPT_ID }]) expect(interpretPromptProgress(handle, junk, messageValidators.prompts)).toBeUndefined();
  });
});
