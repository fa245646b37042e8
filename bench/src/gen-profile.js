// Where our generator's time goes (a diagnostic, not one of the timed runs): in one cold process,
// the time to load each of the codegen's modules, then, over all five bundled specs, the time of
// each stage that emitPackage runs (here one after the other in this thread; emitPackage prints the
// types in a thread of its own, beside the validators). Prints JSON.
//
//   node src/gen-profile.js
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { providers, repoRoot, specFile } from "./common.js";

const src = join(repoRoot, "tools", "codegen", "src");
// `touch` is timed with the import: what a module loads on first use.
const load = async (file, touch = () => {}) => {
  const started = performance.now();
  const module = await import(pathToFileURL(join(src, file)).href);
  touch(module);
  return [module, performance.now() - started];
};

// The order matters: each import pays for what the ones before it did not load.
const [spec, yamlMs] = await load("spec.js"); // nothing heavy: yaml and Redocly load only for YAML or a split spec
const [validators, ajvMs] = await load("validators.js", (m) => m.createAjv()); // ajv, ajv-formats (on first use)
const [types, typesMs] = await load("types.js"); // openapi-typescript's transform and TypeScript, through require
const [emit] = await load("emit.js"); // (emitPackage loads those again, once, in its types thread)
const [operationsModule] = await load("operations.js");
const restMs = 0;

const stages = { loadBundledSpec: 0, types: 0, validators: 0, emitPackage: 0 };
const docs = [];
for (const provider of providers) {
  let t = performance.now();
  const doc = await spec.loadBundledSpec(specFile(provider.id));
  docs.push(doc);
  stages.loadBundledSpec += performance.now() - t;
  t = performance.now();
  types.schemaTypes(doc);
  stages.types += performance.now() - t;
  t = performance.now();
  const operations = operationsModule.collectOperations(doc);
  validators.emitValidatorsModule(doc, operations, "");
  await validators.emitResponseValidatorsModule(doc, operations, "");
  stages.validators += performance.now() - t;
}
// After every stage above: emitPackage caps V8's optimising tier for the rest of the process
// (threads.js), and the stages are timed with V8's defaults.
for (const [index, provider] of providers.entries()) {
  const t = performance.now();
  await emit.emitPackage(provider, docs[index]);
  stages.emitPackage += performance.now() - t;
}
const seconds = (ms) => Math.round(ms) / 1000;
process.stdout.write(
  JSON.stringify({
    importSeconds: { yaml: seconds(yamlMs), ajv: seconds(ajvMs), openapiTypescriptAndTypescript: seconds(typesMs + restMs) },
    stageSeconds: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, seconds(v)])),
  }),
);
