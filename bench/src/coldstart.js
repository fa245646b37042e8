// Part 6: cold start. The time to import `studiokit` and each generated client in a fresh Node
// process, against importing openapi-fetch alone in the same rounds (alternating, order rotated), and
// which packages each import loads (a module hook records every file; nothing not needed to make a
// call, e.g. `ws`, should be among them).
//
//   node src/coldstart.js [--rounds N] > result.json
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchDir, facadeBuilt, FACADE_MISSING, median, providers, rotate, run, workDir, freshDir } from "./common.js";

const args = process.argv.slice(2);
const at = args.indexOf("--rounds");
const ROUNDS = at >= 0 ? Number(args[at + 1]) : 15;

const facade = facadeBuilt();
const entries = [
  { id: "openapi-fetch", label: "openapi-fetch alone (the baseline)", specifier: "openapi-fetch" },
  ...providers.map((p) => ({ id: `client-${p.id}`, label: `\`@studiokit/${p.id}\``, specifier: `@studiokit/${p.id}` })),
  ...(facade
    ? [
        { id: "facade-all", label: "`studiokit` (all providers)", specifier: "studiokit" },
        { id: "facade-one", label: `\`studiokit/${providers[0].id}\``, specifier: `studiokit/${providers[0].id}` },
      ]
    : []),
];

// A fresh process: Node starts, then the clock runs around the one import (resolution, reading,
// linking, evaluating every module it pulls in).
const importScript = (specifier) =>
  `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;

const dir = freshDir(join(workDir, "coldstart"));
const timings = Object.fromEntries(entries.map((entry) => [entry.id, { ms: [], wallMs: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const entry of rotate(entries, round)) {
    const result = await run(process.execPath, ["--input-type=module", "-e", importScript(entry.specifier)], { cwd: benchDir });
    if (result.code !== 0) throw new Error(`importing ${entry.specifier} failed: ${result.stderr.trim().split("\n").slice(-3).join(" / ")}`);
    timings[entry.id].ms.push(Number(result.stdout));
    timings[entry.id].wallMs.push(result.ms);
  }
}

// Which files each import loads: a resolve/load hook appends every URL to a file (one more process per entry).
const hooks = join(dir, "record-hooks.mjs");
const register = join(dir, "record.mjs");
await import("node:fs").then(({ writeFileSync }) => {
  writeFileSync(hooks, `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) { if (url.startsWith("file:")) appendFileSync(process.env.RECORD_TO, url + "\\n"); return next(url, context); }\n`);
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
});
const loaded = {};
for (const entry of entries) {
  const file = join(dir, `${entry.id}.loaded.txt`);
  rmSync(file, { force: true });
  const result = await run(process.execPath, ["--import", pathToFileURL(register).href, "--input-type=module", "-e", `await import(${JSON.stringify(entry.specifier)});`], {
    cwd: benchDir,
    env: { ...process.env, RECORD_TO: file },
  });
  const urls = result.code === 0 ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean) : [];
  loaded[entry.id] = { files: urls.length, packages: [...new Set(urls.map(packageOf))].sort() };
}

const baseline = median(timings["openapi-fetch"].ms);
const rows = entries.map((entry) => {
  const ms = median(timings[entry.id].ms);
  return {
    id: entry.id,
    label: entry.label,
    specifier: entry.specifier,
    importMs: Math.round(ms * 10) / 10,
    processMs: Math.round(median(timings[entry.id].wallMs)),
    ratio: Math.round((ms / baseline) * 100) / 100,
    // Per round, so that a slow moment of the machine hits both sides.
    ratioPerRound: Math.round(median(timings[entry.id].ms.map((value, round) => value / timings["openapi-fetch"].ms[round])) * 100) / 100,
    ...loaded[entry.id],
    loadsWs: loaded[entry.id].packages.includes("ws"),
  };
});

process.stdout.write(JSON.stringify({ rounds: ROUNDS, node: process.version, facade: facade ? "built" : FACADE_MISSING, rows }));

/** The npm package (or workspace package) a file URL belongs to. */
function packageOf(url) {
  const path = decodeURIComponent(new URL(url).pathname);
  const npm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (npm) return npm[1];
  const workspace = /\/(packages|tools)\/([^/]+)\//.exec(path);
  return workspace ? `${workspace[1]}/${workspace[2]}` : path;
}
