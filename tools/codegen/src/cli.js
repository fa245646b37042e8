#!/usr/bin/env node
// pnpm generate [provider…] [--check]
//   Regenerates packages/<provider> from specs/<provider>. With --check, writes nothing and exits 1
//   when any generated file is out of date (CI's freshness check).
import { generate } from "./index.js";

const args = process.argv.slice(2);
const check = args.includes("--check");
const ids = args.filter((arg) => !arg.startsWith("--"));

try {
  const report = await generate(ids, { check });
  let stale = false;
  for (const { provider, changed } of report) {
    if (changed.length === 0) console.log(`${provider}: up to date`);
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
