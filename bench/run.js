#!/usr/bin/env node
// pnpm bench: what our users pay for studiokit instead of something else, as ratios taken side by
// side in one run. Never fails on a number: it writes bench/results/latest.{md,json} and the README's
// performance section (between <!-- bench:start --> and <!-- bench:end -->).
//
//   pnpm bench                      everything (builds first; turbo's cache makes that quick)
//   pnpm bench -- --no-build        use the packages' dist/ as they are
//   pnpm bench -- --only overhead,jobs --no-write   some parts, results printed only
//   pnpm bench -- --quick           fewer rounds (a smoke run, not for the README)
//
// Each part runs in its own process (src/<part>.js, JSON on stdout), one after the other, so that no
// two measurements share the CPU.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { benchDir, childEnv, facadeBuilt, FACADE_MISSING, repoRoot, resultsDir, run } from "./src/common.js";
import { toMarkdown, updateReadme, verdicts, TARGETS } from "./src/report.js";

const started = performance.now();
const argv = process.argv.slice(2).filter((arg) => arg !== "--");
const flag = (name) => argv.includes(`--${name}`);
const value = (name) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
};
const quick = flag("quick");
const only = value("only")?.split(",");
const write = !flag("no-write") && !only && !quick;
const wanted = (part) => !only || only.includes(part);

const log = (message) => process.stderr.write(`bench: ${message}\n`);
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

const results = {
  date: new Date().toISOString(),
  machine: {
    cpuModel: os.cpus()[0]?.model?.trim() ?? "unknown",
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
  },
  targets: TARGETS,
};

// ---- build (turbo: a cache hit when nothing changed) --------------------------------------------
if (!flag("no-build")) {
  log("building the packages (turbo)…");
  const build = await run("turbo", ["run", "build", "--output-logs=errors-only", "--continue"], { cwd: repoRoot, env: childEnv(), timeoutMs: 240_000 });
  results.build = { seconds: Math.round(build.ms) / 1000, ok: build.code === 0 };
  if (build.code !== 0) log(`build exited ${build.code} (continuing with whatever dist/ there is):\n${tail(build.stdout + build.stderr, 15)}`);
  log(`build done (${elapsed()})`);
}
results.facade = facadeBuilt() ? "built (packages/studiokit/dist)" : FACADE_MISSING;

// ---- the parts --------------------------------------------------------------------------------
/** Runs src/<part>.js in its own process and parses its JSON; a failure is recorded, not thrown. */
async function part(name, args = [], timeoutMs = 240_000) {
  log(`${name}…`);
  const result = await run(process.execPath, [join(benchDir, "src", `${name}.js`), ...args], { timeoutMs });
  log(`${name} done in ${(result.ms / 1000).toFixed(1)} s (${elapsed()})`);
  if (result.code !== 0) {
    const error = `exit ${result.code}${result.signal ? ` (${result.signal})` : ""}: ${tail(result.stderr, 5)}`;
    log(`${name} failed: ${error}`);
    return { error };
  }
  try {
    return JSON.parse(result.stdout);
  } catch {
    return { error: `unreadable output: ${tail(result.stdout + result.stderr, 3)}` };
  }
}

const prepared = await part("prepare");
if (prepared.error) {
  log("cannot bundle the specs; stopping");
  process.exit(1);
}
results.specs = prepared;
if (wanted("overhead")) results.overhead = await part("overhead", quick ? ["--rounds", "5", "--warmup-ms", "200"] : []);
if (wanted("bundle")) results.bundle = await part("bundle");
if (wanted("generation") || wanted("typecheck")) results.generation = await part("generation", quick ? ["--rounds", "1"] : []);
if (wanted("typecheck")) results.typecheck = await part("typecheck", quick ? ["--rounds", "1"] : []);
if (wanted("jobs")) results.jobs = await part("jobs");
if (wanted("coldstart")) results.coldstart = await part("coldstart", quick ? ["--rounds", "3"] : []);
if (wanted("sandbox")) results.sandbox = await part("sandbox", quick ? ["--rounds", "1"] : [], 400_000);

results.machine.loadAverageEnd = os.loadavg().map((n) => Math.round(n * 100) / 100);
results.notes = notes(results);
results.verdicts = verdicts(results);
results.wallSeconds = Math.round(performance.now() - started) / 1000;

const markdown = `# studiokit benchmarks\n\n${toMarkdown(results)}${method()}`;
if (write) {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "latest.json"), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(join(resultsDir, "latest.md"), markdown);
  updateReadme(join(repoRoot, "README.md"), results);
  log(`wrote bench/results/latest.md, bench/results/latest.json and the README's performance section`);
}
process.stdout.write(markdown);
log(`finished in ${elapsed()}`);

// ---- helpers ------------------------------------------------------------------------------------

