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
  if (o?.rows) {
    const row = (id) => o.rows.find((candidate) => candidate.id === id);
    const client = row("ours");
    const submit = row("facade-submit");
    const bare = row("openapi-fetch");
    const worst = Math.max(...o.rows.filter((candidate) => candidate.id.startsWith("facade")).map((candidate) => candidate.ratio), 0);
    if (client && worst > TARGETS.facadeRatio) {
      out.push(
        `Overhead: against a fake \`fetch\` that answers at once, bare openapi-fetch takes ${Math.round(bare.microsecondsPerCall)} µs a call and our generated client ${Math.round(client.microsecondsPerCall)} µs` +
          (submit ? `, the facade's \`images.submit\` ${Math.round(submit.microsecondsPerCall)} µs` : "") +
          `; request validation is only ${o.validatorMicroseconds} µs of that (the validator timed alone). ` +
          `Against a real provider the added ${Math.round(client.microsecondsPerCall - bare.microsecondsPerCall)} µs is ${((client.microsecondsPerCall - bare.microsecondsPerCall) / 50_000 * 100).toFixed(1)}% of a 50 ms round trip and nothing next to a generation that takes seconds, but the ratio cannot reach 1.10× by tuning the facade alone: the facade calls the generated client, so it starts from the client's ratio. ` +
          "Most of the client's cost is the runtime's transport, which per attempt builds its own Request with `AbortSignal.any` and a timer, reads the whole body under that timeout and rebuilds the Response from the bytes (so that a stalled or reset body is caught where a retry is still possible); openapi-fetch then builds and parses its own objects around it. " +
          "(After the first run of this bench the transport stopped cloning the request and the response and reads a sized body in one go.) What is left to try: skip `AbortSignal.any` when the caller passed no signal, and let openapi-fetch parse the bytes the transport already holds. The facade's own work (option checks, building the handle) is " +
          (submit
            ? submit.cpuMicrosecondsPerCall - client.cpuMicrosecondsPerCall > 0.1 * client.cpuMicrosecondsPerCall
              ? `${Math.round(submit.cpuMicrosecondsPerCall - client.cpuMicrosecondsPerCall)} µs of CPU a call on top of the client.`
              : "within the noise of this measurement: the facade costs what the client costs."
            : "not measured (no facade)."),
      );
    }
  }
  const b = r.bundle?.rows;
  if (b) {
    const client = b.find((row) => row.id.startsWith("client-") && row.available && !row.diagnostic);
    const runtimeOnly = b.find((row) => row.id === "runtime-only" && row.available);
    const stubbed = b.find((row) => row.id === "client-without-validators" && row.available);
    if (client && client.gzipBeyondOpenapiFetch >= TARGETS.clientGzipBeyondOpenapiFetch) {
      const validators = client.largestFiles.find((f) => f.file.endsWith("validators.js"))?.bytes ?? 0;
      const runtimeFiles = client.largestFiles.filter((f) => f.file.startsWith("packages/runtime/")).slice(0, 3);
      out.push(
        `Size: \`${client.id.slice(7)}\` is ${kB(client.gzipBeyondOpenapiFetch)} gzipped beyond openapi-fetch. ` +
          (stubbed ? `Without its validators it would be ${kB(stubbed.gzipBeyondOpenapiFetch)}, so the Ajv standalone validators (${kB(validators)} minified) are ${kB(client.gzipBeyondOpenapiFetch - stubbed.gzipBeyondOpenapiFetch)} of it; ` : "") +
          (runtimeOnly ? `the runtime alone (\`createApiClient\` and what it pulls in) is ${kB(runtimeOnly.gzipBeyondOpenapiFetch)}, already over the budget` : "") +
          (runtimeFiles.length ? ` (largest: ${runtimeFiles.map((f) => `${f.file.replace("packages/runtime/dist/", "")} ${kB(f.bytes)}`).join(", ")} minified)` : "") +
          ". Meeting 3 kB would take both a much smaller runtime (e.g. error classes generated from one table, retry/timeout/rate-limit as opt-in modules) and validators that are optional or far smaller (an entry point without them for `validate: false` users, validators loaded per operation on first use, or shared schema functions instead of one standalone function per operation part).",
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
          (p?.importSeconds
            ? `, and loading its modules alone takes ${s(p.importSeconds.redocly + p.importSeconds.ajvAndEsbuild + p.importSeconds.openapiTypescriptAndTypescript)} (openapi-typescript + TypeScript ${s(p.importSeconds.openapiTypescriptAndTypescript)}, Redocly ${s(p.importSeconds.redocly)}); of the work, the validators took ${s(p.stageSeconds.validators)} and the types ${s(p.stageSeconds.types)}`
            : "") +
          ". So the target is out of reach while every run loads the TypeScript compiler (openapi-typescript 7 builds the types through its API) and Redocly: it would need the types printed without the compiler API, Redocly skipped when the input is already one bundled document, and then the remaining work (types and validators) roughly halved; or a long-lived process (watch mode), where only the work itself counts.",
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
    const { seconds, maxRequests, maxDelayPercent } = TARGETS.longJob;
    const noEstimate = j.find((row) => row.id === "ours-no-estimate")?.results[seconds];
    const long = j.find((row) => row.id === "ours-2x-long")?.results[seconds];
    if (noEstimate && noEstimate.requests > maxRequests) {
      const t0 = seconds / Math.pow(1 + maxDelayPercent / 100, maxRequests);
      out.push(
        `Jobs: with a correct estimate a ${seconds} s job costs 2 status requests. Without one it costs ${noEstimate.requests}. Knowing within ${maxDelayPercent}% means each gap is at most ${maxDelayPercent}% of the time already waited, so ${maxRequests} requests can only cover ${seconds} s starting from ~${Math.round(t0)} s: no schedule without an estimate meets the target and still notices a 5 s job quickly. ` +
          "The way to meet it is an estimate: where a provider sends none, a default per job kind (e.g. minutes for video) could seed the schedule." +
          (long && long.delayPercent > maxDelayPercent
            ? ` An estimate that is too long is the expensive failure: with one 2× too long the first request (at half the estimate) goes out ${long.delayPercent}% of the job's length after it ended.`
            : ""),
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
