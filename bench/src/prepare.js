// Writes the bundled JSON copy of every spec to .work/specs/<id>.json: one self-contained document
// per provider (Redocly's bundle, internal $refs kept), the same input for every generator.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadBundledSpec, providers, specPath } from "@studiokit-tools/codegen";
import { specsDir } from "./common.js";

mkdirSync(specsDir, { recursive: true });
const summary = [];
for (const provider of providers) {
  const doc = await loadBundledSpec(specPath(provider.id));
  const text = JSON.stringify(doc, null, 2);
  writeFileSync(join(specsDir, `${provider.id}.json`), text + "\n");
  let operations = 0;
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of ["get", "put", "post", "delete", "patch", "head", "options", "trace"]) if (item[method]) operations++;
  }
  summary.push({ id: provider.id, operations, schemas: Object.keys(doc.components?.schemas ?? {}).length, bytes: text.length });
}
process.stdout.write(JSON.stringify(summary));
