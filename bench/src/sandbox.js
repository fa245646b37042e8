// Part 6: what `pnpm start` costs before the first call: the time until every provider answers, and
// the resident memory it holds, for the sandbox (one process, tools/sandbox) and — measured in the
// same run as the baseline — the five Prism mock processes that `pnpm start` ran before
// (`pnpm start --static` still does). The docs site is left out of both.
//
//   node src/sandbox.js [--rounds 3] > result.json
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, startPrism } from "../../tools/mocks/src/index.js";
import { childEnv, providers, repoRoot } from "./common.js";

const argv = process.argv.slice(2);
const rounds = Number(argv[argv.indexOf("--rounds") + 1] ?? 3) || 3;

/** Resident memory of a process in MB, from /proc (Linux); undefined elsewhere. */
function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : undefined;
};

/** A request each provider answers (so that readiness means "serves", not "listens"). */
async function answersAll(urls) {
  const results = await Promise.all(urls.map((url) => fetch(`${url}/_sandbox`).then((r) => r.ok, () => false)));
  return results.every(Boolean);
}

async function sandboxRound() {
  const ports = await Promise.all(providers.map(() => freePort()));
  const env = childEnv(Object.fromEntries(providers.map((provider, index) => [`STUDIOKIT_PORT_${provider.id.replace(/-/g, "_").toUpperCase()}`, String(ports[index])])));
  const started = performance.now();
  const child = spawn(process.execPath, [join(repoRoot, "tools", "sandbox", "src", "cli.js"), "--no-docs"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the sandbox exited: ${output.slice(-500)}`);
      if (await answersAll(urls)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const readySeconds = (performance.now() - started) / 1000;
    const readyMb = rssMb(child.pid);
    // A little work: every provider answers a few calls (and compiles those validators).
    for (const url of urls) for (let i = 0; i < 5; i++) await fetch(`${url}/_sandbox/jobs`).then((r) => r.arrayBuffer());
    await fetch(`${urls[0]}/influencers`, { headers: { authorization: "Bearer bench" } }).then((r) => r.arrayBuffer());
    return { readySeconds, readyMb, afterWorkMb: rssMb(child.pid), processes: 1 };
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

async function prismRound() {
  const started = performance.now();
  const mocks = await Promise.all(
    providers.map(async (provider) => startPrism({ spec: join(repoRoot, "specs", provider.id, "openapi.yaml"), port: await freePort(), name: provider.name })),
  );
  try {
    const readySeconds = (performance.now() - started) / 1000;
    const perProcess = mocks.map((mock) => rssMb(mock.pid));
    return { readySeconds, readyMb: perProcess.reduce((sum, mb) => sum + (mb ?? 0), 0), processes: mocks.length };
  } finally {
    await Promise.all(mocks.map((mock) => mock.stop()));
  }
}

const sandbox = [];
const prism = [];
// Alternate, so that neither always runs on a warmer machine.
for (let round = 0; round < rounds; round++) {
  prism.push(await prismRound());
  sandbox.push(await sandboxRound());
}

const summary = (label, id, samples) => ({
  id,
  label,
  processes: samples[0].processes,
  readySeconds: median(samples.map((sample) => sample.readySeconds)),
  readyMb: median(samples.map((sample) => sample.readyMb)),
  afterWorkMb: median(samples.map((sample) => sample.afterWorkMb)),
  samples,
});

process.stdout.write(
  JSON.stringify({
    rounds,
    rows: [summary("sandbox: all five providers, one process (pnpm start)", "sandbox", sandbox), summary("baseline: five Prism mocks (pnpm start --static, before)", "prism", prism)],
  }),
);
