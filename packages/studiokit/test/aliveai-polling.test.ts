// AliveAI by polling alone (no prompt websocket: a browser, or a socket that cannot open). REST has
// no failure field — only the websocket says `isError` — so a failed prompt shows as one that has
// left `GET /prompts/pending` without medias. Such a prompt ends the wait in a JobFailedError once it
// has stayed so for the grace; a queued or briefly unlisted prompt is never failed. An unknown
// prompt is AliveAI's declared 400 (it declares no 404 for `GET /prompts/{promptId}`).
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createStudio, JobFailedError, ValidationError } from "../src/index.js";
import { PROMPT_LEFT_QUEUE_GRACE_MS } from "../src/adapters/aliveai.js";
import { fakeClock } from "./support/clock.js";

const PROMPT_ID = "p_poll_1";
const media = { id: "m_3", mediaUrl: "https://files.aliveai.app/media/m_3.png", mediaType: "IMAGE" };

let http: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  http = undefined;
});

/** AliveAI's REST answers for one prompt, with no websocket: `state(now)` says where it stands. */
async function aliveai(state: (now: number) => "queued" | "unlisted" | "done" | "unknown") {
  const clock = fakeClock();
  const seen = { polls: 0 };
  http = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    req.resume();
    const now = state(clock.now());
    if (req.method === "POST" && path === "/prompts") return json(200, { promptId: PROMPT_ID, seed: "7" });
    if (req.method === "GET" && path === `/prompts/${PROMPT_ID}`) {
      seen.polls++;
      if (now === "unknown") return json(400, { type: "about:blank", title: "Bad Request", status: 400, detail: "Prompt not found" });
      return json(200, { promptId: PROMPT_ID, medias: now === "done" ? [media] : [] });
    }
    if (req.method === "GET" && path === "/prompts/pending") {
      return json(200, { queue: now === "queued" ? [{ promptId: PROMPT_ID, queuePosition: 1, video: false, progress: 0 }] : [] });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http!.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const studio = createStudio({ provider: "aliveai", apiKey: "key-poll", baseUrl, clock, pollSchedule: { minIntervalMs: 1_000, maxIntervalMs: 5_000 } });
  return { studio, seen, clock };
}

describe("AliveAI waits by polling alone", () => {
  it("end in a JobFailedError when the prompt stays out of the queue without medias for the grace", async () => {
    const { studio, clock } = await aliveai(() => "unlisted");
    const started = clock.now();
    const job = await studio.images.submit({ prompt: "a viking at dawn" });
    const error = await studio.jobs.wait(job, { timeoutMs: 600_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).jobId).toBe(PROMPT_ID);
    expect((error as JobFailedError).reason).toMatch(/left AliveAI's queue without medias/);
    // Not before the grace, and not long after it (the wait's own timeout is ten minutes).
    expect(clock.now() - started).toBeGreaterThanOrEqual(PROMPT_LEFT_QUEUE_GRACE_MS);
    expect(clock.now() - started).toBeLessThan(PROMPT_LEFT_QUEUE_GRACE_MS + 60_000);
  });

  it("never fail a prompt that is still queued, however long it waits", async () => {
    let doneAt = 0;
    const { studio, clock } = await aliveai((now) => (now >= doneAt ? "done" : "queued"));
    doneAt = clock.now() + 5 * PROMPT_LEFT_QUEUE_GRACE_MS;
    const job = await studio.images.submit({ prompt: "a viking at dawn" });
    const status = await studio.jobs.wait(job, { timeoutMs: 600_000 });
    expect(status.state).toBe("succeeded");
    expect(status.outputs[0]?.url).toBe(media.mediaUrl);
  });

  it("do not fail a prompt that is out of the queue for less than the grace before its medias show", async () => {
    let leftAt = 0;
    const { studio, clock } = await aliveai((now) => (now < leftAt ? "queued" : now < leftAt + PROMPT_LEFT_QUEUE_GRACE_MS / 2 ? "unlisted" : "done"));
    leftAt = clock.now() + 10_000;
    const job = await studio.images.submit({ prompt: "a viking at dawn" });
    expect((await studio.jobs.wait(job, { timeoutMs: 600_000 })).state).toBe("succeeded");
  });

  it("jobs.status of a prompt AliveAI does not know is its 400, as a ValidationError with the body", async () => {
    const { studio } = await aliveai(() => "unknown");
    const error = await studio.jobs.status({ provider: "aliveai", id: PROMPT_ID, kind: "image" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 400, body: { detail: "Prompt not found" } });
  });
});
