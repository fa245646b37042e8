/**
 * The local servers the CLI and MCP tests talk to: the stateful sandbox (tools/sandbox, what
 * `pnpm start` serves), started in this process on free ports and reached exactly as a user reaches
 * `pnpm start` — through `--sandbox` and the `STUDIOKIT_PORT_<PROVIDER>` variables.
 *
 * Two clocks serve the tests. A `paused` sandbox's jobs move only when a test steps the clock, so a
 * test sees every step (queued, running, halfway, done) in order, however slow the machine; a
 * `live` sandbox runs its clock fast for tests that only need a job to end. Neither decides a
 * pass or a fail by time: a test waits for what it expects, bounded by the test's own timeout.
 */
import { createServer } from "node:net";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "@studiokit-tools/sandbox";
import type { ProviderId } from "studiokit";

export const portVariable = (provider: string) => `STUDIOKIT_PORT_${provider.replace(/-/g, "_").toUpperCase()}`;

export interface LocalSandbox {
  box: RunningSandbox;
  /** Environment for the CLI: with `--sandbox`, every provider goes to this sandbox. */
  env: Record<string, string>;
  url(provider: ProviderId): string;
  /** The control API (`/_sandbox/…`) on a provider's port, as the sandbox README documents it. */
  control(provider: ProviderId, method: string, path: string, body?: unknown): Promise<any>;
  /** Moves every job of a paused sandbox on by this many seconds of its clock. */
  advance(seconds: number): void;
  /** Stops it; a request or answer that broke a spec fails the test file that caused it. */
  stop(): Promise<void>;
}

export async function startLocalSandbox(options: SandboxOptions = {}): Promise<LocalSandbox> {
  const log: string[] = [];
  const box = await startSandbox({ log: (line) => log.push(line), ...options });
  const env = Object.fromEntries(Object.values(box.providers).map((provider) => [portVariable(provider.id), String(provider.port)]));
  return {
    box,
    env,
    url: (provider) => box.url(provider),
    control: async (provider, method, path, body) => {
      const response = await fetch(`${box.url(provider)}/_sandbox${path}`, {
        method,
        ...(body !== undefined ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {}),
      });
      if (!response.ok) throw new Error(`sandbox control ${method} ${path}: HTTP ${response.status}`);
      return response.json();
    },
    advance: (seconds) => box.clock.advance(seconds * 1000),
    stop: async () => {
      await box.stop();
      if (box.violations.length > 0) {
        throw new Error(`contract violations:\n${box.violations.map((entry) => `${entry.provider} ${entry.operation}: ${entry.problems.join("; ")}`).join("\n")}`);
      }
    },
  };
}

/**
 * The two sandboxes the CLI and MCP tests share: `live`, whose 3 s jobs run on a clock 20 times
 * faster, and `paused`, whose 10 s jobs (2 s queued, 8 s running) move only when a test steps its
 * clock. `echoKeyOnce(key)` makes the live sandbox's next Influencer Studio image request answer a
 * 401 quoting `Bearer <key>`, as a careless provider might (the spec's Error body allows it).
 */
export interface TestSandboxes {
  live: LocalSandbox;
  paused: LocalSandbox;
  echoKeyOnce(key: string | undefined): void;
  stop(): Promise<void>;
}

export async function startTestSandboxes(): Promise<TestSandboxes> {
  let echoKey: string | undefined;
  const [live, paused] = await Promise.all([
    startLocalSandbox({
      speed: 20,
      transformResponse: (answer) => {
        if (echoKey === undefined || answer.provider !== "influencer-studio" || answer.operation !== "generateImages") return answer;
        const key = echoKey;
        echoKey = undefined;
        return { ...answer, status: 401, contentType: "application/json", body: { error: `invalid key Bearer ${key}` } };
      },
    }),
    startLocalSandbox({ paused: true, jobSeconds: 10 }),
  ]);
  return {
    live,
    paused,
    echoKeyOnce: (key) => {
      echoKey = key;
    },
    stop: async () => {
      await Promise.all([live.stop(), paused.stop()]);
    },
  };
}

/** A port nothing listens on (taken and released at once), for "the sandbox is not running". */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The first bytes of each media type the sandbox serves. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const isPng = (bytes: Buffer) => bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.subarray(12, 16).toString("ascii") === "IHDR";
/** An MP4 opens with its `ftyp` box. */
export const isMp4 = (bytes: Buffer) => bytes.subarray(4, 8).toString("ascii") === "ftyp";
