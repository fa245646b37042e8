// Our generator, as a cold process over the bundled JSON specs: for each, what `pnpm generate` does
// (load the spec, emitPackage: types, validators, operation table, client, README), written to a temp
// directory instead of packages/ (and without the cache). Prints the in-process time (after module
// loading) as JSON.
//
//   node src/gen-ours.js <specsDir> <outDir>
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [specsDir, outDir] = process.argv.slice(2);
const loaded = performance.now();
const { emitPackage, loadBundledSpec, providers } = await import("@studiokit-tools/codegen");
const started = performance.now();
let files = 0;
// As `pnpm generate` (tools/codegen/src/generate.js) does: every package's emission under way at
// once (the types print in the generator's types thread meanwhile), then written in order.
const jobs = providers.map(async (provider) => emitPackage(provider, await loadBundledSpec(join(specsDir, `${provider.id}.json`))));
for (const job of jobs) job.catch(() => {});
for (const [index, provider] of providers.entries()) {
  const emitted = await jobs[index];
  for (const [relative, contents] of Object.entries(emitted)) {
    const target = join(outDir, provider.id, relative);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contents);
    files++;
  }
}
process.stdout.write(JSON.stringify({ importMs: started - loaded, generateMs: performance.now() - started, files }));
