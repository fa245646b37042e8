// The heavy part of emitting a package is a spec's types (openapi-typescript, which loads TypeScript,
// a 9 MB module) and its two validator modules (Ajv standalone code). They run side by side: the
// types in a worker thread of their own, the validators in this thread. The jobs are independent
// (each one's output depends on its spec alone), so where one runs never changes a byte.
//
// Why this split, measured on the 2-core machine the bench runs on: the types (TypeScript's load,
// then printing) and the validators take about as long as each other, so two threads are enough to
// keep both cores busy. Each library loads in one thread only, once: a thread that took work of the
// other kind paid for loading that library again (Ajv in the types thread was about 0.1 s for a job
// of a few tens of milliseconds). And the validators need no second worker: this thread sat idle
// while two workers ran, and a worker costs its start-up (about 50 ms before it runs anything) and
// a copy of each spec sent to it.
//
// The worker starts loading TypeScript as soon as it starts (startThreads), so a caller that starts
// it before reading its specs overlaps the two. It does not keep the process alive while it has
// nothing to do.
import v8 from "node:v8";
import { Worker } from "node:worker_threads";

/** @typedef {"types" | "validators" | "responseValidators"} JobKind */
/** @typedef {{ id: number, kind: JobKind, doc: object, header: string, resolve: (text: string) => void, reject: (error: Error) => void }} Job */

/** @type {{ thread: Worker, job: Job | undefined } | undefined} */
let typesThread;
/** @type {Job[]} the types thread's queue */
const types = [];
/** @type {Job[]} this thread's queue */
const here = [];
let runningHere = false;
let nextId = 0;

// V8 optimises hot functions with TurboFan, on background threads of its own (Node's pool has four).
// A generation is a burst of about a second through code that runs only then (TypeScript's printer,
// Ajv's code generator). Measured with per-thread CPU times on the bench's 2-core machine, TurboFan's
// compiles were about a third of the process's CPU time: they took the two cores from the
// generator's own threads, and the optimised code barely ran before the process ended. So once a
// generation starts, code is optimised up to Maglev at most (V8's fast optimising tier; Node 20
// leaves it off, so there code stays in the baseline tier), never by TurboFan: the same work in
// about 30% less CPU time and 20% less wall time. The flag is process-wide and stays set (a
// process that generates does nothing else of weight); V8 reads it whenever it decides to optimise
// a function, so setting it at run time takes effect from then on. It is set before the types
// thread starts, which costs that thread about 50 ms of start-up (a thread started under changed
// flags compiles Node's internal modules instead of taking them from Node's code cache); setting
// it from the types thread once started measured slower overall, as this thread's first validators
// then ran with TurboFan.
let tiersCapped = false;
function capTiers() {
  if (tiersCapped) return;
  tiersCapped = true;
  v8.setFlagsFromString("--max-opt=2");
}

/** Starts the types thread (it begins loading TypeScript at once), unless it is running. */
export function startThreads() {
  capTiers();
  typesThread ??= start();
}

/**
 * Runs one job: the types in the types thread, the validators in this one.
 * - types: the body of src/schema.ts (schemaTypes in types.js); the document is copied to the
 *   thread (structured clone)
 * - validators / responseValidators: src/validators.js / src/response-validators.js (validators.js),
 *   headed by `header`; one job per turn of the event loop, in the order asked, so that the types
 *   thread's answers and the caller's own work go on in between
 * The document is read, never changed.
 * @param {JobKind} kind
 * @param {Record<string, any>} doc bundled spec
 * @param {{ header?: string }} [options]
 * @returns {Promise<string>}
 */
export function inThread(kind, doc, { header = "" } = {}) {
  return new Promise((resolve, reject) => {
    const job = { id: nextId++, kind, doc, header, resolve, reject };
    if (kind === "types") {
      startThreads();
      types.push(job);
      dispatch();
    } else {
      capTiers();
      here.push(job);
      runHere();
    }
  });
}

/** Gives the types thread its next job when it is idle. */
function dispatch() {
  const worker = typesThread;
  if (!worker || worker.job) return;
  const job = types.shift();
  if (!job) {
    // An idle thread must not keep the process alive.
    worker.thread.unref();
    return;
  }
  worker.job = job;
  worker.thread.ref();
  worker.thread.postMessage({ id: job.id, doc: job.doc });
}

/** Runs this thread's next validator job, in a turn of the event loop of its own. */
function runHere() {
  if (runningHere || here.length === 0) return;
  runningHere = true;
  setImmediate(async () => {
    const job = /** @type {Job} */ (here.shift());
    try {
      job.resolve(await validatorModule(job.kind, job.doc, job.header));
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
    }
    runningHere = false;
    runHere();
  });
}

// Ajv loads on the first validator job (validators.js requires it on first use).
async function validatorModule(kind, doc, header) {
  const [{ collectOperations }, { emitValidatorsModule, emitResponseValidatorsModule }] = await Promise.all([import("./operations.js"), import("./validators.js")]);
  const operations = collectOperations(doc);
  if (kind === "validators") return emitValidatorsModule(doc, operations, header);
  if (kind === "responseValidators") return emitResponseValidatorsModule(doc, operations, header);
  throw new Error(`unknown job ${kind}`);
}

function start() {
  const worker = { thread: new Worker(new URL("./thread-worker.js", import.meta.url)), job: /** @type {Job | undefined} */ (undefined) };
  worker.thread.unref();
  worker.thread.on("message", ({ id, text, error }) => {
    const job = worker.job;
    if (!job || job.id !== id) return;
    worker.job = undefined;
    if (error !== undefined) job.reject(new Error(error));
    else job.resolve(text);
    dispatch();
  });
  // The thread itself failed (it ran out of memory, or crashed): its job fails with that error,
  // and a new thread takes its place for the jobs still waiting.
  const fail = (error) => {
    if (typesThread !== worker) return;
    typesThread = types.length > 0 ? start() : undefined;
    worker.job?.reject(error);
    dispatch();
  };
  worker.thread.on("error", fail);
  worker.thread.on("exit", (code) => fail(new Error(`the generator's types thread exited (code ${code})`)));
  return worker;
}
