// Part 3: generation time for all specs. Each generator runs as its own cold process over the same
// bundled JSON specs (.work/specs), writing into a fresh temp directory; the generators alternate
// within a round and the order rotates between rounds. Reported: the median wall time of the process.
//
//   node src/generation.js [--rounds N] > result.json
//
// The last round's output of each generator is kept in .work/gen/<tool>/ (the type-check part uses it).
// Then: `pnpm generate` over unchanged specs (the cache's hit path), as its own fresh process.
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bin, childEnv, freshDir, median, providers, repoRoot, rotate, run, specFile, specsDir, workDir } from "./common.js";

const args = process.argv.slice(2);
const at = args.indexOf("--rounds");
const ROUNDS = at >= 0 ? Number(args[at + 1]) : 3;
const root = join(workDir, "gen");

const generators = [
  {
    id: "ours",
    label: "studiokit codegen (openapi-typescript types + Ajv standalone validators + client)",
    async run(out) {
      const result = await run(process.execPath, [join(import.meta.dirname, "gen-ours.js"), specsDir, out]);
      if (result.code === 0) result.detail = JSON.parse(result.stdout);
      return result;
    },
  },
  {
    id: "hey-api",
    label: "@hey-api/openapi-ts 0.95.0 (client-fetch, typescript, sdk plugins)",
    async run(out) {
      // Absolute input paths: a relative `dir/file` would be read as a Hey API registry shorthand.
      const config = providers.map((p) => ({
        input: specFile(p.id),
        output: join(out, p.id),
        logs: { file: false, level: "silent" },
        plugins: ["@hey-api/client-fetch", "@hey-api/typescript", "@hey-api/sdk"],
      }));
      writeFileSync(join(out, "openapi-ts.config.mjs"), `export default ${JSON.stringify(config, null, 2)};\n`);
      return run(bin("openapi-ts"), ["--silent", "--no-log-file"], { cwd: out });
    },
  },
  {
    id: "orval",
    label: "orval 7.13.2 (fetch client, single file per spec)",
    async run(out) {
      const config = Object.fromEntries(
        providers.map((p) => [
          p.id,
          { input: { target: specFile(p.id) }, output: { target: join(out, p.id, "api.ts"), client: "fetch", mode: "single" } },
        ]),
      );
      const file = join(out, "orval.config.cjs");
      writeFileSync(file, `module.exports = ${JSON.stringify(config, null, 2)};\n`);
      return run(bin("orval"), ["--config", file], { cwd: out });
    },
  },
];

for (const generator of generators) generator.rounds = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const generator of rotate(generators, round)) {
    const out = freshDir(join(root, generator.id));
    const result = await generator.run(out);
    const files = listFiles(out).filter((file) => !/\.config\.(mjs|cjs)$/.test(file));
    if (result.code !== 0 || files.length === 0) {
      generator.failure = `exit ${result.code}: ${(result.stderr || result.stdout).trim().split("\n").slice(-3).join(" / ")}`;
    }
    generator.rounds.push({
      ms: result.ms,
      cpuMs: result.cpuMs,
      code: result.code,
      files: files.length,
      bytes: files.reduce((sum, file) => sum + statSync(join(out, file)).size, 0),
      ...(result.detail ? { inProcess: result.detail } : {}),
    });
  }
}

// Regenerating unchanged specs: `pnpm generate` as a fresh process over the repo's own specs, once to
// fill the cache, then timed. `--check` takes the same path on a cache hit and can never write.
const cli = join(repoRoot, "tools", "codegen", "src", "cli.js");
await run(process.execPath, [cli, "--check"], { cwd: repoRoot });
const warmRounds = [];
for (let round = 0; round < Math.max(3, ROUNDS); round++) {
  const result = await run(process.execPath, [cli, "--check"], { cwd: repoRoot });
  warmRounds.push({ ms: result.ms, cpuMs: result.cpuMs, code: result.code, cached: (result.stdout.match(/\(cached\)/g) ?? []).length });
}
const unchanged = {
  seconds: Math.round(median(warmRounds.map((r) => r.ms))) / 1000,
  cpuSeconds: Math.round(median(warmRounds.map((r) => r.cpuMs))) / 1000,
  allSeconds: warmRounds.map((r) => Math.round(r.ms) / 1000),
  allCached: warmRounds.every((r) => r.code === 0 && r.cached === providers.length),
  providers: providers.length,
};

// Where our generator's time goes: one more cold process, not part of the timed rounds.
const profileRun = await run(process.execPath, [join(import.meta.dirname, "gen-profile.js")]);
const profile = profileRun.code === 0 ? JSON.parse(profileRun.stdout) : { error: profileRun.stderr.trim().split("\n").slice(-3).join(" / ") };

const ours = generators[0];
const oursMs = median(ours.rounds.map((r) => r.ms));
const oursCpuMs = median(ours.rounds.map((r) => r.cpuMs));
const rows = generators.map((generator) => {
  const ms = median(generator.rounds.map((r) => r.ms));
  const last = generator.rounds.at(-1);
  return {
    id: generator.id,
    label: generator.label,
    ok: !generator.failure,
    ...(generator.failure ? { failure: generator.failure } : {}),
    seconds: Math.round(ms) / 1000,
    allSeconds: generator.rounds.map((r) => Math.round(r.ms) / 1000),
    ratioToOurs: Math.round((ms / oursMs) * 100) / 100,
    cpuSeconds: Math.round(median(generator.rounds.map((r) => r.cpuMs))) / 1000,
    cpuRatioToOurs: Math.round((median(generator.rounds.map((r) => r.cpuMs)) / oursCpuMs) * 100) / 100,
    files: last.files,
    bytes: last.bytes,
    ...(generator.id === "ours"
      ? {
          importSeconds: Math.round(median(generator.rounds.map((r) => r.inProcess?.importMs))) / 1000,
          emitSeconds: Math.round(median(generator.rounds.map((r) => r.inProcess?.generateMs))) / 1000,
        }
      : {}),
  };
});

process.stdout.write(
  JSON.stringify({
    rounds: ROUNDS,
    specs: providers.map((p) => p.id),
    method: "one cold process per generator per round, all five specs, fresh temp output; median of rounds (wall time, and CPU time user+sys of the process tree)",
    env: Object.fromEntries(["TURBO_TELEMETRY_DISABLED", "REDOCLY_TELEMETRY", "DO_NOT_TRACK"].map((k) => [k, childEnv()[k]])),
    rows,
    unchanged,
    oursProfile: profile,
  }),
);

function listFiles(dir, prefix = "") {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}
