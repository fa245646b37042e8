/**
 * The provider-neutral core: it turns one provider adapter into a studio. It owns what must be the
 * same for every provider — capability guards, the common-option checks and the warnings the
 * capability data implies, job handles (splitting, serialising, merging) and waiting — so that an
 * adapter only maps options to requests and responses to outputs.
 */
import {
  canceledError,
  clientSecrets,
  mediaTypeFromUrl,
  redactValue,
  JobFailedError,
  NotFoundError,
  ProviderError,
  StudioKitError,
  systemClock,
  TimeoutError,
  ValidationError,
  waitForJob,
  type Clock,
  type CompiledValidator,
  JOB_KINDS,
  type JobKind,
  type JobState,
  type JobStatus,
  type PollSchedule,
  type WaitForJobInput,
} from "@studiokit/runtime";
import { capabilities, supports, type FacadeMethod, type ProviderCapabilities, type ProviderId } from "./capabilities.js";
import { arrayOf, isPlainObject, numberIn, objectOf, oneOf, pathId, problemsOf, required, stringValue, anyValue, type OptionTable } from "./checks.js";
import {
  callOptionTables,
  checkCallOptions,
  invalidOption,
  optionsError,
  ownProviderOptions,
  unsupportedCapability,
  Warnings,
  type ProviderOptionFields,
  type StudioLimits,
} from "./options.js";
import { checkStudioOptions, type ProviderDefinitionFacts } from "./studio-options.js";
import type {
  StudioOptions,
  Character,
  CharacterChange,
  CreateCharacterInput,
  ImageOptions,
  ImageResult,
  MediaOutput,
  RawClients,
  SettledOutcome,
  SignalOption,
  Studio,
  StudioJobHandle,
  StudioJobStatus,
  UpdateCharacterInput,
  VideoOptions,
  VideoResult,
  WaitOptions,
  Warning,
} from "./types.js";

/** What every provider request of a facade call carries: the call's signal and the studio's timeout. */
export interface RequestOptions {
  signal?: AbortSignal | undefined;
  /** The studio's `timeoutMs`, when set: it caps every request, including long synchronous generations. */
  timeoutMs?: number | undefined;
}

/** What an adapter gets with every call. */
export interface CallContext {
  readonly operation: string;
  readonly warnings: Warnings;
  readonly signal: AbortSignal | undefined;
  /** Spread into every client call: `client.POST(path, { body, ...call.request })`. */
  readonly request: RequestOptions;
  /** The caller's `webhookUrl`; an adapter whose route takes it sends it with `webhookField`. */
  readonly webhook: { readonly url: string | undefined; sent: boolean };
}

/** The provider's webhook field for the body, marking the webhook as sent (`{}` when there is none). */
export function webhookField<F extends string>(call: CallContext, field: F): { [K in F]?: string } {
  if (call.webhook.url === undefined) return {};
  call.webhook.sent = true;
  return { [field]: call.webhook.url } as { [K in F]?: string };
}

/** What an adapter's submit answers: the provider's job ids, or (synchronous providers) the outcome. */
export interface Submission {
  kind: JobKind;
  /** One id per provider request; several when a call was split (a larger `n`). */
  ids: string[];
  /** Seconds the provider expects the job to take, when it says so. */
  estimatedSeconds?: number | undefined;
  settled?: SettledOutcome | undefined;
}

/** One provider job's status, as an adapter maps it. */
export interface PartStatus {
  state: JobState;
  progress?: number | undefined;
  queuePosition?: number | undefined;
  outputs: MediaOutput[];
  error?: string | undefined;
  warnings?: Warning[] | undefined;
  raw: unknown;
}

/**
 * How the facade waits for one provider job. Polling (`waitForJob`) unless an adapter brings a
 * better channel; the input is exactly `waitForJob`'s, so a websocket channel such as the runtime's
 * `followJob` can stand in without changing the caller.
 */
export interface WaitChannel {
  wait(input: WaitForJobInput): Promise<JobStatus>;
}

export const pollingWaitChannel: WaitChannel = { wait: (input) => waitForJob(input) };

/**
 * Thrown by an adapter whose call was split into several paid requests when one of them failed
 * after others were made: `created` is what exists at the provider, so the core can hand the caller
 * a job handle of it (on the error's `partialJob`) instead of losing what was paid for.
 */
