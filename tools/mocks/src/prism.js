// Starting and stopping Prism mock servers. Each mock is a child process; it is killed when its
// `stop()` is called and, as a safety net, when this process exits.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const prismCli = join(dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist", "index.js");

/** Children still running, killed on exit so that none is left behind. */
const running = new Set();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export class PortInUseError extends Error {
  /** @param {number} port @param {string} what @param {string} [variable] the setting that moves it */
  constructor(port, what, variable) {
    super(`Port ${port} (${what}) is already in use.`);
    this.port = port;
    this.variable = variable;
  }
}

/** Resolves true when nothing listens on 127.0.0.1:`port`. */
export function isPortFree(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A port the OS says is free right now (for tests, which must not collide with `pnpm start`). */
export function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts Prism on one spec and resolves once it accepts requests.
 * @param {{ spec: string, port: number, host?: string, name?: string, timeoutMs?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ url: string, port: number, pid: number | undefined, stop: () => Promise<void> }>}
 */
export async function startPrism({ spec, port, host = "127.0.0.1", name = spec, timeoutMs = 30_000, log }) {
  if (!(await isPortFree(port, host))) throw new PortInUseError(port, name);
  const child = spawn(process.execPath, [prismCli, "mock", spec, "--host", host, "--port", String(port), "--dynamic", "false"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  running.add(child);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  exited.then(() => running.delete(child));

  let output = "";
  const collect = (chunk) => {
    const text = chunk.toString();
    output = (output + text).slice(-8_000);
    if (log) for (const line of text.split("\n")) if (line.trim()) log(line);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(timer);
  };

  const url = `http://${host}:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Prism for ${name} exited before it was ready:\n${output}`);
    if (/listening on/i.test(output) && (await isListening(port, host))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prism for ${name} was not ready after ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, port, pid: child.pid, stop };
}

function isListening(port, host) {
  return isPortFree(port, host).then((free) => !free);
}
