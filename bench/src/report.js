// Turns the results of one `pnpm bench` run into Markdown (bench/results/latest.md), the README's
// performance section, and the verdict on each target. Targets are reported, never asserted.
import { readFileSync, writeFileSync } from "node:fs";

export const TARGETS = {
  // Issue 13, item 1: per-call time ratios (see overhead.js).
  overhead: { clientVsTimeout: 1.1, clientVsBare: 1.5, facadeVsClient: 1.15 },
  clientGzipBeyondOpenapiFetch: 3000,
  // Half of the all-provider facade bundle before this target was set (60.7 kB gzipped, one file).
  facadeAllGzip: 30_350,
  generationSpeedup: 2,
  unchangedGenerationSeconds: 0.2,
  longJob: { seconds: 600, maxRequests: 15, maxDelayPercent: 10 },
  sandbox: { readySeconds: 3, residentMb: 400 },
};

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const x = (ratio, digits = 2) => (Number.isFinite(ratio) ? `${ratio.toFixed(digits)}×` : "–");
const s = (seconds) => (Number.isFinite(seconds) ? `${seconds.toFixed(2)} s` : "–");
const yes = (ok) => (ok ? "✅ met" : "❌ missed");
const rounds = (n) => `${n} round${n === 1 ? "" : "s"}`;
const ms = (n) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : "–");
const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");

