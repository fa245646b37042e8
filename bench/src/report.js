// Turns the results of one `pnpm bench` run into Markdown (bench/results/latest.md), the README's
// performance section, and the verdict on each target. Targets are reported, never asserted.
import { readFileSync, writeFileSync } from "node:fs";

export const TARGETS = {
  facadeRatio: 1.1,
  clientGzipBeyondOpenapiFetch: 3000,
  generationSpeedup: 3,
  longJob: { seconds: 600, maxRequests: 15, maxDelayPercent: 10 },
  sandbox: { readySeconds: 3, residentMb: 400 },
};

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const x = (ratio, digits = 2) => (Number.isFinite(ratio) ? `${ratio.toFixed(digits)}×` : "–");
const s = (seconds) => (Number.isFinite(seconds) ? `${seconds.toFixed(2)} s` : "–");
const yes = (ok) => (ok ? "✅ met" : "❌ missed");
const rounds = (n) => `${n} round${n === 1 ? "" : "s"}`;
const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");

/** The verdict on each target, with the numbers it rests on and what a miss would take. */
export function verdicts(results) {
  const out = [];
  const overhead = results.overhead;
  if (overhead?.rows) {
    const submit = overhead.rows.find((r) => r.id === "facade-submit");
    const generate = overhead.rows.find((r) => r.id === "facade-generate");
    const client = overhead.rows.find((r) => r.id === "ours");
    if (submit && generate) {
      const worst = Math.max(submit.ratio, generate.ratio);
      const ok = worst <= TARGETS.facadeRatio;
      out.push({
        target: `facade overhead within ${x(TARGETS.facadeRatio)} of bare openapi-fetch`,
        result:
          `\`images.submit\` ${x(submit.ratio)} (CPU ${x(submit.cpuRatio)}, +${int(submit.extraMicroseconds)} µs per call); ` +
          `\`images.generate\` ${x(generate.ratio)} of openapi-fetch doing the same POST + GET (CPU ${x(generate.cpuRatio)}); ` +
          `the generated client alone ${x(client.ratio)}`,
        met: ok,
        miss: ok ? "" : `${x(worst)} against ${x(TARGETS.facadeRatio)}: ${x(worst / TARGETS.facadeRatio)} over`,
      });
    } else {
      out.push({ target: `facade overhead within ${x(TARGETS.facadeRatio)} of bare openapi-fetch`, result: overhead.facade, met: undefined, miss: "" });
    }
  }
  const bundle = results.bundle;
  if (bundle?.rows) {
    const clients = bundle.rows.filter((r) => r.id.startsWith("client-") && r.available && !r.diagnostic);
    const first = clients[0];
    if (first) {
      const ok = first.gzipBeyondOpenapiFetch < TARGETS.clientGzipBeyondOpenapiFetch;
      const smallest = clients.reduce((a, b) => (a.gzipBeyondOpenapiFetch <= b.gzipBeyondOpenapiFetch ? a : b));
      const largest = clients.reduce((a, b) => (a.gzipBeyondOpenapiFetch >= b.gzipBeyondOpenapiFetch ? a : b));
      out.push({
        target: `one provider client under ${kB(TARGETS.clientGzipBeyondOpenapiFetch)} gzipped beyond openapi-fetch`,
        result: `${first.label.replace("generated client ", "")}: ${kB(first.gzipBeyondOpenapiFetch)} beyond openapi-fetch's ${kB(bundle.rows[0].gzipBytes)}; all five: ${kB(smallest.gzipBeyondOpenapiFetch)} (${smallest.id.slice(7)}) to ${kB(largest.gzipBeyondOpenapiFetch)} (${largest.id.slice(7)})`,
        met: ok,
        miss: ok ? "" : `${kB(first.gzipBeyondOpenapiFetch - TARGETS.clientGzipBeyondOpenapiFetch)} over, ${x(first.gzipBeyondOpenapiFetch / TARGETS.clientGzipBeyondOpenapiFetch, 1)} the budget`,
      });
    }
  }
  const generation = results.generation;
  if (generation?.rows) {
    const hey = generation.rows.find((r) => r.id === "hey-api");
    if (hey?.ok) {
      const ok = hey.ratioToOurs >= TARGETS.generationSpeedup;
      out.push({
        target: `generation at least ${x(TARGETS.generationSpeedup, 0)} faster than @hey-api/openapi-ts`,
        result: `hey-api/ours ${x(hey.ratioToOurs)} wall (${x(hey.cpuRatioToOurs)} CPU): ours ${s(generation.rows[0].seconds)}, hey-api ${s(hey.seconds)}`,
        met: ok,
        miss: ok
          ? ""
          : `ours would need ${s(hey.seconds / TARGETS.generationSpeedup)} or less: ${x(generation.rows[0].seconds / (hey.seconds / TARGETS.generationSpeedup))} faster than now`,
      });
    }
  }
  const jobs = results.jobs;
  if (jobs?.rows) {
    const { seconds, maxRequests, maxDelayPercent } = TARGETS.longJob;
    const ours = jobs.rows.filter((r) => r.id.startsWith("ours-"));
    const parts = ours.map((r) => {
      const at = r.results[seconds];
      const ok = at.requests <= maxRequests && at.delayPercent <= maxDelayPercent;
      return { row: r, at, ok };
    });
    const noEstimate = parts.find((p) => p.row.id === "ours-no-estimate");
    const exact = parts.find((p) => p.row.id === "ours-exact");
    out.push({
      target: `${seconds} s job: at most ${maxRequests} status requests, caller knows within ${maxDelayPercent}%`,
      result: parts.map((p) => `${p.ok ? "✅" : "❌"} ${p.row.label.replace(/^studiokit(?: `waitForJob`)?, /, "")}: ${p.at.requests} request${p.at.requests === 1 ? "" : "s"}, ${p.at.delayPercent}% late`).join("; "),
      met: exact?.ok && noEstimate?.ok ? true : exact?.ok ? "partly" : false,
      miss:
        noEstimate && !noEstimate.ok
          ? `without an estimate: ${noEstimate.at.requests} requests, ${x(noEstimate.at.requests / maxRequests, 1)} the budget`
          : "",
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
    const verdict = v.met === undefined ? "not measured" : v.met === "partly" ? "◐ partly met" : yes(v.met);
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
        "Ratio: time per call relative to bare openapi-fetch in the same round (lower is better).",
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
    lines.push(`esbuild ${b.esbuild}: \`${b.settings}\`. kB = 1000 bytes.`, "", "| bundle | minified | gzip | gzip beyond openapi-fetch | files from other providers |", "|---|---|---|---|---|");
    for (const r of b.rows) {
      if (!r.available) {
        lines.push(`| ${r.label} | ${r.note} | | | |`);
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
      lines.push(`| ${r.label} | ${kB(r.minifiedBytes)} | ${kB(r.gzipBytes)} | ${r.gzipBeyondOpenapiFetch !== undefined ? kB(r.gzipBeyondOpenapiFetch) : "–"} | ${isolation} |`);
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
    const p = g.oursProfile;
    if (p?.importSeconds && !compact) {
      lines.push(
        "",
        `Where it goes (one more cold process, not timed above): loading Redocly ${s(p.importSeconds.redocly)}, Ajv + esbuild ${s(p.importSeconds.ajvAndEsbuild)}, openapi-typescript + TypeScript ${s(p.importSeconds.openapiTypescriptAndTypescript)}; ` +
          `over the five specs, bundling the input ${s(p.stageSeconds.loadBundledSpec)}, openapi-typescript types ${s(p.stageSeconds.types)}, Ajv standalone validators + esbuild ${s(p.stageSeconds.validators)} (run separately, cold), then the whole emitPackage again ${s(p.stageSeconds.emitPackage)} (warm).`,
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
      `Status requests / delay between the job finishing and the caller knowing. studiokit: the runtime's \`waitForJob\` with its default schedule (min ${sched.minIntervalMs} ms, max ${sched.maxIntervalMs} ms, growth ${sched.growth}); peers: a status request at once, then every interval.`,
      "",
      `| strategy | ${j.jobSeconds.map((sec) => `${sec} s job`).join(" | ")} |`,
      `|---|${j.jobSeconds.map(() => "---").join("|")}|`,
    );
    for (const r of j.rows) {
      lines.push(`| ${r.label} | ${j.jobSeconds.map((sec) => `${r.results[sec].requests} req, ${r.results[sec].delaySeconds.toFixed(1)} s (${r.results[sec].delayPercent}%)`).join(" | ")} |`);
    }
    if (!compact && j.sweep) {
      lines.push("", "Other schedules (waitForJob's `schedule` option, no estimate), for comparison:", "", `| schedule | ${j.jobSeconds.map((sec) => `${sec} s job`).join(" | ")} |`, `|---|${j.jobSeconds.map(() => "---").join("|")}|`);
      for (const r of j.sweep) {
        const isDefault = r.schedule.minIntervalMs === sched.minIntervalMs && r.schedule.maxIntervalMs === sched.maxIntervalMs && r.schedule.growth === sched.growth;
        lines.push(
          `| min ${r.schedule.minIntervalMs / 1000} s, growth ${r.schedule.growth}${isDefault ? " (default)" : ""} | ${j.jobSeconds.map((sec) => `${r.results[sec].requests} req, ${r.results[sec].delayPercent}%`).join(" | ")} |`,
        );
      }
    }
  } else lines.push(`Not measured: ${j?.error ?? "no result"}.`);
  lines.push("");

  // ---- 6. sandbox start-up
  const sb = results.sandbox;
  lines.push(h(1, "6. `pnpm start`: start-up time and memory"), "");
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
