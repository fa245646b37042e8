// What every example shares: where to connect, and — only against the sandbox — the controls that
// make a job fail or the credits run out (a real service cannot be told to do either).
//
//   (nothing set)                                   the sandbox of `pnpm start`, on its default port
//   STUDIOKIT_SANDBOX_URL=http://127.0.0.1:5013       a sandbox on another port
//   STUDIOKIT_API_KEY=…                               the real service, at the spec's own server
//   STUDIOKIT_BASE_URL=https://… STUDIOKIT_API_KEY=…  the real service at another base URL (a region, a proxy)
import { readFileSync } from "node:fs";
import { createStudio } from "studiokit";

const registry = JSON.parse(readFileSync(new URL("../../specs/providers.json", import.meta.url), "utf8"));

export function connect(provider) {
  const entry = registry.providers.find((candidate) => candidate.id === provider);
  const real = Boolean(process.env.STUDIOKIT_BASE_URL || process.env.STUDIOKIT_API_KEY);
  const portBase = process.env.STUDIOKIT_PORT_BASE ? Number(process.env.STUDIOKIT_PORT_BASE) : undefined;
  const port = portBase !== undefined ? portBase + (entry.mockPort - registry.docsPort) : entry.mockPort;
  // Against the real service without a base URL, the client uses the spec's server.
  const baseUrl = real ? process.env.STUDIOKIT_BASE_URL : (process.env.STUDIOKIT_SANDBOX_URL ?? `http://127.0.0.1:${port}`);
  if (real && !process.env.STUDIOKIT_API_KEY) throw new Error("STUDIOKIT_BASE_URL is set: set STUDIOKIT_API_KEY too");
  const studio = createStudio({
    provider,
    apiKey: process.env.STUDIOKIT_API_KEY ?? "sandbox-key",
    ...(baseUrl ? { baseUrl } : {}),
    // The sandbox's jobs take seconds, not the minutes the provider estimates: poll briskly.
    ...(real ? {} : { pollSchedule: { useEstimate: false, minIntervalMs: 200 } }),
  });

  async function control(method, path, body) {
    const response = await fetch(`${baseUrl}/_sandbox${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox control ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  }

  return {
    studio,
    baseUrl,
    sandbox: !real,
    /** Makes the next job-creating call's job fail (sandbox only). */
    failNextJob: () => control("POST", "/faults", { fault: "fail-job" }),
    /** Sets the credit balance (sandbox only). */
    setCredits: (balance) => control("PUT", "/credits", { balance }),
    /** Forgets every job and record and restores the opening balance (sandbox only). */
    reset: () => control("POST", "/reset"),
  };
}

/** Prints a job's progress as `wait` reports it: one line per change, not one per status request. */
export function printProgress(status) {
  const line = `  ${status.state}${status.progress !== undefined ? ` ${Math.round(status.progress * 100)}%` : ""}${status.queuePosition ? ` (queue ${status.queuePosition})` : ""}`;
  if (line === printProgress.last) return;
  printProgress.last = line;
  console.log(line);
}

/** Runs one step of an example under a heading (an error ends the script with its stack, as it should). */
export async function step(title, run) {
  console.log(`\n## ${title}`);
  return run();
}

/** Something only the sandbox can stage (a failing job, an empty account), skipped on the real service. */
export async function sandboxOnly(connection, title, run) {
  if (!connection.sandbox) {
    console.log(`\n## ${title}\n  skipped: only the sandbox can be told to do this`);
    return;
  }
  return step(title, run);
}
