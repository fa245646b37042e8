/**
 * The provider-neutral core: it turns one provider adapter into a studio. It owns what must be the
 * same for every provider — capability guards, the common-option checks and the warnings the
 * capability data implies, job handles (splitting, serialising, merging) and waiting — so that an
 * adapter only maps options to requests and responses to outputs.
 */
import {
  clientSecrets,
  mediaTypeFromUrl,
  redactValue,
  JobFailedError,
  NotFoundError,
  ProviderError,
  systemClock,
  waitForJob,
  type Clock,
  type JobKind,
  type JobState,
  type JobStatus,
  type PollSchedule,
  type WaitForJobInput,
} from "@studiokit/runtime";
import { capabilities, supports, type FacadeMethod, type ProviderCapabilities, type ProviderId } from "./capabilities.js";
import { checkImageOptions, checkVideoOptions, invalidOption, isBytes, unsupportedCapability, Warnings } from "./options.js";
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

/** What an adapter gets with every call. */
export interface CallContext {
  readonly operation: string;
  readonly warnings: Warnings;
  readonly signal: AbortSignal | undefined;
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

export interface ProviderAdapter<P extends ProviderId> {
  readonly provider: P;
  readonly raw: RawClients[P];
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
    poll(handle: StudioJobHandle<P>, signal: AbortSignal | undefined): Promise<PartStatus>;
    /** How to wait for one provider job; polling when absent. */
    readonly waitChannel?: WaitChannel | undefined;
  };
}

export interface StudioEnvironment {
  clock?: Clock | undefined;
  pollSchedule?: Partial<PollSchedule> | undefined;
}

