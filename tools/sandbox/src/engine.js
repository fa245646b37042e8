// The one generic engine behind every provider of the sandbox. It knows no provider: what a job is,
// which operation creates it and which reads it, where its id, state, progress and outputs go in an
// answer, which operations keep records, what a call costs — all of it is read from the provider's
// spec (`x-studiokit-job`, `x-studiokit-resource`, `x-studiokit-credits`; see specs/CONVENTIONS.md).
import { randomUUID } from "node:crypto";
import { MEDIA } from "./media.js";
import { apply, getPointer } from "./render.js";
import { exampleOf, firstDeclared, responseExample } from "./spec.js";

const ENDED = new Set(["succeeded", "failed"]);
/** Share of a job's time spent queued before it starts running. */
const QUEUED_SHARE = 0.2;
const MAX_OUTPUTS = 16;

/** A new id shaped like the example's (a UUID for a UUID, hex for hex, the same length and letters). */
export function idLike(example) {
  const sample = typeof example === "string" && example.length > 0 ? example : "sandbox_0000000000";
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sample)) return randomUUID();
  const hex = /^[0-9a-f]+$/.test(sample);
  const pick = (chars) => chars[Math.floor(Math.random() * chars.length)];
  return [...sample]
    .map((char) => {
      if (hex) return pick("0123456789abcdef");
      if (/[0-9]/.test(char)) return pick("0123456789");
      if (/[a-z]/.test(char)) return pick("abcdefghijklmnopqrstuvwxyz");
      if (/[A-Z]/.test(char)) return pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
      return char;
    })
    .join("");
}

/** The pointer a `respond` map writes `name` to (e.g. where the new id goes). */
const pointerOf = (respond, name) => Object.entries(respond ?? {}).find(([, expression]) => expression === name)?.[0];

/**
 * @param {{ provider: string, described: any, clock: ReturnType<import('./clock.js').createClock>, jobSeconds?: number,
 *   useEstimates?: boolean, fileUrl: (path: string) => string }} options
 */