export class SplitSubmitFailure extends Error {
  constructor(
    readonly created: Submission,
    readonly failure: unknown,
    readonly planned: number,
  ) {
    super("a split submit failed part-way");
  }
}

/**
 * Sends `count` requests one after another (a split `n`). When request k > 0 fails, the ones
 * before it were made and paid for: the failure is rethrown as a SplitSubmitFailure carrying
 * `partial(done)`, the submission of what exists.
 */
export async function sendEach<T>(count: number, send: (index: number) => Promise<T>, partial: (done: T[]) => Submission): Promise<T[]> {
  const done: T[] = [];
  for (let index = 0; index < count; index++) {
    try {
      done.push(await send(index));
    } catch (error) {
      if (done.length === 0) throw error;
      throw new SplitSubmitFailure(partial(done), error, count);
    }
  }
  return done;
}

export interface ProviderAdapter<P extends ProviderId> {
  readonly provider: P;
  readonly raw: RawClients[P];
  /** The request fields `providerOptions[provider]` may name, per method group (from the spec). */
  readonly optionFields?: ProviderOptionFields | undefined;
  readonly images?: { submit(options: ImageOptions<P>, call: CallContext): Promise<Submission> };
  readonly videos?: { submit(options: VideoOptions<P>, call: CallContext): Promise<Submission> };
  readonly characters?: {
    list?(call: CallContext): Promise<Character[]>;
    create?(input: CreateCharacterInput, call: CallContext): Promise<Character>;
    update?(id: string, input: UpdateCharacterInput, call: CallContext): Promise<Character>;
    delete?(id: string, call: CallContext): Promise<void>;
  };
  readonly jobs?: {
    /** One status request for one provider job (`handle.id`). */
    poll(handle: StudioJobHandle<P>, request: RequestOptions): Promise<PartStatus>;
    /** How to wait for one provider job; polling when absent. */
    readonly waitChannel?: WaitChannel | undefined;
  };
}

export interface StudioEnvironment {
  clock?: Clock | undefined;
  pollSchedule?: Partial<PollSchedule> | undefined;
  limits?: StudioLimits | undefined;
  /** The studio's per-request timeout, when the caller set one. */
  timeoutMs?: number | undefined;
}

/** The studio options the core reads (the adapters read the rest). */
export function environmentOf(options: StudioOptions): StudioEnvironment {
  return { clock: options.clock, pollSchedule: options.pollSchedule, limits: options.limits, timeoutMs: options.timeoutMs };
}


/** A job handle, field by field: a handle is data that may come back from a file or a queue. */
const HANDLE_FIELDS: OptionTable = {
  provider: required(stringValue),
  id: required(pathId),
  kind: required(oneOf(JOB_KINDS)),
  estimatedSeconds: numberIn({ allowZero: true }),
  submittedAt: numberIn({ allowZero: true }),
  parts: arrayOf(pathId, { min: 2 }),
  settled: objectOf({
    state: required(oneOf(["succeeded", "failed"])),
    outputs: required(arrayOf(objectOf({ url: required(stringValue), mediaType: required(stringValue), id: stringValue }))),
    error: stringValue,
    warnings: required(arrayOf(objectOf({ type: required(stringValue), option: stringValue, message: required(stringValue) }))),
    raw: anyValue,
  }),
  warnings: arrayOf(objectOf({ type: required(stringValue), option: stringValue, message: required(stringValue) })),
};

/** What a call without its own timeout hands its work: no budget to keep within. */
const noBudget = (): undefined => undefined;

