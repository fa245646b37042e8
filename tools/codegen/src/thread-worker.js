// A generator thread's entry point (see threads.js): runs each job it is sent, loading what the job
// needs on first use (openapi-typescript and TypeScript for types, Ajv for validators).
import { parentPort } from "node:worker_threads";

parentPort.on("message", async ({ id, kind, doc, header }) => {
  try {
    parentPort.postMessage({ id, text: await run(kind, doc, header) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});

async function run(kind, doc, header) {
  if (kind === "types") return (await import("./types.js")).schemaTypes(doc);
  const [{ collectOperations }, { emitValidatorsModule, emitResponseValidatorsModule }] = await Promise.all([import("./operations.js"), import("./validators.js")]);
  const operations = collectOperations(doc);
  if (kind === "validators") return emitValidatorsModule(doc, operations, header);
  if (kind === "responseValidators") return emitResponseValidatorsModule(doc, operations, header);
  throw new Error(`unknown job ${kind}`);
}
