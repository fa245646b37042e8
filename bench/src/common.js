// Shared by every part of `pnpm bench`: paths, the environment tools run in, a child-process runner
// and the statistics (medians) the report uses.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { noTelemetryEnv } from "../../tools/scripts/env.js";

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = join(benchDir, "..");
/** Scratch space (git-ignored): bundled specs, generated code, consumer files, bundles. */
export const workDir = join(benchDir, ".work");
export const specsDir = join(workDir, "specs");
export const resultsDir = join(benchDir, "results");
export const bin = (name) => join(benchDir, "node_modules", ".bin", name);

/** Every provider, in the registry's order. */
export const providers = JSON.parse(readFileSync(join(repoRoot, "specs", "providers.json"), "utf8")).providers;

/** No tool we spawn may phone home: Turbo, Redocly and the generic opt-outs are set for every child. */
export const childEnv = (extra = {}) =>
  noTelemetryEnv({ TURBO_TELEMETRY_DISABLED: "1", REDOCLY_TELEMETRY: "off", DO_NOT_TRACK: "1", NO_COLOR: "1", FORCE_COLOR: "0", ...extra });

/** Is the facade (packages/studiokit) built? Its rows say "not available" otherwise. */
export function facadeBuilt() {
  // For checking the report without a facade: STUDIOKIT_BENCH_NO_FACADE=1 pnpm bench -- --quick
  if (process.env.STUDIOKIT_BENCH_NO_FACADE === "1") return false;
  const dist = join(repoRoot, "packages", "studiokit", "dist");
  return existsSync(join(dist, "index.js")) && providers.every((p) => existsSync(join(dist, "providers", `${p.id}.js`)));
}
export const FACADE_MISSING = "not available (facade not built)";

export function freshDir(path) {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  return path;
}

/**
 * CPU time (ms, user + system) of this process's finished and waited-for children, from
 * /proc/self/stat (cutime + cstime). Wall time on a shared 2-core machine includes waiting for other
 * work; CPU time does not, so the report gives both. Undefined where /proc is missing.
 */
export function childrenCpuMs() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[13]) + Number(fields[14]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/**
 * Runs a command to completion; resolves with its wall time and CPU time (ms), exit code and output.
 * Never rejects on a non-zero exit: the caller decides what a failure means. Run one at a time (the
 * CPU time is the difference of this process's children's totals).
 */
export function run(command, args, { cwd = benchDir, env = childEnv(), timeoutMs = 120_000 } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const cpuBefore = childrenCpuMs();
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const cpuAfter = childrenCpuMs();
      const cpuMs = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
      resolve({ ms, cpuMs, code: code ?? (signal ? 1 : 0), signal, stdout, stderr });
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - started, code: 1, stdout, stderr: stderr + String(error) });
    });
  });
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The q-quantile (0..1) by linear interpolation. */
export function quantile(values, q) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
}

/** Rotates `items` by `round`, so that no variant always runs first (or last) in a round. */
export const rotate = (items, round) => items.map((_, i) => items[(i + round) % items.length]);

/** Reads the bundled JSON copy of a provider's spec (written by prepare in run.js). */
export const readSpec = (id) => JSON.parse(readFileSync(join(specsDir, `${id}.json`), "utf8"));
export const specFile = (id) => join(specsDir, `${id}.json`);