export function buildStudio<P extends ProviderId>(adapter: ProviderAdapter<P>, environment: StudioEnvironment = {}): Studio<P> {
  const provider = adapter.provider;
  const caps: ProviderCapabilities = capabilities[provider];
  const clock = environment.clock ?? systemClock;
  const schedule = environment.pollSchedule;
  const tables = callOptionTables(provider, environment.limits ?? {}, adapter.optionFields ?? {});
  const requestTimeoutMs = environment.timeoutMs;
  // What a provider says about a job (reasons, bodies) may echo a credential: scrub it on the way in.
  const secrets = (): readonly string[] => adapter.raw[clientSecrets]?.() ?? [];
  const scrub = <T>(value: T): T => redactValue(value, secrets());

  // What the provider supports never changes: looked up once per method, not on every call.
  const supported = new Map<FacadeMethod, boolean>();
  function implementationOf<T>(method: FacadeMethod, implementation: T | undefined): T {
    let yes = supported.get(method);
    if (yes === undefined) supported.set(method, (yes = supports(provider, method)));
    if (!yes) throw unsupportedCapability(provider, method);
    if (implementation === undefined) throw new TypeError(`studiokit: the ${provider} adapter does not implement ${method}`);
    return implementation;
  }

  /** `webhookUrl` was checked with the call's other options (options.ts). */
  function context(operation: string, signal: AbortSignal | undefined, webhookUrl?: string): CallContext {
    return {
      operation,
      warnings: new Warnings(),
      signal,
      request: { signal, timeoutMs: requestTimeoutMs },
      webhook: { url: webhookUrl, sent: false },
    };
  }

  /** After an adapter's submit: a webhook no route took is said, not dropped. */
  function reportUnsentWebhook(call: CallContext): void {
    if (call.webhook.url !== undefined && !call.webhook.sent) {
      call.warnings.unsupported("webhookUrl", `${caps.name} takes no webhook on the route this call used; it was not sent (follow the job with jobs.wait)`);
    }
  }

  /**
   * Runs one facade call within its own `timeoutMs` and `signal`: an already-aborted signal sends
   * nothing; the deadline aborts whatever request or wait is under way and ends in a TimeoutError.
   * Not async itself, so that a call without a timeout adds no promise of its own; every caller is
   * an async function, so the synchronous throw below still reaches its caller as a rejection.
   */
  function withinDeadline<T>(
    operation: string,
    options: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined },
    work: (signal: AbortSignal | undefined, remainingMs: () => number | undefined) => Promise<T>,
  ): Promise<T> {
    if (options.signal?.aborted) throw canceledError(provider, operation, options.signal);
    const timeoutMs = options.timeoutMs;
    if (timeoutMs === undefined) return work(options.signal, noBudget);
    return withinTimeout(operation, options.signal, timeoutMs, work);
  }

  async function withinTimeout<T>(
    operation: string,
    callerSignal: AbortSignal | undefined,
    timeoutMs: number,
    work: (signal: AbortSignal | undefined, remainingMs: () => number | undefined) => Promise<T>,
  ): Promise<T> {
    const started = Date.now();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new Error(`the call's timeoutMs (${timeoutMs} ms) passed`)), timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, deadline.signal]) : deadline.signal;
    // A wait handed the rest of the call's budget runs its own timer to the same end as `timer`, and
    // may fire first: its TimeoutError, carrying exactly a budget handed out here, is this deadline.
    const budgetsHandedOut = new Set<number>();
    const remainingMs = () => {
      const budget = Math.max(0, timeoutMs - (Date.now() - started));
      budgetsHandedOut.add(budget);
      return budget;
    };
    try {
      return await work(signal, remainingMs);
    } catch (error) {
      const ranOutOfBudget = error instanceof TimeoutError && error.timeoutMs !== undefined && budgetsHandedOut.has(error.timeoutMs);
      if ((deadline.signal.aborted || ranOutOfBudget) && !callerSignal?.aborted) {
        const timeout = new TimeoutError(`${caps.name} ${operation} did not finish within ${timeoutMs} ms`, { provider, operation, timeoutMs });
        if (error instanceof StudioKitError && error.partialJob !== undefined) timeout.partialJob = error.partialJob;
        throw timeout;
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The request validator names body fields (`body.detailLevel`); a field that came from
   * `providerOptions` is renamed to where the caller wrote it (`providerOptions.aliveai.detailLevel`).
   */
  function inCallerTerms(error: unknown, operation: string, providerOptions: unknown): unknown {
    if (!(error instanceof ValidationError) || !error.local) return error;
    const own = Object.keys(ownProviderOptions(provider, providerOptions as object | undefined));
    let renamed = false;
    const issues = error.issues.map((issue) => {
      const match = /^body\.([^.[]+)(.*)$/.exec(issue.path);
      if (!match || !own.includes(match[1]!)) return issue;
      renamed = true;
      return { ...issue, path: `providerOptions.${provider}.${match[1]}${match[2]}` };
    });
    if (!renamed) return error;
    return optionsError(provider, operation, issues);
  }

  /** Submits through `submit`; a split submit that failed part-way rethrows its failure with `partialJob`. */
  async function submitted(call: CallContext, send: () => Promise<Submission>, providerOptions: unknown): Promise<StudioJobHandle<P>> {
    let submission: Submission;
    try {
      submission = await send();
    } catch (error) {
      if (!(error instanceof SplitSubmitFailure)) throw inCallerTerms(error, call.operation, providerOptions);
      const made = error.created.ids.length;
      const reason = error.failure instanceof Error ? error.failure.message : String(error.failure);
      call.warnings.partialFailure(`only ${made} of ${error.planned} requests were made before one failed (${reason}); this handle holds what was made`);
      const partialJob = handleFrom(error.created, call.warnings.list);
      if (error.failure instanceof StudioKitError) {
        error.failure.partialJob = partialJob;
        throw error.failure;
      }
      throw new ProviderError(`${caps.name} ${call.operation} failed part-way: ${reason}`, { provider, operation: call.operation, cause: error.failure, secrets: secrets() });
    }
    reportUnsentWebhook(call);
    return handleFrom(submission, call.warnings.list);
  }

  function handleFrom(submission: Submission, warnings: Warning[]): StudioJobHandle<P> {
    const [id] = submission.ids;
    if (id === undefined) throw new TypeError(`studiokit: the ${provider} adapter submitted no job`);
    // Built field by field (on every submit): an absent field is left out, not set to undefined,
    // so that the handle survives JSON unchanged.
    const handle: StudioJobHandle<P> = { provider, id, kind: submission.kind, submittedAt: clock.now() };
    if (submission.estimatedSeconds !== undefined) handle.estimatedSeconds = submission.estimatedSeconds;
    if (submission.ids.length > 1) handle.parts = [...submission.ids];
    if (submission.settled) handle.settled = scrub(submission.settled);
    if (warnings.length > 0) handle.warnings = warnings;
    return handle;
  }

  // ---- images and videos -------------------------------------------------------------------

  // submitImages and submitVideo are not async themselves (one promise layer less per submit): both
  // callers are async functions, so a synchronous throw here still reaches them as a rejection.
  function submitImages(options: ImageOptions<P>, operation: FacadeMethod = "images.submit", signal = options.signal): Promise<StudioJobHandle<P>> {
    const submit = implementationOf(operation, adapter.images?.submit);
    const imageCaps = caps.images;
    if (imageCaps === false) throw unsupportedCapability(provider, operation);
    // The options were checked by images.submit or images.generate, before any deadline started.
    const call = context(operation, signal, options.webhookUrl);
    if (options.character !== undefined && !imageCaps.character) {
      throw unsupportedCapability(provider, "images with character", `${caps.name} has no characters to generate images of`);
    }
    // Options the capability data says the provider lacks are reported here, once for every adapter.
    const forwarded = { ...options };
    if (options.seed !== undefined && !imageCaps.seed) {
      call.warnings.unsupported("seed", `${caps.name} takes no seed; it was not sent`);
      delete forwarded.seed;
    }
    if (options.negativePrompt !== undefined && !imageCaps.negativePrompt) {
      call.warnings.unsupported("negativePrompt", `${caps.name} takes no negative prompt; it was not sent`);
      delete forwarded.negativePrompt;
    }
    if (options.referenceImages?.length && imageCaps.referenceImages === false) {
      call.warnings.unsupported("referenceImages", `${caps.name} takes no reference images here; they were not sent`);
      delete forwarded.referenceImages;
    }
    return submitted(call, () => submit(forwarded, call), options.providerOptions);
  }

  function submitVideo(options: VideoOptions<P>, operation: FacadeMethod = "videos.submit", signal = options.signal): Promise<StudioJobHandle<P>> {
    const submit = implementationOf(operation, adapter.videos?.submit);
    const videoCaps = caps.videos;
    if (videoCaps === false) throw unsupportedCapability(provider, operation);
    // The options were checked by videos.submit or videos.generate, before any deadline started.
    const call = context(operation, signal, options.webhookUrl);
    if (options.character !== undefined && videoCaps.character === false) {
      throw unsupportedCapability(provider, "videos with character", `${caps.name} cannot make a video of one of its characters`);
    }
    if (options.character === undefined && videoCaps.character === "required") {
      throw invalidOption(provider, operation, "character", `is required: ${caps.name} videos show one of its avatars (see characters.list())`);
    }
    const forwarded = { ...options };
    if (options.image !== undefined && videoCaps.fromImage === false) {
      call.warnings.unsupported("image", `${caps.name} cannot start a video from an image; it was not sent`);
      delete forwarded.image;
    }
    if (options.durationSeconds !== undefined && videoCaps.durationSeconds === false) {
      call.warnings.unsupported("durationSeconds", `${caps.name} does not take a duration (the length follows the script); it was not sent`);
      delete forwarded.durationSeconds;
    }
    if (options.aspectRatio !== undefined && videoCaps.aspectRatios === false) {
      call.warnings.unsupported("aspectRatio", `${caps.name} does not take an aspect ratio for videos; it was not sent`);
      delete forwarded.aspectRatio;
    }
    if (options.audio === false && videoCaps.audio === "always") {
      call.warnings.unsupported("audio", `${caps.name} videos always have sound; audio: false was not honoured`);
      delete forwarded.audio;
    }
    return submitted(call, () => submit(forwarded, call), options.providerOptions);
  }

  async function generateImages(options: ImageOptions<P>): Promise<ImageResult<P>> {
    // Checked before the deadline starts, so that a bad option is a ValidationError, never a timeout.
    checkCallOptions(provider, "images.generate", tables.images, options);
    return withinDeadline("images.generate", options, async (signal, remainingMs) => {
      const job = await submitImages(options, "images.generate", signal);
      const status = await waitFor(job, { signal, timeoutMs: remainingMs(), onProgress: options.onProgress }, "images.generate");
      return imageResult(job, status);
    });
  }

  function imageResult(job: StudioJobHandle<P>, status: StudioJobStatus<P>): ImageResult<P> {
    const images = status.outputs.filter((output) => output.mediaType.startsWith("image/"));
    if (images.length === 0) {
      throw new ProviderError(`${caps.name} job ${job.id} succeeded without an image URL`, {
        provider,
        operation: "images.generate",
        body: status.raw,
        secrets: secrets(),
      });
    }
    return { images, warnings: [...(job.warnings ?? []), ...status.warnings], job, raw: status.raw };
  }

  async function generateVideo(options: VideoOptions<P>): Promise<VideoResult<P>> {
    checkCallOptions(provider, "videos.generate", tables.videos, options);
    return withinDeadline("videos.generate", options, async (signal, remainingMs) => {
      const job = await submitVideo(options, "videos.generate", signal);
      const status = await waitFor(job, { signal, timeoutMs: remainingMs(), onProgress: options.onProgress }, "videos.generate");
      return videoResult(job, status);
    });
  }

  function videoResult(job: StudioJobHandle<P>, status: StudioJobStatus<P>): VideoResult<P> {
    const video = status.outputs.find((output) => output.mediaType.startsWith("video/"));
    if (!video) {
      throw new ProviderError(`${caps.name} job ${job.id} succeeded without a video URL`, {
        provider,
        operation: "videos.generate",
        body: status.raw,
        secrets: secrets(),
      });
    }
    return { video, warnings: [...(job.warnings ?? []), ...status.warnings], job, raw: status.raw };
  }

  // ---- jobs ---------------------------------------------------------------------------------

  /** A handle is checked as a whole, before anything is sent: every field, and parts against id. */
  function checkHandle(handle: unknown, operation: string): asserts handle is StudioJobHandle<P> {
    if (!isPlainObject(handle)) {
      throw invalidOption(provider, operation, "handle", "must be a job handle from submit (an object with provider, id and kind)");
    }
    const problems = problemsOf(HANDLE_FIELDS, handle, "handle");
    if (problems.length > 0) throw optionsError(provider, operation, problems);
    const candidate = handle as unknown as StudioJobHandle;
    if (candidate.provider !== provider) {
      throw invalidOption(
        provider,
        operation,
        "handle.provider",
        `is "${candidate.provider}", but this studio is for "${provider}"; use a studio of that provider`,
      );
    }
    if (candidate.parts !== undefined && candidate.parts[0] !== candidate.id) {
      throw invalidOption(provider, operation, "handle.parts", `must start with the handle's id "${candidate.id}" (as submit makes it)`);
    }
  }

  function settledStatus(handle: StudioJobHandle<P>, settled: SettledOutcome): StudioJobStatus<P> {
    return {
      handle,
      state: settled.state,
      progress: 1,
      outputs: settled.outputs,
      error: settled.error,
      warnings: settled.warnings,
      raw: settled.raw,
    };
  }

  async function pollPart(handle: StudioJobHandle<P>, id: string, signal: AbortSignal | undefined): Promise<StudioJobStatus<P>> {
    const poll = implementationOf("jobs.status", adapter.jobs?.poll);
    const part: StudioJobHandle<P> = { ...handle, id, parts: undefined, warnings: undefined };
    const status = scrub(await poll(part, { signal, timeoutMs: requestTimeoutMs }));
    return { ...status, handle: part, warnings: status.warnings ?? [] };
  }

  async function status(handle: StudioJobHandle<P>, options: SignalOption = {}): Promise<StudioJobStatus<P>> {
    implementationOf("jobs.status", adapter.jobs);
    checkHandle(handle, "jobs.status");
    checkCallOptions(provider, "jobs.status", tables.plain, options);
    if (handle.settled) return settledStatus(handle, handle.settled);
    return withinDeadline("jobs.status", options, async (signal) => {
      const ids = handle.parts ?? [handle.id];
      const parts = await Promise.all(ids.map((id) => pollPart(handle, id, signal)));
      return mergeStatuses(handle, parts);
    });
  }

  async function wait(handle: StudioJobHandle<P>, options: WaitOptions<P> = {}): Promise<StudioJobStatus<P>> {
    implementationOf("jobs.wait", adapter.jobs);
    checkHandle(handle, "jobs.wait");
    checkCallOptions(provider, "jobs.wait", tables.wait, options);
    if (options.signal?.aborted) throw canceledError(provider, "jobs.wait", options.signal);
    return waitFor(handle, options, "jobs.wait");
  }

  async function waitFor(handle: StudioJobHandle<P>, options: WaitOptions<P>, operation: string): Promise<StudioJobStatus<P>> {
    const jobs = implementationOf("jobs.wait", adapter.jobs);
    if (handle.settled) {
      const settled = settledStatus(handle, handle.settled);
      options.onProgress?.(settled);
      if (settled.state === "failed") {
        throw new JobFailedError(`${caps.name} job ${handle.id} failed${settled.error ? `: ${settled.error}` : ""}`, {
          provider,
          operation,
          jobId: handle.id,
          reason: settled.error,
          body: settled.raw,
          secrets: secrets(),
        });
      }
      return settled;
    }
    const channel = jobs.waitChannel ?? pollingWaitChannel;
    const ids = handle.parts ?? [handle.id];
    const waitOne = (id: string, signal: AbortSignal | undefined, onProgress: ((status: StudioJobStatus<P>) => void) | undefined) =>
      channel.wait({
        handle: { ...handle, id },
        // A single job reports under the caller's handle; a part under its own.
        poll: (pollSignal) => pollPart(handle, id, pollSignal).then((part) => (ids.length === 1 ? { ...part, handle } : part)),
        signal,
        timeoutMs: options.timeoutMs,
        onProgress: onProgress as ((status: JobStatus) => void) | undefined,
        clock,
        schedule,
        secrets,
      }).then((final) => {
        // A socket channel's final status carries no warnings list; every part's result has one, so that a merge has no holes.
        const status = final as StudioJobStatus<P>;
        return { ...status, warnings: status.warnings ?? [] };
      });

    if (ids.length === 1) {
      const final = await waitOne(handle.id, options.signal, options.onProgress);
      return { ...final, handle };
    }

    // A split job: wait for every part at once; the first failure stops the others.
    const stopOthers = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stopOthers.signal]) : stopOthers.signal;
    const latest = new Map<string, StudioJobStatus<P>>();
    const report = () => {
      const known = ids.map((id) => latest.get(id) ?? queuedPart(handle, id));
      options.onProgress?.(mergeStatuses(handle, known));
    };
    const finals = await Promise.all(
      ids.map((id) =>
        waitOne(id, signal, (partStatus) => {
          latest.set(id, partStatus);
          report();
        }).catch((error: unknown) => {
          stopOthers.abort();
          throw error;
        }),
      ),
    );
    return mergeStatuses(handle, finals);
  }

  // ---- characters ---------------------------------------------------------------------------

  function checkCharacterId(id: unknown, operation: string): asserts id is string {
    const problem = pathId(id === undefined ? "" : id);
    if (typeof problem === "string") throw invalidOption(provider, operation, "id", `${problem}: pass a character id (see characters.list())`);
  }

  async function listCharacters(options: SignalOption = {}, operation = "characters.list"): Promise<Character[]> {
    const list = implementationOf("characters.list", adapter.characters?.list);
    checkCallOptions(provider, operation, tables.plain, options);
    return withinDeadline(operation, options, (signal) => list(context(operation, signal)));
  }

  async function getCharacter(id: string, options: SignalOption = {}): Promise<Character> {
    implementationOf("characters.get", adapter.characters?.list);
    checkCharacterId(id, "characters.get");
    const all = await listCharacters(options, "characters.get");
    const found = all.find((character) => character.id === id);
    if (!found) {
      throw new NotFoundError(`${caps.name} has no character "${id}" (characters.list() shows ${all.length})`, {
        provider,
        operation: "characters.get",
        status: 404,
      });
    }
    return found;
  }

  async function createCharacter(input: CreateCharacterInput): Promise<CharacterChange> {
    const create = implementationOf("characters.create", adapter.characters?.create);
    checkCallOptions(provider, "characters.create", tables.characterCreate, input, "input");
    return withinDeadline("characters.create", input, async (signal) => {
      const call = context("characters.create", signal);
      const character = await create(input, call).catch((error: unknown) => {
        throw inCallerTerms(error, "characters.create", input.providerOptions);
      });
      return { ...character, warnings: call.warnings.list };
    });
  }

  async function updateCharacter(id: string, input: UpdateCharacterInput): Promise<CharacterChange> {
    const update = implementationOf("characters.update", adapter.characters?.update);
    checkCharacterId(id, "characters.update");
    checkCallOptions(provider, "characters.update", tables.characterUpdate, input, "input");
    return withinDeadline("characters.update", input, async (signal) => {
      const call = context("characters.update", signal);
      const character = await update(id, input, call).catch((error: unknown) => {
        throw inCallerTerms(error, "characters.update", input.providerOptions);
      });
      return { ...character, warnings: call.warnings.list };
    });
  }

  async function deleteCharacter(id: string, options: SignalOption = {}): Promise<void> {
    const remove = implementationOf("characters.delete", adapter.characters?.delete);
    checkCharacterId(id, "characters.delete");
    checkCallOptions(provider, "characters.delete", tables.plain, options);
    await withinDeadline("characters.delete", options, (signal) => remove(id, context("characters.delete", signal)));
  }

  const submitWithin =
    <O extends ImageOptions<P> | VideoOptions<P>>(operation: "images.submit" | "videos.submit", table: OptionTable, submit: (options: O, operation: FacadeMethod, signal: AbortSignal | undefined) => Promise<StudioJobHandle<P>>) =>
    // async, so that a refused option rejects the returned promise instead of throwing synchronously.
    async (options: O) => {
      checkCallOptions(provider, operation, table, options);
      // `return await` settles in fewer microtask turns than returning the promise itself.
      return await withinDeadline(operation, options, (signal) => submit(options, operation, signal));
    };

  const studio = {
    provider,
    capabilities: capabilities[provider],
    raw: adapter.raw,
    images: { generate: generateImages, submit: submitWithin("images.submit", tables.images, submitImages) },
    videos: { generate: generateVideo, submit: submitWithin("videos.submit", tables.videos, submitVideo) },
    characters: { list: (options?: SignalOption) => listCharacters(options), get: getCharacter, create: createCharacter, update: updateCharacter, delete: deleteCharacter },
    jobs: { status, wait },
  };
  return studio as unknown as Studio<P>;
}

