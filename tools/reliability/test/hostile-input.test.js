// Two more classes of the fault matrix, through the published facade (`studiokit`):
//
// - hostile channel messages: an AliveAI prompt socket that says anything (fast-check generates the
//   messages, plus hand-picked malformed completions for the very prompt being waited for). The
//   wait must end with the medias that polling finds, never with an uncaught exception or a bare
//   TypeError: every message is checked against the spec's PromptProgressResponse before it is read.
// - dot-segment ids: job handles and character ids that would change a request path (".", "..",
//   empty, control characters) are refused with a local ValidationError before any request, for
//   every provider and every facade call that puts an id in a path.
import { createServer } from "node:http";
import fc from "fast-check";
import { WebSocketServer } from "ws";
import { afterAll, describe, expect, it } from "vitest";
import { StudioKitError, ValidationError, createStudio } from "studiokit";

const PROMPT_ID = "p_hostile";
const media = { id: "m_1", mediaUrl: "https://files.aliveai.app/media/m_1.png", mediaType: "IMAGE" };

const unhandled = [];
const onUnhandled = (reason) => unhandled.push(reason);
process.on("unhandledRejection", onUnhandled);
process.on("uncaughtException", onUnhandled);
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
});

/** AliveAI on 127.0.0.1: REST answers for one prompt (finished), and a socket that plays `messages` then closes. */
async function hostileAliveAI(messages) {
  const http = createServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const json = (body) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (path === `/prompts/${PROMPT_ID}`) return json({ promptId: PROMPT_ID, medias: [media] });
    if (path === "/prompts/pending") return json({ queue: [] });
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server: http, path: `/ws/prompts/${PROMPT_ID}` });
  wss.on("connection", (socket) => {
    for (const message of messages) socket.send(typeof message === "string" ? message : JSON.stringify(message));
    setTimeout(() => socket.close(), 10);
  });
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

async function waitThrough(messages) {
  const server = await hostileAliveAI(messages);
  try {
    const studio = createStudio({ provider: "aliveai", apiKey: "sk-hostile-1", baseUrl: server.baseUrl, pollSchedule: { minIntervalMs: 5, maxIntervalMs: 10 } });
    return await studio.jobs.wait({ provider: "aliveai", id: PROMPT_ID, kind: "image" }, { timeoutMs: 10_000 }).catch((error) => error);
  } finally {
    await server.stop();
  }
}

const progress = (fields) => ({ promptId: PROMPT_ID, progress: 100, isComplete: true, queuePosition: 0, ...fields });

describe("fault class: hostile channel messages (AliveAI prompt socket)", () => {
  const malformed = [
    ["medias: [null]", progress({ promptContainer: { promptId: PROMPT_ID, medias: [null] } })],
    ['medias: "abc"', progress({ promptContainer: { promptId: PROMPT_ID, medias: "abc" } })],
    ["medias of numbers", progress({ promptContainer: { promptId: PROMPT_ID, medias: [1, 2] } })],
    ["promptContainer: null", progress({ promptContainer: null })],
    ["isError with a number for its message", progress({ isComplete: false, isError: true, message: 42 })],
    ["a top-level array", [progress({})]],
    ["JSON null", "null"],
    ["not JSON", "{oops"],
    ["a __proto__ key", '{"__proto__": {"isComplete": true}, "promptId": "p_hostile"}'],
  ];
  it.each(malformed)("%s: skipped; the wait ends with the medias", async (_what, message) => {
    const outcome = await waitThrough([message]);
    expect(outcome).not.toBeInstanceOf(Error);
    expect(outcome.state).toBe("succeeded");
    expect(outcome.outputs[0].url).toBe(media.mediaUrl);
  });

  it("any JSON at all: the wait ends in a status or a StudioKitError, never an exception of another kind", async () => {
    const ours = fc.record(
      {
        promptId: fc.constant(PROMPT_ID),
        progress: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
        isComplete: fc.oneof(fc.boolean(), fc.constant("yes")),
        queuePosition: fc.oneof(fc.integer(), fc.constant(null)),
        isError: fc.boolean(),
        promptContainer: fc.oneof(fc.anything(), fc.record({ promptId: fc.constant(PROMPT_ID), medias: fc.array(fc.anything(), { maxLength: 3 }) })),
      },
      { requiredKeys: ["promptId"] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(ours, fc.jsonValue()), { minLength: 1, maxLength: 4 }), async (messages) => {
        const outcome = await waitThrough(messages);
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(StudioKitError);
        else expect(outcome.outputs.every((output) => typeof output.url === "string")).toBe(true);
      }),
      { numRuns: 40, seed: 15_1 },
    );
    expect(unhandled).toEqual([]);
  });
});

describe("fault class: dot-segment ids", () => {
  const badIds = [".", "..", "", "   ", "a\u0000b", "gen_1\r\n", "\u007f"];
  const countingFetch = () => {
    const sent = [];
    return {
      sent,
      fetch: async (request) => {
        sent.push(`${request.method} ${request.url}`);
        return new Response("{}", { status: 500, headers: { "content-type": "application/json" } });
      },
    };
  };
  const withJobs = [
    ["influencer-studio", "image"],
    ["aliveai", "image"],
    ["aistudios", "video"],
  ];
  it.each(withJobs)("%s: job handles with such ids send nothing", async (provider, kind) => {
    const counter = countingFetch();
    const studio = createStudio({ provider, apiKey: "sk-dots-1", fetch: counter.fetch });
    for (const id of badIds) {
      for (const handle of [
        { provider, id, kind },
        { provider, id: "ok_1", kind, parts: ["ok_1", id] },
      ]) {
        for (const call of [() => studio.jobs.status(handle), () => studio.jobs.wait(handle, { timeoutMs: 1000 })]) {
          const error = await call().catch((caught) => caught);
          expect(error).toBeInstanceOf(ValidationError);
          expect(error.local).toBe(true);
        }
      }
    }
    expect(counter.sent).toEqual([]);
  });

  it("Supapost: character ids with such values send nothing", async () => {
    const counter = countingFetch();
    const studio = createStudio({ provider: "supapost", apiKey: "sk-dots-2", fetch: counter.fetch });
    for (const id of badIds) {
      for (const call of [() => studio.characters.update(id, { name: "x" }), () => studio.characters.delete(id), () => studio.characters.get(id)]) {
        expect(await call().catch((caught) => caught)).toBeInstanceOf(ValidationError);
      }
    }
    expect(counter.sent).toEqual([]);
  });
});
