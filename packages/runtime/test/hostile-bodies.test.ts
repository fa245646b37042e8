/**
 * Bodies a hostile or broken server may send, that must not crash the runtime or reach the caller as
 * anything but plain data: JSON nested 10⁵ deep (a recursive walk would end in a RangeError), bodies
 * with more values than any walk should visit, and `__proto__` keys (which a careless copy turns
 * into the copy's prototype).
 */
import { once } from "node:events";
import { inspect } from "node:util";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import {
  JobFailedError,
  MAX_REDACT_DEPTH,
  redactText,
  ProviderError,
  redactValue,
  TRUNCATED,
  ValidationError,
  waitForJob,
  type JobHandle,
} from "../src/index.js";
import { answer } from "./support/scripted-server.js";
import { rejectionOf, SENTINEL_KEY, useHarness } from "./support/fixtures.js";

const h = useHarness();
const DEPTH = 100_000;
const deepJson = (leaf = `"${SENTINEL_KEY}"`) => "[".repeat(DEPTH) + leaf + "]".repeat(DEPTH);
const deepObjectJson = () => '{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH);

/** How deep `value` goes before it ends (iteratively: the value may be deep). */
function depthOf(value: unknown): number {
  let depth = 0;
  let current = value;
  while (current && typeof current === "object") {
    current = Array.isArray(current) ? current[0] : Object.values(current)[0];
    depth++;
  }
  return depth;
}

describe(`JSON nested ${DEPTH} deep`, () => {
  for (const [status, expected] of [
    [400, ValidationError],
    [500, ProviderError],
  ] as const) {
    it(`in a ${status} ends in a ${expected.name} whose body is cut off at ${MAX_REDACT_DEPTH} levels, and prints`, async () => {
      h.server.reply(answer.text(status, deepJson(), "application/json"));

      const error = await rejectionOf(h.client({ maxRetries: 0 }).POST("/videos/generate", { body: { prompt: "x" } }));

      expect(error).toBeInstanceOf(expected);
      const body = (error as ProviderError).body;
      expect(depthOf(body)).toBe(MAX_REDACT_DEPTH);
      expect(JSON.stringify(error)).toContain(TRUNCATED);
      expect(inspect(error, { depth: Infinity })).not.toContain(SENTINEL_KEY);
    });
  }

  it("in a 200 reaches the caller as data, and redacting it (as the facade does) does not throw", async () => {
    h.server.reply(answer.text(200, deepObjectJson(), "application/json"));

    const { data } = await h.client().GET("/influencers");

    expect(depthOf(data)).toBe(DEPTH);
    expect(depthOf(redactValue(data, [SENTINEL_KEY]))).toBe(MAX_REDACT_DEPTH);
  });

  it("as a failed job's status body ends the wait in a JobFailedError that prints", async () => {
    const handle: JobHandle = { provider: "test-studio", id: "gen_1", kind: "video" };
    const raw = JSON.parse(deepObjectJson());

    const error = await rejectionOf(waitForJob({ handle, poll: async () => ({ handle, state: "failed", outputs: [], raw }), secrets: () => [SENTINEL_KEY] }));

    expect(error).toBeInstanceOf(JobFailedError);
    expect(() => JSON.stringify(error)).not.toThrow();
  });
});

describe("a body with more values than the walk visits", () => {
  it("is cut off with a marker instead of being copied whole", () => {
    const wide = Array.from({ length: 300_000 }, (_, i) => i);

    const copy = redactValue({ items: wide }, [SENTINEL_KEY]) as { items: unknown[] };

    expect(copy.items.length).toBe(wide.length);
    expect(copy.items.at(-1)).toBe(TRUNCATED);
    expect(copy.items[10]).toBe(10);
  });
});

describe("a __proto__ key in a body", () => {
  const hostile = '{"detail":"no","__proto__":{"isAdmin":true,"polluted":"yes"}}';

  it("stays an own property of error.body: it sets no prototype", async () => {
    h.server.reply(answer.text(400, hostile, "application/json"));

    const error = (await rejectionOf(h.client().POST("/videos/generate", { body: { prompt: "x" } }))) as ValidationError;

    const body = error.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(body.isAdmin).toBeUndefined();
    expect(Object.hasOwn(body, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("stays an own property of a failed job's body (status.raw, as the wait hands it on)", async () => {
    const handle: JobHandle = { provider: "test-studio", id: "gen_1", kind: "video" };
    const raw = JSON.parse(hostile);

    const error = (await rejectionOf(waitForJob({ handle, poll: async () => ({ handle, state: "failed", outputs: [], raw }) }))) as JobFailedError;

    const body = error.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(body.isAdmin).toBeUndefined();
  });

  it("stays an own property in every copy redactValue makes, however deep", () => {
    const nested = JSON.parse(`{"a":[{"b":${hostile}}]}`);

    const copy = redactValue(nested, [SENTINEL_KEY]) as { a: [{ b: Record<string, unknown> }] };

    expect(Object.getPrototypeOf(copy.a[0].b)).toBe(Object.prototype);
    expect(copy.a[0].b.isAdmin).toBeUndefined();
    expect(copy).toEqual(nested);
  });
});

/**
 * A password may begin with a character JSON escapes (`"`, `\`), whose escaped forms start with a run
 * of backslashes. A body of a million backslashes (the provider's to choose) must be redacted in one
 * pass: when every backslash could start a match that scans the rest of the run, this took about an
 * hour (quadratic; 32,000 of them took 3.4 s). A regular expression cannot be interrupted, so the
 * redaction runs in a worker (on the built module: a worker loads JavaScript, not the TypeScript
 * source) that is given up on after 20 s, where one pass takes milliseconds: the guard turns that
 * hang into a failure instead of a CI run that never ends.
 */
describe("a run of a million backslashes", () => {
  const run = "\\".repeat(1_000_000);
  for (const secret of [`"pw-SENTINEL-41c9`, `\\pw-SENTINEL-41c9`]) {
    const twiceEscaped = JSON.stringify(JSON.stringify(secret)).slice(3, -3);

    it(`redacts ${JSON.stringify(secret.slice(0, 4))}… escaped at the run's end, in one pass`, async () => {
      const worker = new Worker(
        `const { parentPort, workerData } = require("node:worker_threads");
         import(workerData.module).then(({ redactText }) =>
           parentPort.postMessage([redactText(workerData.body, [workerData.secret]), redactText(workerData.run, [workerData.secret])]));`,
        { eval: true, workerData: { module: new URL("../dist/redact.js", import.meta.url).href, secret, body: `${run}${twiceEscaped} and more`, run } },
      );
      let timer: NodeJS.Timeout | undefined;
      try {
        const result = await Promise.race([
          once(worker, "message").then(([message]) => message as [string, string]),
          new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), 20_000))),
        ]);
        expect(result).not.toBe("hung");
        const [body, alone] = result as [string, string];
        // The match starts at the run's first backslash and takes the run with it.
        expect(body).toBe("[redacted] and more");
        expect(alone).toBe(run);
      } finally {
        clearTimeout(timer);
        await worker.terminate();
      }
    });

    it(`redactText finds ${JSON.stringify(secret.slice(0, 4))}… after a run of backslashes`, () => {
      expect(redactText(`${"\\".repeat(1000)}${twiceEscaped} and more`, [secret])).toBe("[redacted] and more");
    });
  }
});