function queuedPart<P extends ProviderId>(handle: StudioJobHandle<P>, id: string): StudioJobStatus<P> {
  return { handle: { ...handle, id }, state: "queued", outputs: [], warnings: [], raw: undefined };
}

/** One status for a job split into parts: failed if any failed, succeeded when all did. */
export function mergeStatuses<P extends ProviderId>(handle: StudioJobHandle<P>, parts: StudioJobStatus<P>[]): StudioJobStatus<P> {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only) return { ...only, handle };
  const states = parts.map((part) => part.state);
  const state: JobState = states.includes("failed")
    ? "failed"
    : states.includes("canceled")
      ? "canceled"
      : states.every((s) => s === "succeeded")
        ? "succeeded"
        : states.some((s) => s === "running" || s === "succeeded")
          ? "running"
          : "queued";
  const progresses = parts.map((part) => (part.state === "succeeded" ? 1 : part.progress));
  const progress = progresses.every((value) => value !== undefined)
    ? progresses.reduce<number>((sum, value) => sum + (value ?? 0), 0) / parts.length
    : undefined;
  const positions = parts.flatMap((part) => (part.queuePosition !== undefined ? [part.queuePosition] : []));
  return {
    handle,
    state,
    progress,
    queuePosition: positions.length > 0 ? Math.min(...positions) : undefined,
    outputs: parts.flatMap((part) => part.outputs),
    error: parts.find((part) => part.error)?.error,
    warnings: parts.flatMap((part) => part.warnings),
    raw: parts.map((part) => part.raw),
  };
}