function tail(text, lines) {
  return String(text ?? "").trim().split("\n").slice(-lines).join("\n");
}

/** What each miss would take, worked out from this run's numbers (suggestions, not changes). */
function notes(r) {
  const out = [];
  const o = r.overhead;
  const missed = o?.targets?.filter((t) => t.met === false) ?? [];
  if (o?.rows && missed.length > 0) {
    const row = (id) => o.rows.find((candidate) => candidate.id === id);
    const client = row("ours");
    const timed = row("openapi-fetch-timeout");
    const bare = row("openapi-fetch");
    out.push(
      `Overhead: ${missed.map((t) => `${t.what} ${t.ratio.toFixed(3)}× (target ${t.target}×)`).join("; ")}. ` +
        `Against a fake \`fetch\` that answers at once, bare openapi-fetch takes ${Math.round(bare.microsecondsPerCall)} µs a call, with a per-attempt timeout ${Math.round(timed.microsecondsPerCall)} µs, our generated client ${Math.round(client.microsecondsPerCall)} µs; request validation is ${o.validatorMicroseconds} µs of that. ` +
        "Per attempt the client builds the attempt's only Request itself with openapi-fetch's serializers (headers merged once per credential, carrying the attempt's signal), sends it with redirects decided by the runtime, and reads the body once under the byte cap; there is no AbortSignal.any without a caller signal, no rebuilt Response, and nothing of the failure paths is loaded or allocated on a success. " +
        "These ratios move by ±10% between runs on a shared machine (see the middle half of the rounds): compare the CPU ratios, and run the part alone (`pnpm bench -- --only overhead`) on a quiet machine.",
    );
  }
  const b = r.bundle?.rows;
  if (b) {
    const client = b.find((row) => row.id.startsWith("client-") && row.available && !row.diagnostic);
    const runtimeOnly = b.find((row) => row.id === "runtime-only" && row.available);
    if (client && client.gzipBeyondOpenapiFetch > TARGETS.clientGzipBeyondOpenapiFetch) {
      const runtimeFiles = client.largestFiles.filter((f) => f.file.startsWith("packages/runtime/")).slice(0, 4);
      out.push(
        `Size: \`${client.id.slice(7)}\` is ${kB(client.gzipBeyondOpenapiFetch)} gzipped beyond openapi-fetch before its first call; its validators (${kB(client.lazyGzipBytes ?? 0)} with the request check and the shared formats) load only on the first call that validates. ` +
          (runtimeOnly ? `The runtime alone (\`createApiClient\` and what it pulls in) is ${kB(runtimeOnly.gzipBeyondOpenapiFetch)}, so the rest of the budget is the runtime's` : "") +
          (runtimeFiles.length ? ` (largest: ${runtimeFiles.map((f) => `${f.file.replace("packages/runtime/dist/", "")} ${kB(f.bytes)}`).join(", ")} minified)` : "") +
          ". The client takes only openapi-fetch's serializers (not its createClient), and failures, retries, redirects, cancellation, the rate limiter, sockets and middleware load on first use; what loads before the first call is the call path itself (client and transport), the operation table, and the error base class with key redaction, which configuration errors thrown synchronously need. Meeting 3 kB would take loading the call path itself on the first call (with the validators), which moves its bytes rather than removing them.",
      );
    }
  }
  const g = r.generation;
  if (g?.rows) {
    const [ours] = g.rows;
    const hey = g.rows.find((row) => row.id === "hey-api");
    const p = g.oursProfile;
    if (hey?.ok && hey.ratioToOurs < TARGETS.generationSpeedup) {
      const budget = hey.seconds / TARGETS.generationSpeedup;
      out.push(
        `Generation: ${x(TARGETS.generationSpeedup, 0)} faster than hey-api (${s(hey.seconds)}) means ${s(budget)} for all five specs; ours takes ${s(ours.seconds)}` +
          (p?.importSeconds ? `, of which loading openapi-typescript and TypeScript is ${s(p.importSeconds.openapiTypescriptAndTypescript)}; of the work, the validators took ${s(p.stageSeconds.validators)} and the types ${s(p.stageSeconds.types)}` : "") +
          ". What is left: the types (openapi-typescript, in a thread of their own, after loading TypeScript) and the Ajv validators (in the main thread; most of the bytes written) already run side by side, each compiled function written once; on a busy machine two threads get less than two cores, so compare the CPU ratio too.",
      );
    }
  }
  const t = r.typecheck?.rows;
  if (t) {
    const ours = t.find((row) => row.id === "ours");
    const hey = t.find((row) => row.id === "hey-api");
    if (ours?.typeErrors > 0) {
      const kinds = ours.errorKinds ?? {};
      const reasons = [];
      if (kinds["defaulted-field-required"]) {
        reasons.push(
          `${kinds["defaulted-field-required"]} leave out fields the spec gives a \`default\` (so the provider fills them in), which our types require: openapi-typescript's \`defaultNonNullable\` (on unless turned off) applies to request bodies too; \`defaultNonNullable: false\` fixes it`,
        );
      }
      if (kinds["empty-object"]) {
        reasons.push(
          `${kinds["empty-object"]} ${kinds["empty-object"] === 1 ? "puts" : "put"} values into a free-form object (\`type: object\` without \`properties\`), which openapi-typescript types as \`Record<string, never>\`: its \`emptyObjectsUnknown: true\` option (or \`additionalProperties: true\` in the spec) would make it \`Record<string, unknown>\``,
        );
      }
      const rest = (kinds["missing-field"] ?? 0) + (kinds.other ?? 0);
      if (rest) reasons.push(`${rest} other${rest === 1 ? "" : "s"} (listed above)`);
      out.push(
        `Types (no target, found on the way): ${ours.typeErrors} of the ${ours.calls} spec example requests ${ours.typeErrors === 1 ? "does" : "do"} not type-check against our generated types${hey && hey.typeErrors === 0 ? " (hey-api's types accept all of them)" : ""}: ${reasons.join("; ")}.`,
      );
    }
  }
  const j = r.jobs?.rows;
  if (j) {
    const { seconds, maxRequests } = TARGETS.longJob;
    const missed = j.filter((row) => row.id.startsWith("ours-typical-") && row.longJob.requests > maxRequests);
    if (missed.length) {
      out.push(
        `Jobs: ${missed.map((row) => `a ${seconds} s ${row.id.slice(13)} job (${Math.round(seconds / row.typicalSeconds)}× its typical ${row.typicalSeconds} s) costs ${row.longJob.requests} requests`).join(", ")}. ` +
          "Knowing within 10% on average from a third of the typical length to three times it takes 13 requests at points 20% apart (evenly spaced on a log scale, which keeps the mean lowest for a given count; 12 would leave it near 10.7%); past that each gap is twice the time waited, at most 12 × maxIntervalMs. " +
          "Fewer would mean wider gaps past three times the typical length (later still for a job a few times its kind's length) or a provider estimate for the job itself. Over the whole 5–900 s range a kind's figure cannot hold for every length: a 5 s job of a kind that typically takes minutes is noticed at a third of the typical length (the worst lateness in the table).",
      );
    }
  }
  return out;
}

