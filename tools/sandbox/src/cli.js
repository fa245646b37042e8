#!/usr/bin/env node
// `pnpm start`: the sandbox — all five providers in this one process, each on its fixed port
// (specs/providers.json), plus the docs site; a table of where everything is; a clean stop on Ctrl-C.
// `pnpm start --static` starts the static Prism mocks instead (tools/mocks).
//
// Ports move with STUDIOKIT_PORT_BASE (providers on BASE+10…BASE+14, docs on BASE) or one by one with
// STUDIOKIT_PORT_<PROVIDER> (e.g. STUDIOKIT_PORT_ALIVEAI=5013) and STUDIOKIT_DOCS_PORT.
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { printTable } from "../../scripts/table.js";

const USAGE = `Usage: pnpm start [options]

  --static              static Prism mocks (the spec's examples, no state) instead of the sandbox
  --speed <n>           run the sandbox clock n times faster (default 1)
  --job-seconds <n>     how long a job takes on the sandbox clock (default 3)
  --realtime            jobs take as long as the provider estimates (estimated_time), not --job-seconds
  --paused              start with the clock stopped (step it with POST /_sandbox/clock)
  --state <file>        keep state in <file>, so that a restart keeps it
  --rate-limit <n>      answer 429 with Retry-After after n requests a minute per provider
  --webhooks-anywhere   deliver webhooks to any host (default: this machine and private networks only)
  --no-docs             do not serve the docs site
  -h, --help            this text

Control API on every provider port: see tools/sandbox/README.md (GET /_sandbox).`;

let parsed;
try {
  parsed = parseArgs({
    options: {
      static: { type: "boolean" },
      speed: { type: "string" },
      "job-seconds": { type: "string" },
      realtime: { type: "boolean" },
      paused: { type: "boolean" },
      state: { type: "string" },
      "rate-limit": { type: "string" },
      "webhooks-anywhere": { type: "boolean" },
      "no-docs": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (error) {
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
const flags = parsed.values;
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
if (flags.static) {
  // The mock runner is a script of its own; importing it runs it.
  await import("../../mocks/src/cli.js");
} else {
  await startEverything();
}

function positiveNumber(name, value) {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!(number > 0)) {
    console.error(`--${name} must be a positive number (got "${value}")`);
    process.exit(2);
  }
  return number;
}

function isPortFree(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

async function startEverything() {
  const started = Date.now();
  const { readRegistry, startSandbox } = await import("./index.js");
  const { repoRoot } = await import("./spec.js");
  const registry = readRegistry();
  const portBase = process.env.STUDIOKIT_PORT_BASE ? Number(process.env.STUDIOKIT_PORT_BASE) : undefined;
  const envKey = (id) => `STUDIOKIT_PORT_${id.replace(/-/g, "_").toUpperCase()}`;
  const portOf = (provider) => Number(process.env[envKey(provider.id)] ?? (portBase !== undefined ? portBase + (provider.mockPort - registry.docsPort) : provider.mockPort));
  const docsPort = Number(process.env.STUDIOKIT_DOCS_PORT ?? portBase ?? registry.docsPort);
  const wantDocs = !flags["no-docs"];

  const wanted = [...registry.providers.map((provider) => [portOf(provider), `${provider.name} sandbox`, envKey(provider.id)]), ...(wantDocs ? [[docsPort, "docs site", "STUDIOKIT_DOCS_PORT"]] : [])];
  for (const [port, what, variable] of wanted) {
    if (!(await isPortFree(port))) {
      console.error(`Port ${port} (${what}) is already in use.\nStop whatever listens there, or choose another port: ${variable}=<port> pnpm start (or STUDIOKIT_PORT_BASE=5000 pnpm start to move them all).`);
      process.exit(1);
    }
  }

  const docsEntry = join(repoRoot, "tools", "docs", "src", "index.js");
  const docsReady = wantDocs && existsSync(docsEntry) ? import(docsEntry).then((docs) => docs.startDocsServer({ port: docsPort })) : Promise.resolve(undefined);
  docsReady.catch(() => {}); // awaited below
  const sandbox = await startSandbox({
    ports: Object.fromEntries(registry.providers.map((provider) => [provider.id, portOf(provider)])),
    speed: positiveNumber("speed", flags.speed),
    jobSeconds: positiveNumber("job-seconds", flags["job-seconds"]),
    useEstimates: flags.realtime ?? false,
    paused: flags.paused ?? false,
    stateFile: flags.state,
    rateLimitPerMinute: positiveNumber("rate-limit", flags["rate-limit"]),
    webhooksAnywhere: flags["webhooks-anywhere"] ?? false,
  });
  const sandboxSeconds = ((Date.now() - started) / 1000).toFixed(1);
  let docs;
  try {
    docs = await docsReady;
  } catch (error) {
    console.error(`docs site not started: ${error instanceof Error ? error.message : error}`);
  }

  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled([sandbox.stop(), docs?.stop()]);
    process.exit(code);
  };
  process.on("SIGINT", () => shutdown(0));
  process.on("SIGTERM", () => shutdown(0));

  const rows = Object.values(sandbox.providers).map((provider) => [
    provider.name,
    provider.url,
    docs ? `${docs.url}/${provider.id}/` : "-",
    `createStudio({ provider: "${provider.id}", apiKey: "any", baseUrl: "${provider.url}" })`,
  ]);
  printTable(["provider", "sandbox URL", "docs", "point the facade at it"], rows);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\nAll ${rows.length} providers ready in ${sandboxSeconds} s${docs ? `, docs in ${seconds} s` : ""} (one process; jobs take ${flags.realtime ? "the provider's estimate" : `${flags["job-seconds"] ?? 3} s`}` +
      `${flags.speed ? ` at ${flags.speed}× speed` : ""}${flags.state ? `; state kept in ${flags.state}` : ""}).` +
      (docs ? ` Docs: ${docs.url}/` : "") +
      "\nEvery request and answer is checked against the spec; a breach is answered 500 and printed here." +
      "\nControl API: GET <sandbox URL>/_sandbox (tools/sandbox/README.md). Ctrl-C stops everything.",
  );
}