/** The verdict on each target, with the numbers it rests on and what a miss would take. */
export function verdicts(results) {
  const out = [];
  const overhead = results.overhead;
  if (overhead?.targets) {
    // Issue 13, item 1: each ratio is taken side by side, round by round, in this run.
    for (const t of overhead.targets) {
      if (t.ratio === undefined) {
        out.push({ target: `${t.what} within ${x(t.target)}`, result: overhead.facade, met: undefined, miss: "" });
        continue;
      }
      out.push({
        target: `${t.what} within ${x(t.target)}`,
        result: `${x(t.ratio, 3)} (middle half of rounds ${x(t.p25)}–${x(t.p75)}; CPU ${x(t.cpuRatio, 3)})`,
        met: t.met,
        miss: t.met ? "" : `${x(t.ratio / t.target, 3)} the budget`,
      });
    }
  } else if (overhead?.rows) {
    out.push({ target: "per-call overhead", result: "no targets in this result (an older overhead.js)", met: undefined, miss: "" });
  }
  const bundle = results.bundle;
  if (bundle?.rows) {
    const clients = bundle.rows.filter((r) => r.id.startsWith("client-") && r.available && !r.diagnostic);
    const first = clients[0];
    if (first) {
      const ok = first.gzipBeyondOpenapiFetch <= TARGETS.clientGzipBeyondOpenapiFetch;
      const smallest = clients.reduce((a, b) => (a.gzipBeyondOpenapiFetch <= b.gzipBeyondOpenapiFetch ? a : b));
      const largest = clients.reduce((a, b) => (a.gzipBeyondOpenapiFetch >= b.gzipBeyondOpenapiFetch ? a : b));
      out.push({
        target: `one provider client at most ${kB(TARGETS.clientGzipBeyondOpenapiFetch)} gzipped beyond openapi-fetch, validating by default`,
        result:
          `${first.label.replace("generated client ", "")}: ${kB(first.gzipBeyondOpenapiFetch)} beyond openapi-fetch's ${kB(bundle.rows[0].gzipBytes)} before the first call` +
          (first.lazyGzipBytes !== undefined ? `, + ${kB(first.lazyGzipBytes)} loaded on the first call that validates` : "") +
          `; all five: ${kB(smallest.gzipBeyondOpenapiFetch)} (${smallest.id.slice(7)}) to ${kB(largest.gzipBeyondOpenapiFetch)} (${largest.id.slice(7)})`,
        met: ok,
        miss: ok ? "" : `${kB(first.gzipBeyondOpenapiFetch - TARGETS.clientGzipBeyondOpenapiFetch)} over, ${x(first.gzipBeyondOpenapiFetch / TARGETS.clientGzipBeyondOpenapiFetch, 1)} the budget`,
      });
    }
    const all = bundle.rows.find((r) => r.id === "facade-all" && r.available);
    if (all) {
      const total = all.gzipBytes + (all.lazyGzipBytes ?? 0);
      const ok = all.gzipBytes <= TARGETS.facadeAllGzip;
      out.push({
        target: `the facade with all five at most ${kB(TARGETS.facadeAllGzip)} gzipped (half of 60.7 kB)`,
        result: `\`studiokit\`: ${kB(all.gzipBytes)} before the first call; ${kB(total)} with every chunk it can load (all five providers' validators included)`,
        met: ok && total <= TARGETS.facadeAllGzip ? true : ok ? "partly" : false,
        miss: [
          ...(ok ? [] : [`before the first call: ${kB(all.gzipBytes - TARGETS.facadeAllGzip)} over`]),
          ...(total > TARGETS.facadeAllGzip ? [`all chunks together: ${kB(total - TARGETS.facadeAllGzip)} over`] : []),
        ].join("; "),
      });
    }
    const isolated = bundle.rows.filter((r) => r.isolation);
    if (isolated.length) {
      const ok = isolated.every((r) => r.isolation.ok);
      out.push({
        target: "one provider's bundle brings in no other provider",
        result: `${isolated.length} bundles checked (every chunk's inputs)`,
        met: ok,
        miss: ok ? "" : isolated.filter((r) => !r.isolation.ok).map((r) => r.id).join(", "),
      });
    }
  }
  const generation = results.generation;
  if (generation?.rows) {
    const hey = generation.rows.find((r) => r.id === "hey-api");
    if (hey?.ok) {
      const ok = hey.ratioToOurs >= TARGETS.generationSpeedup;
      out.push({
        target: `generation (cold, all five specs) at least ${x(TARGETS.generationSpeedup, 0)} faster than @hey-api/openapi-ts`,
        result: `hey-api/ours ${x(hey.ratioToOurs)} wall (${x(hey.cpuRatioToOurs)} CPU): ours ${s(generation.rows[0].seconds)}, hey-api ${s(hey.seconds)}`,
        met: ok,
        miss: ok
          ? ""
          : `ours would need ${s(hey.seconds / TARGETS.generationSpeedup)} or less: ${x(generation.rows[0].seconds / (hey.seconds / TARGETS.generationSpeedup))} faster than now`,
      });
    }
    const unchanged = generation.unchanged;
    if (unchanged) {
      const ok = unchanged.allCached && unchanged.seconds < TARGETS.unchangedGenerationSeconds;
      out.push({
        target: `unchanged specs regenerate in under ${s(TARGETS.unchangedGenerationSeconds)}`,
        result: `\`pnpm generate\` over the ${unchanged.providers} unchanged specs, a fresh process: ${s(unchanged.seconds)} wall, ${s(unchanged.cpuSeconds)} CPU (${unchanged.allCached ? "every provider a cache hit" : "not every provider was a cache hit"})`,
        met: ok,
        miss: ok ? "" : `${s(unchanged.seconds)} against ${s(TARGETS.unchangedGenerationSeconds)}`,
      });
    }
  }
  const coldstart = results.coldstart;
  if (coldstart?.rows) {
    const base = coldstart.rows.find((r) => r.id === "openapi-fetch");
    const others = coldstart.rows.filter((r) => r !== base);
    const clients = others.filter((r) => r.id.startsWith("client-"));
    const worst = clients.reduce((a, b) => (b.ratioPerRound > a.ratioPerRound ? b : a), clients[0]);
    const facade = others.find((r) => r.id === "facade-all");
    const loadsWs = others.filter((r) => r.loadsWs);
    out.push({
      target: "cold start: importing studiokit and each client, against openapi-fetch alone; nothing loaded that a call does not need",
      result:
        `openapi-fetch ${ms(base.importMs)}; ` +
        (facade ? `\`studiokit\` ${ms(facade.importMs)} (${x(facade.ratioPerRound)}); ` : "") +
        `slowest client ${worst.label} ${ms(worst.importMs)} (${x(worst.ratioPerRound)}); \`ws\` loaded by ${loadsWs.length ? loadsWs.map((r) => r.label).join(", ") : "none"}`,
      met: loadsWs.length === 0 ? "reported" : false,
      miss: loadsWs.length ? "the websocket library loads without a socket" : "",
    });
  }
  const typecheck = results.typecheck;
  if (typecheck?.facadeEntries?.length) {
    const entries = typecheck.facadeEntries.filter((e) => e.provider);
    const control = typecheck.facadeEntries.find((e) => !e.provider);
    const ok = entries.every((e) => e.ok && e.otherProviderFiles === 0 && e.providersRead.length === 1);
    out.push({
      target: "a consumer of one facade entry point reads only that provider's declarations",
      result:
        entries.map((e) => `\`${e.specifier}\`: ${e.providersRead.join(", ") || "none"} (${e.files} files, ${s(e.seconds)})`).join("; ") +
        (control ? `; control \`studiokit\`: ${control.providersRead.length} providers (${control.files} files, ${s(control.seconds)})` : ""),
      met: ok && (!control || control.providersRead.length === 5),
      miss: ok ? "" : entries.filter((e) => e.otherProviderFiles > 0).map((e) => `${e.specifier} reads ${e.otherProviderFiles} files of other providers`).join("; "),
    });
  }
  const jobs = results.jobs;
  if (jobs?.rows) {
    const { seconds, maxRequests, maxDelayPercent } = TARGETS.longJob;
    const kinds = jobs.rows.filter((r) => r.id.startsWith("ours-typical-"));
    const verdict = kinds.map((r) => ({ r, ok: r.longJob.requests <= maxRequests && r.kindRange.meanLatePercent <= maxDelayPercent }));
    const met = verdict.filter((v) => v.ok).length;
    out.push({
      target: `no provider estimate: a ${seconds} s job in at most ${maxRequests} status requests, the caller knowing within ${maxDelayPercent}% on average`,
      result: verdict
        .map(({ r, ok }) => `${ok ? "✅" : "❌"} ${r.id.slice(13)} (typical ${r.typicalSeconds} s): ${r.longJob.requests} requests for ${seconds} s, ${r.kindRange.meanLatePercent}% late on average over ${r.kindRange.fromSeconds}–${r.kindRange.toSeconds} s (${r.range.meanLatePercent}% over ${r.range.fromSeconds}–${r.range.toSeconds} s)`)
        .join("; "),
      met: met === verdict.length ? true : met > 0 ? "partly" : false,
      miss: verdict
        .filter((v) => !v.ok)
        .map(({ r }) => `${r.id.slice(13)}: ${r.longJob.requests} requests for a job ${Math.round(seconds / r.typicalSeconds)}× its typical length`)
        .join("; "),
    });
  }
  const sandbox = results.sandbox?.rows;
  if (sandbox) {
    const ours = sandbox.find((r) => r.id === "sandbox");
    const prism = sandbox.find((r) => r.id === "prism");
    const { readySeconds, residentMb } = TARGETS.sandbox;
    const ok = ours.readySeconds <= readySeconds && ours.readyMb <= residentMb;
    out.push({
      target: `\`pnpm start\`: all five providers ready in at most ${readySeconds} s and ${residentMb} MB resident`,
      result: `sandbox ${s(ours.readySeconds)}, ${int(ours.readyMb)} MB in ${ours.processes} process; before (five Prism mocks, same run) ${s(prism.readySeconds)}, ${int(prism.readyMb)} MB in ${prism.processes}`,
      met: ok,
      miss: ok ? "" : `${s(ours.readySeconds)} / ${int(ours.readyMb)} MB`,
    });
  }
  return out;
}