function method() {
  return `
## Method

- One run, each part in its own process, one at a time. The machine is shared (see the load average): absolute times move between runs, ratios taken side by side much less. Wall time is what a user waits for; CPU time (user + system of the process tree, from /proc) is less sensitive to other load.
- Overhead: same operation, same fake \`fetch\` for every variant; batches of each variant alternate in a rotated order; the ratio is per round, then the median. The facade's \`images.generate\` waits out the provider's estimate on an instant clock, then polls once.
- Bundle: each entry re-exports one factory; esbuild tree-shakes the rest. The isolation check lists esbuild's metafile inputs; the all-provider bundle is the control that the check finds providers when they are there.
- Generation: ours runs \`loadBundledSpec\` + \`emitPackage\` for each spec (what \`pnpm generate\` does, into a temp directory); hey-api with its client-fetch, typescript and sdk plugins; orval with its fetch client. Ours also writes Ajv validators, an operation table and a README; the others write no runtime validation.
- Type-check: ours consumes the built \`dist/*.d.ts\` (skipLibCheck, as a user's project would); hey-api's output is TypeScript source in the project, checked in full, as its users have it.
- Jobs: the runtime's real \`waitForJob\` on a simulated clock; fixed-interval peers ask at once, then every interval.
- Cold start: \`node --input-type=module -e 'await import(…)'\`, the import timed inside the process; a \`module.register\` load hook lists the files in one more process per entry.
- Start-up: \`node tools/sandbox/src/cli.js --no-docs\` spawned cold (free ports), ready when every provider answers \`GET /_sandbox\`; the baseline starts the five Prism mocks at once through tools/mocks, ready when each prints that it listens and its port accepts. Memory is each process's VmRSS, summed over the five for Prism.
- Telemetry: every child runs with TURBO_TELEMETRY_DISABLED=1, REDOCLY_TELEMETRY=off, DO_NOT_TRACK=1. Neither @hey-api/openapi-ts 0.95.0 nor orval 7.13.2 has telemetry (their code fetches only remote spec inputs; all inputs here are absolute local paths).
`;
}

function kB(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
function s(seconds) {
  return `${Number(seconds).toFixed(2)} s`;
}
function x(ratio, digits = 2) {
  return `${Number(ratio).toFixed(digits)}×`;
}
