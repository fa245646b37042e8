// The types thread's entry point (see types-thread.js): prints each document it is sent.
import { parentPort } from "node:worker_threads";
import { schemaTypes } from "./types.js";

parentPort.on("message", ({ id, doc }) => {
  try {
    parentPort.postMessage({ id, text: schemaTypes(doc) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
