// The spec's types are printed in a worker thread while this thread compiles the validators. The two
// are the bulk of a cold generation and about the same size, and they need different libraries:
// the types need TypeScript (a 9 MB module to load) and openapi-typescript, the validators only
// Ajv. In one thread they run one after the other; in two, side by side, and each library is loaded
// once, in the one thread that uses it. One worker for the whole process: it loads TypeScript once
// and prints the documents in the order they are sent.
import { Worker } from "node:worker_threads";

/** @type {Worker | undefined} */
let worker;
let nextId = 0;
/** @type {Map<number, { resolve: (text: string) => void, reject: (error: Error) => void }>} */
const pending = new Map();

/**
 * The body of src/schema.ts for `doc` (what schemaTypes in types.js returns), printed in the
 * types thread. The document is copied to the thread (structured clone): it is read, never changed.
 * @param {Record<string, any>} doc
 * @returns {Promise<string>}
 */
export function schemaTypesInThread(doc) {
  worker ??= start();
  const id = nextId++;
  const result = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  // While a document is being printed the thread keeps the process alive; once idle, it does not.
  worker.ref();
  worker.postMessage({ id, doc });
  return result;
}

function start() {
  const thread = new Worker(new URL("./types-worker.js", import.meta.url));
  thread.on("message", ({ id, text, error }) => {
    const job = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) thread.unref();
    if (error !== undefined) job?.reject(new Error(error));
    else job?.resolve(text);
  });
  // The thread itself failed (it could not load its modules, or ran out of memory): every document
  // still waiting fails with that error, and the next one starts a new thread.
  const fail = (error) => {
    if (worker === thread) worker = undefined;
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  thread.on("error", fail);
  thread.on("exit", (code) => fail(new Error(`the types thread exited (code ${code})`)));
  return thread;
}
