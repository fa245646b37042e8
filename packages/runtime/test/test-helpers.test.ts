/**
 * The test helpers themselves: the behaviour tests lean on them, so they must be right. The
 * simulated clock only moves when told, wakes sleepers in order, and an abort rejects a pending
 * sleep; the scripted server plays its script in order and records what it received.
 */
import { describe, expect, it } from "vitest";
import { answer, startScriptedServer } from "./support/scripted-server.js";
import { SimulatedClock } from "./support/simulated-clock.js";

describe("SimulatedClock", () => {
  it("wakes a sleeper only when advanced far enough", async () => {
    const clock = new SimulatedClock({ start: 1_000 });
    let woke = false;
    void clock.sleep(500).then(() => (woke = true));

    await clock.advance(499);
    expect(woke).toBe(false);
    await clock.advance(1);
    expect(woke).toBe(true);
    expect(clock.now()).toBe(1_500);
  });

  it("wakes sleepers in order of their wake time, including ones that start sleeping meanwhile", async () => {
    const clock = new SimulatedClock({ start: 0 });
    const woken: string[] = [];
    void clock.sleep(300).then(() => woken.push(`a@${clock.now()}`));
    void clock.sleep(100).then(async () => {
      woken.push(`b@${clock.now()}`);
      await clock.sleep(100);
      woken.push(`c@${clock.now()}`);
    });

    await clock.advance(1_000);

    expect(woken).toEqual(["b@100", "c@200", "a@300"]);
    expect(clock.now()).toBe(1_000);
  });

  it("rejects a pending sleep with the abort reason and forgets it", async () => {
    const clock = new SimulatedClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(10_000, controller.signal);
    expect(clock.pendingSleeps).toBe(1);

    controller.abort(new Error("stop"));

    await expect(sleeping).rejects.toThrow("stop");
    expect(clock.pendingSleeps).toBe(0);
  });

  it("rejects at once when the signal is already aborted", async () => {
    await expect(new SimulatedClock().sleep(10, AbortSignal.abort(new Error("late")))).rejects.toThrow("late");
  });

  it("in auto mode, jumps straight to each wake time", async () => {
    const clock = new SimulatedClock({ start: 0, auto: true });

    await clock.sleep(60_000);
    await Promise.all([clock.sleep(5_000), clock.sleep(1_000)]);

    expect(clock.now()).toBe(65_000);
    expect(clock.sleeps).toEqual([60_000, 5_000, 1_000]);
  });
});

describe("ScriptedServer", () => {
  it("plays answers in order, records every request, and flags requests beyond the script", async () => {
    const server = await startScriptedServer();
    try {
      server.reply(answer.json(201, { n: 1 }), answer.text(503, "busy"));

      const first = await fetch(`${server.url}/a?x=1`, { method: "POST", headers: { "x-test": "yes" }, body: "hello" });
      const second = await fetch(`${server.url}/b`);
      const third = await fetch(`${server.url}/c`);

      expect([first.status, await first.json()]).toEqual([201, { n: 1 }]);
      expect([second.status, await second.text()]).toEqual([503, "busy"]);
      expect(third.status).toBe(599);
      await third.text();
      expect(server.requests.map((r) => [r.method, r.path, r.body])).toEqual([
        ["POST", "/a?x=1", "hello"],
        ["GET", "/b", ""],
        ["GET", "/c", ""],
      ]);
      expect(server.requests[0]!.headers["x-test"]).toBe("yes");
      expect(server.unscripted.map((r) => r.path)).toEqual(["/c"]);
    } finally {
      await server.close();
    }
  });

  it("resets a connection before answering", async () => {
    const server = await startScriptedServer();
    try {
      server.reply(answer.reset());
      await expect(fetch(server.url)).rejects.toThrow(/fetch failed/);
    } finally {
      await server.close();
    }
  });
});
