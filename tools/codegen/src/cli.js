#!/usr/bin/env node
// pnpm generate [provider…] [--check] [--no-cache]
//   Regenerates packages/<provider> from specs/<provider>. With --check, writes nothing and exits 1
//   when any generated file is out of date (CI's freshness check). A provider whose spec, generator
//   and lockfile are unchanged since its last run, and whose files are untouched, is skipped (see
//   cache.js); --no-cache generates it anyway.
import { generate } from "./generate.js";

const args = process.argv.slice(2);
const check = args.includes("--check");
const cache = !args.includes("--no-cache");
const ids = args.filter((arg) => !arg.startsWith("--"));

try {
  const report = await generate(ids, { check, cache });
  let stale = false;
  for (const { provider, changed, cached } of report) {
    if (changed.length === 0) console.log(`${provider}: up to date${cached ? " (cached)" : ""}`);
    else {
      stale = true;
      console.log(`${provider}: ${check ? "out of date" : "wrote"} ${changed.join(", ")}`);
    }
  }
  if (check && stale) {
    console.error("Generated code is out of date: run `pnpm generate` and commit the result.");
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