export function createEngine({ provider, described, clock, jobSeconds = 3, useEstimates = false, fileUrl }) {
  const { doc } = described;
  const account = doc["x-studiokit-credits"] ?? {};
  const state = { jobs: new Map(), collections: new Map(), credits: account.balance ?? null, sequence: 0 };
  const jobListeners = new Set();
  let changeListener = () => {};

  // Seed the collections with the records the list examples show, so a new sandbox looks lived in.
  function seed() {
    state.collections.clear();
    for (const op of described.operations) {
      const resource = op.resource;
      if (!resource || resource.action !== "list") continue;
      const items = getPointer(responseExample(described, op, 200).body, resource.items ?? "") ?? [];
      const records = collection(resource.collection);
      for (const item of Array.isArray(items) ? items : []) {
        const id = getPointer(item, resource.id ?? "/id");
        if (id !== undefined && !records.has(String(id))) records.set(String(id), { id: String(id), fields: structuredClone(item) });
      }
    }
  }
  const collection = (name) => {
    if (!state.collections.has(name)) state.collections.set(name, new Map());
    return state.collections.get(name);
  };
  seed();

  // ---- jobs ----------------------------------------------------------------------------------------

  function createJob(op, body, { fail = false, failReason, params = {} } = {}) {
    const job = op.job;
    const requested = Number(getPointer(body, job.count) ?? 1);
    const count = Math.max(1, Math.min(MAX_OUTPUTS, Number.isFinite(requested) ? Math.floor(requested) : 1));
    const example = responseExample(described, op, 200).body;
    // A job may continue a record the request names (an export of an existing project keeps its id):
    // `idFrom` is a body pointer (`/projectId`) or a path parameter (`key`).
    const named = job.idFrom ? (job.idFrom.startsWith("/") ? getPointer(body, job.idFrom) : params[job.idFrom]) : undefined;
    const id = named ? String(named) : idLike(getPointer(example, pointerOf(job.respond, "id")));
    const previous = state.jobs.get(id);
    const estimate = Number(getPointer(example, pointerOf(job.respond, "seconds")) ?? 0);
    const durationMs = (useEstimates && estimate > 0 ? estimate : jobSeconds) * 1000;
    const kind = job.output ?? "image";
    const record = {
      id,
      operation: op.id,
      kind,
      count,
      createdAt: clock.now(),
      durationMs,
      sequence: state.sequence++,
      fail,
      failReason: failReason ?? "the sandbox was asked to fail this job",
      cost: costOf(op, count),
      request: { ...(previous?.request ?? {}), ...(body && typeof body === "object" ? body : {}) },
      webhook: job.webhook ? { url: getPointer(body, job.webhook.url), send: job.webhook.send } : undefined,
      notified: undefined,
      canceled: false,
    };
    state.jobs.set(id, record);
    lastSeen.delete(id); // a continued job moves again
    changeListener();
    return record;
  }

  /** Where a job stands now on the sandbox clock. */
  function phaseOf(record) {
    if (record.canceled) return { phase: "failed", progress: 0 };
    const elapsed = clock.now() - record.createdAt;
    const queuedMs = record.durationMs * QUEUED_SHARE;
    if (elapsed < queuedMs) return { phase: "queued", progress: 0 };
    if (elapsed < record.durationMs) return { phase: "running", progress: (elapsed - queuedMs) / (record.durationMs - queuedMs) };
    return { phase: record.fail ? "failed" : "succeeded", progress: record.fail ? 0 : 1 };
  }

  function queuePositionOf(record) {
    let ahead = 0;
    for (const other of state.jobs.values()) {
      if (other.sequence < record.sequence && phaseOf(other).phase === "queued") ahead++;
    }
    return phaseOf(record).phase === "queued" ? ahead + 1 : 0;
  }

  /** Everything a `respond` map can name about a job. */
  function jobScope(record, states = {}, itemStates = states) {
    const { phase, progress } = phaseOf(record);
    const media = MEDIA[record.kind] ?? MEDIA.image;
    // While a job runs its items finish one by one (a job of one item finishes only at the end).
    const finishedItems = phase === "succeeded" ? record.count : phase === "running" ? Math.floor(progress * record.count) : 0;
    const items = Array.from({ length: record.count }, (_, index) => {
      const itemPhase = index < finishedItems ? "succeeded" : phase;
      return {
        id: `${record.id}_${index + 1}`,
        index,
        kind: record.kind,
        mediaType: media.type,
        url: itemPhase === "succeeded" ? fileUrl(`${record.id}-${index + 1}.${media.extension}`) : null,
        state: itemStates[itemPhase] ?? itemPhase,
        error: itemPhase === "failed" ? record.failReason : undefined,
        refunded: itemPhase === "failed" ? record.cost / record.count : undefined,
        created: isoAt(record.createdAt),
        updated: isoAt(Math.min(clock.now(), record.createdAt + record.durationMs)),
      };
    });
    const outputs = items.filter((item) => item.url);
    const remainingMs = Math.max(0, record.createdAt + record.durationMs - clock.now());
    return {
      id: record.id,
      phase,
      state: states[phase] ?? phase,
      progress,
      percent: Math.round(progress * 100),
      seconds: Math.ceil(remainingMs / 1000),
      count: record.count,
      done: finishedItems,
      failed: phase === "failed" ? record.count : 0,
      cost: record.cost,
      charged: phase === "failed" ? 0 : record.cost,
      kind: record.kind,
      isVideo: record.kind === "video",
      complete: ENDED.has(phase),
      succeeded: phase === "succeeded",
      errored: phase === "failed",
      ok: phase !== "failed",
      error: phase === "failed" ? record.failReason : undefined,
      queuePosition: queuePositionOf(record),
      created: isoAt(record.createdAt),
      updated: isoAt(Math.min(clock.now(), record.createdAt + record.durationMs)),
      items,
      outputs,
      output: outputs[0],
      first: items[0],
      balance: state.credits,
      request: record.request,
    };
  }

  const startedAt = Date.now();
  const isoAt = (clockMs) => new Date(startedAt + clockMs).toISOString();

  /** The job's answer as the operation `opOrId` (or a `webhooks/<name>` payload) gives it. */
  function renderJob(record, target) {
    const { template, declaration } = templateOf(target);
    return apply(template, declaration.respond, jobScope(record, declaration.states, declaration.itemStates));
  }

  function templateOf(target) {
    if (typeof target === "string" && target.startsWith("webhooks/")) {
      const hook = doc.webhooks?.[target.slice("webhooks/".length)]?.post;
      if (!hook) throw new Error(`${provider}: no webhook ${target}`);
      const [, media] = Object.entries(hook.requestBody?.content ?? {})[0] ?? [];
      return { template: exampleOf(doc, media) ?? {}, declaration: hook["x-studiokit-job"] ?? {}, schemaPointer: `#/webhooks/${target.slice(9)}/post/requestBody/content/application~1json/schema` };
    }
    const op = typeof target === "string" ? described.byId.get(target) : target;
    if (!op) throw new Error(`${provider}: no operation ${target}`);
    return { template: responseExample(described, op, 200).body ?? {}, declaration: op.job ?? {} };
  }

  /** Calls `listener(record, scope)` whenever a job changes phase or progress (read by the ticker). */
  function onJobChange(listener) {
    jobListeners.add(listener);
    return () => jobListeners.delete(listener);
  }

  const lastSeen = new Map();
  /** Looks at every job once; tells listeners of those that moved. Run by a timer and on clock changes. */
  function tick() {
    for (const record of state.jobs.values()) {
      if (lastSeen.get(record.id) === "ended") continue;
      const { phase, progress } = phaseOf(record);
      const key = `${phase}:${Math.round(progress * 100)}`;
      if (lastSeen.get(record.id) === key) continue;
      lastSeen.set(record.id, ENDED.has(phase) ? "ended" : key);
      for (const listener of jobListeners) listener(record, phase);
    }
  }

  // ---- credits -------------------------------------------------------------------------------------

  function costOf(op, count = 1) {
    const credits = op.credits;
    if (!credits) return 0;
    return (credits.cost ?? 0) + (credits.perOutput ?? 0) * count;
  }

  /** The status to answer when `op` would cost more than is left, or undefined when it is affordable. */
  function shortOfCredits(op, count = 1) {
    const cost = costOf(op, count);
    if (cost === 0 || state.credits === null) return undefined;
    return state.credits < cost ? account.exhausted ?? 402 : undefined;
  }

  function spend(amount) {
    if (state.credits !== null && amount > 0) {
      state.credits = Math.max(0, state.credits - amount);
      changeListener();
    }
  }

  // ---- resources -----------------------------------------------------------------------------------

  /** A record rendered into an example: the example's fields, with the record's where they have the same name. */
  function renderRecord(template, record, idPointer) {
    const result = structuredClone(template ?? {});
    if (result && typeof result === "object" && !Array.isArray(result)) {
      for (const key of Object.keys(result)) if (key in record.fields) result[key] = structuredClone(record.fields[key]);
    }
    return idPointer ? apply(result, { [idPointer]: "id" }, { id: record.id }) : result;
  }

  function recordScope(records, record) {
    return { count: records.size, balance: state.credits, id: record?.id, url: record ? fileUrl(`${record.id}-upload.png`) : undefined };
  }

  /**
   * Answers a resource operation, or returns `{ status: 404 }` when the record does not exist.
   * @returns {{ status: number, body?: unknown }}
   */
  function handleResource(op, params, body) {
    const resource = op.resource;
    const records = collection(resource.collection);
    const paramName = resource.param ?? op.pathNames[0];
    const example = responseExample(described, op, firstDeclared(op, [200, 201]) ?? 200).body;
    switch (resource.action) {
      case "list": {
        const template = getPointer(example, resource.items ?? "");
        const element = Array.isArray(template) ? template[0] ?? {} : {};
        const list = [...records.values()].map((record) => renderRecord(element, record, resource.id ?? "/id"));
        const document = resource.items ? apply(example, { [resource.items]: { value: list } }, {}) : list;
        return { status: 200, body: apply(document, resource.respond, recordScope(records)) };
      }
      case "create": {
        const existing = example && typeof example === "object" ? example : {};
        const id = idLike(getPointer(existing, resource.id ?? "/id"));
        const request = body && typeof body === "object" ? body : {};
        // `fields` derives record fields the request names differently (e.g. the first of `image_urls` as `face_image`).
        const record = { id, fields: apply({ ...request }, resource.fields, { request, id, created: isoAt(clock.now()) }) };
        records.set(id, record);
        changeListener();
        return { status: firstDeclared(op, [200, 201]) ?? 200, body: apply(renderRecord(example, record, resource.id ?? "/id"), resource.respond, recordScope(records, record)) };
      }
      case "get":
      case "update":
      case "delete": {
        const record = records.get(String(params[paramName]));
        if (!record) return { status: 404 };
        if (resource.action === "update") {
          Object.assign(record.fields, body ?? {});
          changeListener();
        }
        if (resource.action === "delete") {
          records.delete(record.id);
          changeListener();
          const status = firstDeclared(op, [200, 204]);
          return { status, body: status === 204 ? undefined : apply(example, resource.respond, recordScope(records, record)) };
        }
        return { status: 200, body: apply(renderRecord(example, record, resource.id ?? "/id"), resource.respond, recordScope(records, record)) };
      }
      default:
        throw new Error(`${provider} ${op.id}: unknown x-studiokit-resource action ${resource.action}`);
    }
  }

  // ---- persistence ---------------------------------------------------------------------------------

  function snapshot() {
    return {
      credits: state.credits,
      sequence: state.sequence,
      clockMs: clock.now(),
      jobs: [...state.jobs.values()],
      collections: Object.fromEntries([...state.collections].map(([name, records]) => [name, [...records.values()]])),
    };
  }

  function restore(saved) {
    state.credits = saved.credits ?? state.credits;
    state.sequence = saved.sequence ?? 0;
    state.jobs = new Map((saved.jobs ?? []).map((job) => [job.id, job]));
    state.collections = new Map(Object.entries(saved.collections ?? {}).map(([name, records]) => [name, new Map(records.map((record) => [record.id, record]))]));
    for (const job of state.jobs.values()) if (ENDED.has(phaseOf(job).phase)) lastSeen.set(job.id, "ended");
  }

  function reset() {
    state.jobs.clear();
    state.credits = account.balance ?? null;
    state.sequence = 0;
    lastSeen.clear();
    seed();
    changeListener();
  }

  return {
    provider,
    described,
    state,
    createJob,
    phaseOf,
    jobScope,
    renderJob,
    templateOf,
    onJobChange,
    tick,
    costOf,
    shortOfCredits,
    spend,
    handleResource,
    snapshot,
    restore,
    reset,
    allJobs: () => [...state.jobs.values()].sort((a, b) => b.sequence - a.sequence),
    /** Active (not ended) jobs in creation order. */
    activeJobs: () => [...state.jobs.values()].filter((job) => !ENDED.has(phaseOf(job).phase)).sort((a, b) => a.sequence - b.sequence),
    onStateChange(listener) {
      changeListener = listener;
    },
    setCredits(balance) {
      state.credits = balance;
      changeListener();
    },
  };
}
