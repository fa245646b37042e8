// The heavy part of emitting a package runs in two worker threads: a spec's types (openapi-typescript,
// which loads TypeScript, a 9 MB module) and its two validator modules (Ajv standalone code). They are
// most of a cold generation; in one thread they run one after the other, in two, side by side, and
// this thread stays free to hand out work and write the small files. The jobs are independent (each
// one's output depends on its spec alone), so which thread runs one never changes a byte.
//
// Scheduling: the types are printed by the first thread only, so that TypeScript loads once; Ajv
// jobs go to whichever thread is idle, the largest spec first, so that the two finish together. A
// thread loads a library on its first job that needs it. The threads do not keep the process alive
// while they have nothing to do.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/** @typedef {"types" | "validators" | "responseValidators"} JobKind */
/** @typedef {{ id: number, kind: JobKind, doc: object, header: string, weight: number, resolve: (text: string) => void, reject: (error: Error) => void }} Job */

// Two threads at most: a third would load TypeScript or Ajv once more, for a share of the same work.
const THREADS = Math.max(1, Math.min(2, availableParallelism()));

/** @type {{ thread: Worker, prints: boolean, job: Job | undefined }[]} */
let workers = [];
/** @type {Job[]} */
const types = [];
/** @type {Job[]} */
const validators = [];
let nextId = 0;

/**
 * Runs one job in a thread.
 * - types: the body of src/schema.ts (schemaTypes in types.js)
 * - validators / responseValidators: src/validators.js / src/response-validators.js (validators.js),
 *   headed by `header`
 * The document is copied to the thread (structured clone): it is read, never changed.
 * @param {JobKind} kind
 * @param {Record<string, any>} doc bundled spec
 * @param {{ header?: string, weight?: number }} [options] weight: the larger, the sooner it starts
 * @returns {Promise<string>}
 */
export function inThread(kind, doc, { header = "", weight = 0 } = {}) {
  if (workers.length === 0) workers = Array.from({ length: THREADS }, (_, index) => start(index === 0));
  return new Promise((resolve, reject) => {
    const job = { id: nextId++, kind, doc, header, weight, resolve, reject };
    if (kind === "types") types.push(job);
    else {
      validators.push(job);
      validators.sort((a, b) => b.weight - a.weight || a.id - b.id);
    }
    // Handed out once the callers of this turn have queued theirs (the threads take longer than
    // that to start), so that the largest of them goes first.
    dispatchSoon ??= setImmediate(() => {
      dispatchSoon = undefined;
      dispatch();
    });
  });
}

/** @type {NodeJS.Immediate | undefined} */
let dispatchSoon;

/** Gives every idle thread its next job. */
function dispatch() {
  for (const worker of workers) {
    if (worker.job) continue;
    const job = (worker.prints && types.shift()) || validators.shift();
    if (!job) continue;
    worker.job = job;
    worker.thread.ref();
    worker.thread.postMessage({ id: job.id, kind: job.kind, doc: job.doc, header: job.header });
  }
  // Idle threads must not keep the process alive.
  for (const worker of workers) if (!worker.job) worker.thread.unref();
}

function start(prints) {
  const worker = { thread: new Worker(new URL("./thread-worker.js", import.meta.url)), prints, job: undefined };
  worker.thread.unref();
  worker.thread.on("message", ({ id, text, error }) => {
    const job = worker.job;
    if (!job || job.id !== id) return;
    worker.job = undefined;
    if (error !== undefined) job.reject(new Error(error));
    else job.resolve(text);
    dispatch();
  });
  // The thread itself failed (it could not load its modules, or ran out of memory): its job fails
  // with that error, and a new thread takes its place for the jobs still waiting.
  const fail = (error) => {
    const index = workers.indexOf(worker);
    if (index < 0) return;
    workers[index] = start(prints);
    worker.job?.reject(error);
    dispatch();
  };
  worker.thread.on("error", fail);
  worker.thread.on("exit", (code) => fail(new Error(`a generator thread exited (code ${code})`)));
  return worker;
}