// ---- helpers the adapters share ------------------------------------------------------------

/**
 * The generated client's options out of the studio's: every option checked first (where every
 * adapter starts, so that nothing is sent and no client is made on a bad one), then the
 * facade-only fields removed.
 */
export function clientOptionsFrom<P extends ProviderId>(options: StudioOptions<P>, definition: ProviderDefinitionFacts) {
  checkStudioOptions(options.provider, options, definition);
  const {
    provider: _provider,
    pollSchedule: _pollSchedule,
    region: _region,
    authScheme: _authScheme,
    login: _login,
    limits: _limits,
    ...client
  } = options;
  return client;
}

/** A provider package's response validators, as `loadResponseValidators()` gives them. */
export interface ResponseValidatorModule {
  responseValidators: Readonly<Record<string, CompiledValidator>>;
  messageValidators: Readonly<Record<string, CompiledValidator>>;
}

/**
 * Reads provider bodies only after checking them against the spec's schema: every body the facade
 * reads, and every websocket message, goes through here. A body that does not match is a
 * ProviderError that says where it differs and carries the body (redacted), never a TypeError
 * from inside an adapter or a silently empty result. The validators are loaded on first use (their
 * own chunk), so a studio that never reads a response never loads them.
 */
export function bodyReader<M extends ResponseValidatorModule>(provider: ProviderId, load: () => Promise<M>, secrets: () => readonly string[]) {
  let loading: Promise<M> | undefined;
  // Once loaded, the module is read directly: every later call validates without awaiting it again.
  let loaded: M | undefined;
  const validators = async () => (loaded ??= await (loading ??= load()));
  // The route is typed by the provider's own map, so a route without a response schema does not compile.
  // Callers await the answer; once the validators are loaded, a body that matches is answered
  // without a promise of its own (this runs on every call the facade reads).
  return function read<T>(route: keyof M["responseValidators"] & string, body: T, operation: string): T | Promise<T> {
    if (loaded) {
      const validate = loaded.responseValidators[route];
      if (validate?.(body)) return body;
    }
    return readSlowly(route, body, operation);
  };

  async function readSlowly<T>(route: keyof M["responseValidators"] & string, body: T, operation: string): Promise<T> {
    const validate = (await validators()).responseValidators[route];
    if (!validate) throw new TypeError(`studiokit: no response schema for ${provider} ${route}`);
    if (validate(body)) return body;
    // Only a mismatch needs the issue wording: loaded then, not with the studio.
    const { issuesFrom } = await import("@studiokit/runtime/validation");
    const issues = issuesFrom("body", validate.errors)
      .slice(0, 3)
      .map((issue) => `${issue.path} ${issue.message}`)
      .join("; ");
    throw new ProviderError(`${capabilities[provider].name} ${route} answered a body that does not match its spec (${issues}); it was not read`, {
      provider,
      operation,
      status: 200,
      body,
      secrets: secrets(),
    });
  }
}

/** Like the reader, for fields the facade needs that the spec leaves optional. */
export function missingField(provider: ProviderId, route: string, operation: string, what: string, body: unknown, secrets: readonly string[]): ProviderError {
  return new ProviderError(`${capabilities[provider].name} ${route} answered without ${what}; it was not read`, { provider, operation, status: 200, body, secrets });
}

/** The value the facade sends for a content-safety field, read from the capability data (one source for code and README). */
export function safetyDefault(provider: ProviderId, field: string): string | boolean {
  const entry = (capabilities[provider].contentSafety as ProviderCapabilities["contentSafety"]).find((item) => item.field === field);
  if (!entry) throw new TypeError(`studiokit: no content-safety default for ${provider} ${field}`);
  return entry.value;
}

/** A media type for an output URL: from a data URI's header, the file extension, or the fallback. */
export function mediaTypeOf(url: string, fallback: string): string {
  const dataUri = /^data:([^;,]+)[;,]/i.exec(url);
  if (dataUri?.[1]) return dataUri[1].toLowerCase();
  return mediaTypeFromUrl(url, fallback);
}
