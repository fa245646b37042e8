// The generator's types thread (see threads.js): prints each spec it is sent as TypeScript types.
import { parentPort } from "node:worker_threads";

// openapi-typescript and TypeScript start loading as soon as the thread starts, before the first
// spec arrives: this thread exists for them. A failure to load is each job's error (the handler
// below awaits it), never an unhandled rejection that would end the thread.
const typesModule = import("./types.js");
typesModule.catch(() => {});

parentPort.on("message", async ({ id, doc }) => {
  try {
    parentPort.postMessage({ id, text: (await typesModule).schemaTypes(doc) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
