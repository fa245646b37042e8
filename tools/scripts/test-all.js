// `pnpm test`: every check the repo has, in order, stopping at the first failure.
//   1. spec lint (Redocly recommended-strict, zero warnings)
//   2. generated-code freshness (regenerating changes nothing)
//   3. turbo: build, type-check, package checks (publint, arethetypeswrong) and every vitest suite
//      (example validation, codegen, runtime behaviour, contract tests against Prism, facade, docs)
// It ends with one line: "N passed, N failed" over all vitest suites.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { noTelemetryEnv, repoRoot } from "./env.js";

// Every workspace package (pnpm-workspace.yaml: packages/*, tools/*, bench, examples).
const workspaces = [
  ...["packages", "tools"].flatMap((folder) => {
    const dir = join(repoRoot, folder);
    return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
  }),
  join(repoRoot, "bench"),
  join(repoRoot, "examples"),
];
const resultFiles = workspaces.map((dir) => join(dir, ".vitest-results.json"));
for (const file of resultFiles) rmSync(file, { force: true });

const steps = [
  ["spec lint", "redocly", ["lint", "--max-problems", "200"]],
  ["generated code is fresh", "node", ["tools/codegen/src/cli.js", "--check"]],
  ["build, type-check, package checks and tests", "turbo", ["run", "build", "typecheck", "check-package", "test", "--concurrency=3", "--output-logs=errors-only"]],
];

let failed = false;
for (const [title, command, args] of steps) {
  console.log(`\n▶ ${title}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit", env: noTelemetryEnv() });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${title} failed after ${seconds} s`);
    failed = true;
    break;
  }
  console.log(`✔ ${title} (${seconds} s)`);
}

// Sum up what vitest ran (each suite writes its JSON report next to its package.json).
let passed = 0;
let failedTests = 0;
let skipped = 0;
for (const file of resultFiles) {
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests ?? 0;
  failedTests += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`\n${passed} passed, ${failedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed || failedTests > 0 ? 1 : 0);
