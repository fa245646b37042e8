// The mock runner: Prism children start, answer, and stop without leaving a process or a bound port;
// `pnpm start` prints where everything is and stops every child on SIGTERM and SIGINT.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, isPortFree, PortInUseError, repoRoot, startPrism, startProviderMock, specPath } from "../src/index.js";

const cli = join(repoRoot, "tools", "mocks", "src", "cli.js");

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("startPrism", () => {
  it("serves the spec's examples and releases its port when stopped", async () => {
    const mock = await startProviderMock("influencer-studio");
    const response = await fetch(`${mock.url}/billing/credits`, { headers: { Authorization: "Bearer any" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toBe(1500);
    await mock.stop();
    expect(processAlive(mock.pid)).toBe(false);
    expect(await isPortFree(mock.port)).toBe(true);
  }, 60_000);

  it("refuses a port that is already in use, naming it", async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const error = await startPrism({ spec: specPath("influencer-studio"), port, name: "Influencer Studio" }).catch((e) => e);
      expect(error).toBeInstanceOf(PortInUseError);
      expect(error.message).toContain(String(port));
    } finally {
      blocker.close();
    }
  });
});

/** Runs `pnpm start`'s script with its ports moved to a free range; resolves once the table is printed. */
async function startAll() {
  const base = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, [cli], {
    env: { ...process.env, STUDIOKIT_PORT_BASE: String(base) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (/ready in/.test(output)) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(output));
      }
    }, 50);
  });
  const ports = [...output.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1]));
  return { child, output, exited, ports: [...new Set(ports)], base };
}

describe("pnpm start", () => {
  for (const signal of ["SIGTERM", "SIGINT"]) {
    it(`prints every mock and stops all children on ${signal}`, async () => {
      const { child, output, exited, ports, base } = await startAll();
      for (const name of ["Influencer Studio", "Supapost", "AI Media Studio", "AliveAI", "AI Studios"]) expect(output).toContain(name);
      expect(ports).toContain(base + 10);
      const answer = await fetch(`http://127.0.0.1:${base + 10}/influencers`, { headers: { Authorization: "Bearer any" } });
      expect(answer.status).toBe(200);

      child.kill(signal);
      expect(await exited).toBe(0);
      for (const port of ports) expect(await isPortFree(port)).toBe(true);
    }, 180_000);
  }

  it("names a port in use and how to choose another", async () => {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const blocker = createServer();
    await new Promise((resolve) => blocker.listen(base + 13, "127.0.0.1", resolve));
    try {
      const child = spawn(process.execPath, [cli], { env: { ...process.env, STUDIOKIT_PORT_BASE: String(base) }, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const code = await new Promise((resolve) => child.once("exit", resolve));
      expect(code).toBe(1);
      expect(output).toContain(`Port ${base + 13} (AliveAI mock) is already in use`);
      expect(output).toContain("STUDIOKIT_PORT_ALIVEAI=<port>");
    } finally {
      blocker.close();
    }
  }, 30_000);
});