export function buildStudio<P extends ProviderId>(adapter: ProviderAdapter<P>, environment: StudioEnvironment = {}): Studio<P> {
  const provider = adapter.provider;
  const caps: ProviderCapabilities = capabilities[provider];
  const clock = environment.clock ?? systemClock;
  const schedule = environment.pollSchedule;
  // What a provider says about a job (reasons, bodies) may echo a credential: scrub it on the way in.
  const secrets = (): readonly string[] => adapter.raw[clientSecrets]?.() ?? [];
  const scrub = <T>(value: T): T => redactValue(value, secrets());

  function implementationOf<T>(method: FacadeMethod, implementation: T | undefined): T {
    if (!supports(provider, method)) throw unsupportedCapability(provider, method);
    if (implementation === undefined) throw new TypeError(`studiokit: the ${provider} adapter does not implement ${method}`);
    return implementation;
  }

  function context(operation: string, signal: AbortSignal | undefined): CallContext {
    return { operation, warnings: new Warnings(), signal };
  }

  function handleFrom(submission: Submission, warnings: Warning[]): StudioJobHandle<P> {
    const [id] = submission.ids;
    if (id === undefined) throw new TypeError(`studiokit: the ${provider} adapter submitted no job`);
    return {
      provider,
      id,
      kind: submission.kind,
      submittedAt: clock.now(),
      ...(submission.estimatedSeconds !== undefined ? { estimatedSeconds: submission.estimatedSeconds } : {}),
      ...(submission.ids.length > 1 ? { parts: [...submission.ids] } : {}),
      ...(submission.settled ? { settled: scrub(submission.settled) } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  // ---- images and videos -------------------------------------------------------------------

  async function submitImages(options: ImageOptions<P>, operation: FacadeMethod = "images.submit"): Promise<StudioJobHandle<P>> {
    const submit = implementationOf(operation, adapter.images?.submit);
    const imageCaps = caps.images;
    if (imageCaps === false) throw unsupportedCapability(provider, operation);
    checkImageOptions(provider, operation, options);
    const call = context(operation, options.signal);
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
    const submission = await submit(forwarded, call);
    return handleFrom(submission, call.warnings.list);
  }

  async function submitVideo(options: VideoOptions<P>, operation: FacadeMethod = "videos.submit"): Promise<StudioJobHandle<P>> {
    const submit = implementationOf(operation, adapter.videos?.submit);
    const videoCaps = caps.videos;
    if (videoCaps === false) throw unsupportedCapability(provider, operation);
    checkVideoOptions(provider, operation, options);
    const call = context(operation, options.signal);
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
    const submission = await submit(forwarded, call);
    return handleFrom(submission, call.warnings.list);
  }

  async function generateImages(options: ImageOptions<P>): Promise<ImageResult<P>> {
    const job = await submitImages(options, "images.generate");
    const status = await wait(job, { signal: options.signal, onProgress: options.onProgress });
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
    const job = await submitVideo(options, "videos.generate");
    const status = await wait(job, { signal: options.signal, onProgress: options.onProgress });
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

  function checkHandle(handle: unknown, operation: string): asserts handle is StudioJobHandle<P> {
    const candidate = handle as Partial<StudioJobHandle> | null;
    if (!candidate || typeof candidate !== "object" || typeof candidate.id !== "string" || typeof candidate.provider !== "string") {
      throw invalidOption(provider, operation, "handle", "must be a job handle from submit (an object with provider, id and kind)");
    }
    if (candidate.provider !== provider) {
      throw invalidOption(
        provider,
        operation,
        "handle.provider",
        `is "${candidate.provider}", but this studio is for "${provider}"; use a studio of that provider`,
      );
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
    const status = scrub(await poll(part, signal));
    return { ...status, handle: part, warnings: status.warnings ?? [] };
  }

  async function status(handle: StudioJobHandle<P>, options: SignalOption = {}): Promise<StudioJobStatus<P>> {
    implementationOf("jobs.status", adapter.jobs);
    checkHandle(handle, "jobs.status");
    if (handle.settled) return settledStatus(handle, handle.settled);
    const ids = handle.parts ?? [handle.id];
    const parts = await Promise.all(ids.map((id) => pollPart(handle, id, options.signal)));
    return mergeStatuses(handle, parts);
  }

  async function wait(handle: StudioJobHandle<P>, options: WaitOptions<P> = {}): Promise<StudioJobStatus<P>> {
    const jobs = implementationOf("jobs.wait", adapter.jobs);
    checkHandle(handle, "jobs.wait");
    if (handle.settled) {
      const settled = settledStatus(handle, handle.settled);
      options.onProgress?.(settled);
      if (settled.state === "failed") {
        throw new JobFailedError(`${caps.name} job ${handle.id} failed${settled.error ? `: ${settled.error}` : ""}`, {
          provider,
          operation: "jobs.wait",
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
      }) as Promise<StudioJobStatus<P>>;

    if (ids.length === 1) {
      // A socket channel's final status carries no warnings list; the result always has one.
      const final = await waitOne(handle.id, options.signal, options.onProgress);
      return { ...final, warnings: final.warnings ?? [], handle };
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

  async function listCharacters(options: SignalOption = {}): Promise<Character[]> {
    const list = implementationOf("characters.list", adapter.characters?.list);
    return list(context("characters.list", options.signal));
  }

  async function getCharacter(id: string, options: SignalOption = {}): Promise<Character> {
    implementationOf("characters.get", adapter.characters?.list);
    if (typeof id !== "string" || id === "") throw invalidOption(provider, "characters.get", "id", "must be a character id");
    const all = await listCharacters(options);
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
    checkCharacterInput(input, "characters.create", true);
    const call = context("characters.create", input.signal);
    const character = await create(input, call);
    return { ...character, warnings: call.warnings.list };
  }

  async function updateCharacter(id: string, input: UpdateCharacterInput): Promise<CharacterChange> {
    const update = implementationOf("characters.update", adapter.characters?.update);
    if (typeof id !== "string" || id === "") throw invalidOption(provider, "characters.update", "id", "must be a character id");
    checkCharacterInput(input, "characters.update", false);
    const call = context("characters.update", input.signal);
    const character = await update(id, input, call);
    return { ...character, warnings: call.warnings.list };
  }

  async function deleteCharacter(id: string, options: SignalOption = {}): Promise<void> {
    const remove = implementationOf("characters.delete", adapter.characters?.delete);
    if (typeof id !== "string" || id === "") throw invalidOption(provider, "characters.delete", "id", "must be a character id");
    await remove(id, context("characters.delete", options.signal));
  }

  function checkCharacterInput(input: CreateCharacterInput | UpdateCharacterInput, operation: string, imagesRequired: boolean): void {
    if (!input || typeof input !== "object") throw invalidOption(provider, operation, "input", "must be an object");
    if (input.name !== undefined && typeof input.name !== "string") throw invalidOption(provider, operation, "name", "must be a string");
    if (input.images === undefined && imagesRequired) throw invalidOption(provider, operation, "images", "is required");
    if (input.images !== undefined) {
      if (!Array.isArray(input.images)) throw invalidOption(provider, operation, "images", "must be an array");
      input.images.forEach((image, index) => {
        if (typeof image !== "string" && !isBytes(image)) throw invalidOption(provider, operation, `images[${index}]`, "must be a URL or bytes");
      });
    }
    if (input.traits !== undefined && (typeof input.traits !== "object" || input.traits === null || Array.isArray(input.traits))) {
      throw invalidOption(provider, operation, "traits", "must be an object");
    }
  }

  const studio = {
    provider,
    capabilities: capabilities[provider],
    raw: adapter.raw,
    images: { generate: generateImages, submit: (options: ImageOptions<P>) => submitImages(options) },
    videos: { generate: generateVideo, submit: (options: VideoOptions<P>) => submitVideo(options) },
    characters: { list: listCharacters, get: getCharacter, create: createCharacter, update: updateCharacter, delete: deleteCharacter },
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

/** The generated client's options out of the studio's: the facade-only fields removed. */
export function clientOptionsFrom<P extends ProviderId>(options: StudioOptions<P>) {
  // Checked here, where every adapter starts, so that a missing key fails before anything is sent.
  const hasKey = typeof options.apiKey === "string" && options.apiKey.trim() !== "";
  if (!hasKey && !options.login) {
    throw new TypeError(`studiokit: apiKey is required for ${options.provider}${options.provider === "aliveai" ? " (or login: { email, password })" : ""}`);
  }
  const { provider: _provider, pollSchedule: _pollSchedule, region: _region, authScheme: _authScheme, login: _login, ...client } = options;
  return client;
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
