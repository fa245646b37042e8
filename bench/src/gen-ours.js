// Our generator, as a cold process over the bundled JSON specs: for each, what `pnpm generate` does
// (load the spec, emitPackage: types, validators, operation table, client, README), written to a temp
// directory instead of packages/. Prints the in-process time (after module loading) as JSON.
//
//   node src/gen-ours.js <specsDir> <outDir>
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [specsDir, outDir] = process.argv.slice(2);
const loaded = performance.now();
const { emitPackage, loadBundledSpec, providers } = await import("@studiokit-tools/codegen");
const started = performance.now();
let files = 0;
for (const provider of providers) {
  const doc = await loadBundledSpec(join(specsDir, `${provider.id}.json`));
  const emitted = await emitPackage(provider, doc);
  for (const [relative, contents] of Object.entries(emitted)) {
    const target = join(outDir, provider.id, relative);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contents);
    files++;
  }
}
process.stdout.write(JSON.stringify({ importMs: started - loaded, generateMs: performance.now() - started, files }));