export function toMarkdown(results, { heading = "##", compact = false } = {}) {
  const h = (_level, text) => `${heading} ${text}`;
  const lines = [];
  const m = results.machine;
  const date = results.date.replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC");
  lines.push(
    `Run ${date} on ${m.cpuModel} (${m.cores} cores, ${m.memoryGB} GB), Node ${m.node}, ${m.os}; load average ${m.loadAverageStart.join(" / ")} at the start, ${m.loadAverageEnd.join(" / ")} at the end` +
      ` (a shared machine: ratios are taken side by side, so they hold up better than absolute numbers). ` +
      `\`pnpm bench\` took ${s(results.wallSeconds)}${results.build ? ` (build check ${s(results.build.seconds)} included)` : ""}. Facade: ${results.facade}.`,
    "",
  );

  // ---- targets
  const verdictRows = verdicts(results);
  lines.push(h(1, "Targets"), "", "| target | result | verdict |", "|---|---|---|");
  for (const v of verdictRows) {
    const verdict = v.met === undefined ? "not measured" : v.met === "partly" ? "◐ partly met" : v.met === "reported" ? "✅ reported (no numeric target)" : yes(v.met);
    lines.push(`| ${v.target} | ${v.result} | ${verdict}${v.miss ? ` (${v.miss})` : ""} |`);
  }
  lines.push("");

  // ---- 1. overhead
  const o = results.overhead;
  lines.push(h(1, "1. Per-call overhead"), "");
  if (o?.rows) {
    lines.push(
      `${o.operation}, in-process fake \`fetch\` answering at once; ${o.rounds} interleaved rounds (order rotated each round, ~${o.batchMs} ms per batch, ${o.warmupMs} ms warm-up per variant), medians. ` +
        `Request validation itself (the body's Ajv validator, timed alone) costs ${o.validatorMicroseconds} µs a call. ` +
        "Ratio: time per call relative to bare openapi-fetch in the same round (lower is better). " +
        "The like-for-like baseline is openapi-fetch with a per-attempt timeout signal on its request (an AbortController and a timer, cleared after the call), which is the least our client does per attempt.",
      "",
      "| variant | requests | calls/s | µs/call | ratio (middle half of rounds) | CPU ratio | added µs/call |",
      "|---|---|---|---|---|---|---|",
    );
    for (const r of o.rows) {
      const against = r.comparedWith === "openapi-fetch" ? "" : " ¹";
      lines.push(
        `| ${r.label} | ${r.requestsPerCall} | ${int(r.callsPerSecond)} | ${r.microsecondsPerCall.toFixed(0)} | ${x(r.ratio)}${against} (${x(r.ratioP25)}–${x(r.ratioP75)}) | ${x(r.cpuRatio)} | ${r.id === "openapi-fetch" ? "–" : int(r.extraMicroseconds)} |`,
      );
    }
    if (o.facade !== "built") lines.push(`| facade \`images.submit\` / \`images.generate\` | – | ${o.facade} | | | | |`);
    if (o.rows.some((r) => r.comparedWith !== "openapi-fetch")) lines.push("", "¹ against bare openapi-fetch making the same two requests (POST, then the status GET).");
  } else lines.push(`Not measured: ${o?.error ?? "no result"}.`);
  lines.push("");

  // ---- 2. bundle
  const b = results.bundle;
  lines.push(h(1, "2. Bundle size"), "");
  if (b?.rows) {
    lines.push(
      `esbuild ${b.esbuild}: \`${b.settings}\`. kB = 1000 bytes. "Before the first call": the entry chunk and what it imports statically; "loaded later": the chunks behind dynamic imports (the validators and the request check, fetched on the first call that validates; a socket's code).`,
      "",
      "| bundle | minified | gzip, before the first call | beyond openapi-fetch | gzip, loaded later | files from other providers |",
      "|---|---|---|---|---|---|",
    );
    for (const r of b.rows) {
      if (!r.available) {
        lines.push(`| ${r.label} | ${r.note} | | | | |`);
        continue;
      }
      const isolation = r.isolation
        ? r.isolation.ok
          ? `✅ none (${r.inputs} input files checked)`
          : `❌ ${r.isolation.filesFromOtherProviders.length}: ${r.isolation.filesFromOtherProviders.slice(0, 3).join(", ")}`
        : r.control
          ? `(control: finds all ${r.control.providersFound.length} providers ${r.control.ok ? "✅" : "❌"})`
          : "";
      if (compact && r.diagnostic) continue;
      lines.push(
        `| ${r.label} | ${kB(r.minifiedBytes)} | ${kB(r.gzipBytes)} | ${r.gzipBeyondOpenapiFetch !== undefined ? kB(r.gzipBeyondOpenapiFetch) : "–"} | ${r.lazyGzipBytes ? `${kB(r.lazyGzipBytes)} (${r.chunks.lazy} chunks)` : "–"} | ${isolation} |`,
      );
    }
    const client = b.rows.find((r) => r.id.startsWith("client-") && r.available && !r.diagnostic);
    if (client && !compact) {
      lines.push("", `Where the minified bytes of \`${client.id.slice(7)}\`'s client bundle go: ${Object.entries(client.bytesByPackage).filter(([, v]) => v > 0).sort((a, b2) => b2[1] - a[1]).map(([k, v]) => `${k} ${kB(v)}`).join(", ")}.`);
    }
    const isolationRows = b.rows.filter((r) => r.isolation);
    if (isolationRows.length) {
      lines.push(
        "",
        `Isolation check (esbuild metafile: no input file under \`packages/<other provider>/\`): ${isolationRows.every((r) => r.isolation.ok) ? "✅ passed" : "❌ failed"} for ${isolationRows.map((r) => `\`${r.id}\``).join(", ")}.`,
      );
    }
  } else lines.push(`Not measured: ${b?.error ?? "no result"}.`);
  lines.push("");

  // ---- 3. generation
  const g = results.generation;
  lines.push(h(1, "3. Generation time (all five specs)"), "");
  if (g?.rows) {
    lines.push(
      `Each generator as a cold process over the same bundled JSON specs, output to a fresh temp directory; ${rounds(g.rounds)}, alternating, medians.`,
      "",
      "| generator | wall | ratio to ours | CPU | CPU ratio | files | bytes written |",
      "|---|---|---|---|---|---|---|",
    );
    for (const r of g.rows) {
      if (!r.ok) {
        lines.push(`| ${r.label} | failed: ${r.failure} | | | | | |`);
        continue;
      }
      lines.push(`| ${r.label} | ${s(r.seconds)} | ${x(r.ratioToOurs)} | ${s(r.cpuSeconds)} | ${x(r.cpuRatioToOurs)} | ${r.files} | ${kB(r.bytes)} |`);
    }
    const ours = g.rows[0];
    if (ours.importSeconds !== undefined) {
      lines.push("", `Ours: ${s(ours.importSeconds)} loading modules, ${s(ours.emitSeconds)} generating (median of the timed runs).`);
    }
    const u = g.unchanged;
    if (u) {
      lines.push(
        "",
        `Unchanged specs: \`pnpm generate\` (\`tools/codegen/src/cli.js --check\`) over the repo's ${u.providers} specs as a fresh process, cache filled: ${s(u.seconds)} wall, ${s(u.cpuSeconds)} CPU (rounds: ${u.allSeconds.map((v) => s(v)).join(", ")}; ${u.allCached ? "every provider a cache hit" : "not all cache hits"}). The cache key hashes the spec's files, the generator's source and pnpm-lock.yaml; a hit also checks every generated file's bytes.`,
      );
    }
    const p = g.oursProfile;
    if (p?.importSeconds && !compact) {
      lines.push(
        "",
        `Where it goes (one more cold process, not timed above): loading the spec reader ${s(p.importSeconds.yaml)}, Ajv ${s(p.importSeconds.ajv)}, openapi-typescript + TypeScript ${s(p.importSeconds.openapiTypescriptAndTypescript)}; ` +
          `over the five specs, reading the input ${s(p.stageSeconds.loadBundledSpec)}, openapi-typescript types ${s(p.stageSeconds.types)}, Ajv standalone validators (request and response) ${s(p.stageSeconds.validators)} (each stage on its own in one thread, cold), then the whole emitPackage again ${s(p.stageSeconds.emitPackage)} (one spec at a time, its types in its own thread, which loads TypeScript again).`,
      );
    }
  } else lines.push(`Not measured: ${g?.error ?? "no result"}.`);
  lines.push("");

  // ---- 4. type-check
  const t = results.typecheck;
  lines.push(h(1, "4. Type-check time"), "");
  if (t?.rows) {
    lines.push(
      `\`tsc --noEmit\` (TypeScript ${t.typescript}, the repo's tsconfig.base.json options: strict, noUncheckedIndexedAccess, skipLibCheck, NodeNext) of one consumer file with one call per operation, the spec's example body; ${rounds(t.rounds)}, alternating, medians.`,
      "",
      "| consumer | calls | wall | ratio to ours | CPU | check time | files | type errors |",
      "|---|---|---|---|---|---|---|---|",
    );
    for (const r of t.rows) {
      lines.push(`| ${r.label} | ${r.calls} | ${s(r.seconds)} | ${x(r.ratioToOurs)} | ${s(r.cpuSeconds)} | ${s(r.checkSeconds)} | ${r.files} | ${r.typeErrors} |`);
    }
    if (t.facadeEntries?.length) {
      lines.push(
        "",
        "What a consumer of each facade entry point makes the compiler read (`tsc --listFiles` of a file that creates a studio and touches `raw`):",
        "",
        "| entry point | providers whose declarations are read | files | files of other providers | tsc wall |",
        "|---|---|---|---|---|",
      );
      for (const e of t.facadeEntries) {
        lines.push(`| \`${e.specifier}\` | ${e.providersRead.join(", ") || "none"} | ${e.files} | ${e.provider ? (e.otherProviderFiles === 0 ? "✅ 0" : `❌ ${e.otherProviderFiles}`) : "(control)"} | ${s(e.seconds)} |`);
      }
    }
    const withErrors = t.rows.filter((r) => r.typeErrors > 0);
    if (withErrors.length && !compact) {
      for (const r of withErrors) {
        lines.push("", `Type errors in the ${r.label} consumer (calls with the specs' own examples)${r.errors.length < r.typeErrors ? `, first ${r.errors.length}` : ""}:`, "");
        for (const { text, kind } of r.errors) lines.push(`- ${kind}: \`${text.length > 240 ? `${text.slice(0, 240)}…` : text}\``);
      }
    }
  } else lines.push(`Not measured: ${t?.error ?? "no result"}.`);
  lines.push("");

  // ---- 5. jobs
  const j = results.jobs;
  lines.push(h(1, "5. Waiting for a job (simulated clock)"), "");
  if (j?.rows) {
    const sched = j.defaultSchedule;
    lines.push(
      `Status requests, and lateness (the time between the job finishing and the caller knowing, as a share of the job's length), over ${j.range.lengths} job lengths from ${j.range.fromSeconds} s to ${j.range.toSeconds} s spaced evenly on a log scale; for a kind's typical length also over the jobs that kind has (a third of it to three times it). studiokit: the runtime's \`waitForJob\` with its default schedule (min ${sched.minIntervalMs} ms, max ${sched.maxIntervalMs} ms, growth ${sched.growth}; a typical length: first at a third of it, then twelve points evenly spaced on a log scale up to three times it, 20% apart; past that, gaps of twice the time waited, at most 12 × max); peers: a status request at once, then every interval. ` +
        `Typical lengths (\`TYPICAL_JOB_SECONDS\`, from the providers' own figures): ${Object.entries(j.typicalJobSeconds).map(([kind, sec]) => `${kind} ${sec} s`).join(", ")} — Influencer Studio's published \`estimated_time\` values (images 30 s, lip-sync 60 s, video 120 s, 3D 180 s) and AI Studios' "about 1 to 10 minutes" for an avatar video.`,
      "",
      `| strategy | ${j.longJobSeconds} s job | ${j.range.fromSeconds}–${j.range.toSeconds} s: mean / worst late | requests: mean / max | the kind's own jobs: range, mean / worst late |`,
      "|---|---|---|---|---|",
    );
    for (const r of j.rows) {
      const kind = r.kindRange ? `${r.kindRange.fromSeconds}–${r.kindRange.toSeconds} s: ${r.kindRange.meanLatePercent}% / ${r.kindRange.worstLatePercent}%` : "–";
      lines.push(`| ${r.label} | ${r.longJob.requests} req, ${r.longJob.latePercent}% late | ${r.range.meanLatePercent}% / ${r.range.worstLatePercent}% | ${r.range.meanRequests} / ${r.range.maxRequests} | ${kind} |`);
    }
  } else lines.push(`Not measured: ${j?.error ?? "no result"}.`);
  lines.push("");

  // ---- 6. cold start
  const c = results.coldstart;
  lines.push(h(1, "6. Cold start"), "");
  if (c?.rows) {
    lines.push(
      `\`await import(…)\` timed inside a fresh Node ${c.node} process (${rounds(c.rounds)}, alternating, medians; the ratio is per round against openapi-fetch alone). Packages: what a module hook saw loaded.`,
      "",
      "| import | time | ratio to openapi-fetch | process wall | files | packages loaded |",
      "|---|---|---|---|---|---|",
    );
    for (const r of c.rows) {
      lines.push(`| ${r.label} | ${ms(r.importMs)} | ${x(r.ratioPerRound)} | ${r.processMs} ms | ${r.files} | ${r.packages.join(", ")}${r.loadsWs ? " ❌ ws" : ""} |`);
    }
  } else lines.push(`Not measured: ${c?.error ?? "no result"}.`);
  lines.push("");

  // ---- 7. sandbox start-up
  const sb = results.sandbox;
  lines.push(h(1, "7. `pnpm start`: start-up time and memory"), "");
  if (sb?.rows) {
    lines.push(
      `From spawning to every provider answering a request, and the resident memory (VmRSS) then; docs site left out; ${rounds(sb.rounds)}, alternating, medians. The baseline is what \`pnpm start\` ran before (five Prism processes, still \`pnpm start --static\`), measured in the same run.`,
      "",
      "| servers | processes | ready | resident at ready | after a few calls |",
      "|---|---|---|---|---|",
    );
    const prism = sb.rows.find((r) => r.id === "prism");
    for (const r of sb.rows) {
      const ratio = r.id === "prism" ? "" : ` (${x(prism.readySeconds / r.readySeconds, 1)} faster, ${x(prism.readyMb / r.readyMb, 1)} less memory)`;
      lines.push(`| ${r.label}${ratio} | ${r.processes} | ${s(r.readySeconds)} | ${int(r.readyMb)} MB | ${r.afterWorkMb ? `${int(r.afterWorkMb)} MB` : "–"} |`);
    }
  } else lines.push(`Not measured: ${sb?.error ?? "no result"}.`);
  lines.push("");

  if (!compact && results.notes?.length) {
    lines.push(h(1, "What a miss would take"), "");
    for (const note of results.notes) lines.push(`- ${note}`);
    lines.push("");
  }
  return lines.join("\n");
}

/** Rewrites the README between the bench markers (adding a Performance section before License once). */
export function updateReadme(readmePath, results) {
  const START = "<!-- bench:start -->";
  const END = "<!-- bench:end -->";
  let text = readFileSync(readmePath, "utf8");
  if (!text.includes(START) || !text.includes(END)) {
    const section = `## Performance\n\n${START}\n${END}\n\n`;
    const license = text.search(/^## License\b/m);
    text = license >= 0 ? text.slice(0, license) + section + text.slice(license) : `${text.trimEnd()}\n\n${section.trimEnd()}\n`;
  }
  const body = [
    "",
    "`pnpm bench` measures what studiokit costs its users against the alternatives, side by side in one run. Full results, method and suggestions: [bench/results/latest.md](bench/results/latest.md).",
    "",
    toMarkdown(results, { heading: "###", compact: true }).trimEnd(),
    "",
  ].join("\n");
  const before = text.slice(0, text.indexOf(START) + START.length);
  const after = text.slice(text.indexOf(END));
  writeFileSync(readmePath, `${before}\n${body}\n${after}`);
}
