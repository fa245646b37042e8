// `pnpm start` (tools/sandbox/src/cli.js) as a user runs it: it prints where every provider is, serves
// them, and stops cleanly on Ctrl-C; bad flags get the usage.
import { spawn, execFile } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { readRegistry } from "../src/index.js";

const cli = fileURLToPath(new URL("../src/cli.js", import.meta.url));
const run = promisify(execFile);

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const isFree = (port) =>
  new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

describe("pnpm start", () => {
  it("prints every provider's sandbox URL, serves them, and releases every port on SIGINT", async () => {
    const providers = readRegistry().providers;
    const ports = await Promise.all(providers.map(() => freePort()));
    const env = { ...process.env, ...Object.fromEntries(providers.map((provider, index) => [`STUDIOKIT_PORT_${provider.id.replace(/-/g, "_").toUpperCase()}`, String(ports[index])])) };
    const child = spawn(process.execPath, [cli, "--no-docs", "--speed", "2"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await new Promise((resolve, reject) => {
        const check = setInterval(() => {
          if (/providers ready/.test(output)) {
            clearInterval(check);
            resolve();
          }
          if (child.exitCode !== null) {
            clearInterval(check);
            reject(new Error(output));
          }
        }, 50);
      });
      for (const [index, provider] of providers.entries()) {
        expect(output).toMatch(new RegExp(`^${provider.name} +http://127\\.0\\.0\\.1:${ports[index]} `, "m"));
      }
      const status = await fetch(`http://127.0.0.1:${ports[3]}/_sandbox`).then((response) => response.json());
      expect(status).toMatchObject({ sandbox: true, provider: providers[3].id, clock: { speed: 2 } });
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    for (const port of ports) expect(await isFree(port)).toBe(true);
  }, 60_000);

  it("answers an unknown flag with the usage and exit status 2", async () => {
    const failure = await run(process.execPath, [cli, "--frobnicate"]).catch((error) => error);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain("--static");
  });
});
