/**
 * AliveAI through the common API.
 *
 * - images: `POST /prompts` (the prompt is the character's `appearance`; `name` and `detailLevel`
 *   are required by AliveAI, see the defaults below); with `character` (a profile id),
 *   `POST /prompts/character-image`. One prompt makes one image, so `n` is made with n requests
 *   (seeds seed, seed+1, … when a seed is given). AliveAI's aspect ratio is an orientation:
 *   `1:1` is SQUARE, taller ratios PORTRAIT, wider ones LANDSCAPE (a warning says so).
 * - videos: `POST /prompts/image-to-video`, which animates an AliveAI media id. An `image` given
 *   as bytes or as a URL is uploaded first (`POST /upload`); an image from `images.generate`
 *   (which carries its media id) or `providerOptions.aliveai.mediaId` is used as is.
 *   `durationSeconds` becomes SHORT (about 5 s) or MEDIUM (about 10 s); `audio: true` picks the
 *   AUDIO video model.
 * - characters: `GET /profiles` (the account's own profiles, every page).
 * - jobs: a prompt has no status field; it is done when `GET /prompts/{promptId}` lists medias.
 *   While it is not, `GET /prompts/pending` gives its queue position and progress; a prompt out of
 *   the queue without medias for `PROMPT_LEFT_QUEUE_GRACE_MS` has failed (REST gives no reason). Waiting follows
 *   the prompt websocket (`wss://…/ws/prompts/{promptId}`: progress, queue position, the medias on
 *   completion, an error message on failure) and falls back to that polling when the socket cannot
 *   open, drops or goes quiet.
 * - content safety: `blockExplicitContent: true` on `/prompts`; `improveBreasts` and
 *   `improveVagina` false on `/prompts/character-image`. `providerOptions.aliveai` overrides them.
 */
import { aliveAIDefinition, createAliveAIClient, createCharacterImage_fields, createImageToVideo_fields, createPrompt_fields, loadResponseValidators, type components } from "@studiokit/aliveai";
import { clientSecrets, systemClock, type CompiledValidator, type JobHandle, type JobStatus } from "@studiokit/runtime";
import { capabilities } from "../capabilities.js";
import { invalidOption, isBytes, ownProviderOptions, parseAspectRatio, toBlob } from "../options.js";
import {
  bodyReader,
  clientOptionsFrom,
  mediaTypeOf,
  safetyDefault,
  sendEach,
  type CallContext,
  type PartStatus,
  type ProviderAdapter,
  type RequestOptions,
  type Submission,
  type WaitChannel,
} from "../studio.js";
import type { Character, ImageOptions, MediaOutput, StudioOptions, VideoOptions, VideoProviderOptions } from "../types.js";

type Schemas = components["schemas"];

const provider = "aliveai";
const caps = capabilities[provider];

/** `POST /prompts` needs a character name (it shapes the face); this neutral one is sent unless `providerOptions.aliveai.name` is given. */
const DEFAULT_NAME = "Untitled";
/** `detailLevel` is required; MEDIUM is the cheaper of the two. */
const DEFAULT_DETAIL_LEVEL: Schemas["DetailLevel"] = "MEDIUM";
/** `characterType` is required by `/prompts/character-image`; used when the profile cannot be found to read its own. */
const FALLBACK_CHARACTER_TYPE: Schemas["CharacterType"] = "ZIMAGE";
/** Prompt limits of the three routes, checked here so that the error names `prompt`. */
const MAX_PROMPT = { appearance: 1500, characterImage: 1000, video: 1500 } as const;
/**
 * How long a prompt may be out of AliveAI's queue without medias before polling calls it failed:
 * REST reports no failure, and a prompt may leave the queue a moment before its medias show.
 */
export const PROMPT_LEFT_QUEUE_GRACE_MS = 30_000;
const MAX_TRACKED_PROMPTS = 10_000;
/** How many pages of profiles are read to find one (20 profiles per page is typical). */
const MAX_PROFILE_PAGES = 50;

const BLOCK_EXPLICIT_CONTENT = safetyDefault(provider, "blockExplicitContent") as boolean;
const IMPROVE_BREASTS = safetyDefault(provider, "improveBreasts") as boolean;
const IMPROVE_VAGINA = safetyDefault(provider, "improveVagina") as boolean;

export interface AliveAIAdapterInternals {
  /**
   * How a prompt is waited for (tests pass their own). See the seam in `createAliveAIAdapter`.
   */
  waitChannel?: WaitChannel | undefined;
}

export function createAliveAIAdapter(options: StudioOptions<"aliveai">, internals: AliveAIAdapterInternals = {}): ProviderAdapter<"aliveai"> {
  const { apiKey, ...settings } = clientOptionsFrom(options, aliveAIDefinition);
  const client = options.login
    ? createAliveAIClient({ ...settings, email: options.login.email, password: options.login.password })
    : createAliveAIClient({ ...settings, apiKey: apiKey ?? "", authScheme: options.authScheme });
  const read = bodyReader(provider, loadResponseValidators, () => client[clientSecrets]());
  const download = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  // Waiting follows the prompt's websocket (`x-studiokit-websockets.prompts`, authenticated like REST)
  // for live progress and queue position; `followJob` falls back to polling (`poll` below) when the
  // socket cannot open (browsers cannot send the auth header), drops, or goes quiet.
  const socketWaitChannel: WaitChannel = {
    wait: async (input) => {
      // The message schema is checked synchronously in the socket's listener, so it is loaded first.
      // followJob (and the socket code behind it) is its own chunk: a studio that never waits on
      // AliveAI never loads it.
      const [{ messageValidators }, { followJob }] = await Promise.all([loadResponseValidators(), import("@studiokit/runtime/socket")]);
      return followJob({
        ...input,
        channel: {
          open: (signal) => client.openSocket("prompts", { promptId: input.handle.id }, { signal }),
          interpret: (message) => interpretPromptProgress(input.handle, message, messageValidators.prompts),
        },
      });
    },
  };
  const waitChannel = internals.waitChannel ?? socketWaitChannel;
  const clock = options.clock ?? systemClock;
  // When each prompt was first seen out of the queue without medias (see `poll`); bounded, oldest
  // first out, so that abandoned handles cannot grow it.
  const leftQueueAt = new Map<string, number>();
  const rememberLeftQueue = (id: string, at: number) => {
    if (leftQueueAt.size >= MAX_TRACKED_PROMPTS) leftQueueAt.delete(leftQueueAt.keys().next().value!);
    leftQueueAt.set(id, at);
  };

  function checkPromptLength(operation: string, prompt: string, max: number, route: string): void {
    if (prompt.length > max) {
      throw invalidOption(provider, operation, "prompt", `is ${prompt.length} characters; ${route} takes at most ${max}`);
    }
  }

  /** AliveAI's aspect ratio is an orientation; the nearest one is sent, with a warning unless it is exact. */
  function orientationOf(ratio: string, call: CallContext): Schemas["AspectRatio"] {
    const { width, height } = parseAspectRatio(provider, call.operation, ratio);
    const orientation = width === height ? "SQUARE" : width < height ? "PORTRAIT" : "LANDSCAPE";
    if (orientation !== "SQUARE") {
      call.warnings.adjusted("aspectRatio", `AliveAI offers only square, portrait and landscape; ${ratio} was sent as ${orientation}`);
    }
    return orientation;
  }

  async function* ownProfiles(request: RequestOptions, operation: string) {
    for (let page = 0; page < MAX_PROFILE_PAGES; page++) {
      const { data } = await client.GET("/profiles", { params: { query: { page, public: false } }, ...request });
      yield* (await read("GET /profiles", data, operation)).profiles;
      if (!data.hasNextPage) return;
    }
  }

  /** The profile's own base model, which `/prompts/character-image` must be told. */
  async function characterTypeOf(profileId: string, call: CallContext): Promise<Schemas["CharacterType"]> {
    for await (const profile of ownProfiles(call.request, call.operation)) {
      if (profile.id !== profileId) continue;
      if (profile.characterType === "ZIMAGE" || profile.characterType === "FLUX") return profile.characterType;
      break;
    }
    call.warnings.adjusted(
      "character",
      `could not read the base model of profile ${profileId} from your profiles; sent characterType ${FALLBACK_CHARACTER_TYPE} (set providerOptions.aliveai.characterType to choose)`,
    );
    return FALLBACK_CHARACTER_TYPE;
  }

  async function submitImages(options: ImageOptions<"aliveai">, call: CallContext): Promise<Submission> {
    const total = options.n ?? 1;
    const aspect = options.aspectRatio ? orientationOf(options.aspectRatio, call) : undefined;
    const seedFor = (index: number) => (options.seed !== undefined ? { seed: String(options.seed + index) } : {});
    // One prompt per image: what was made is a job of its own even when a later request fails.
    const made = (ids: string[]): Submission => ({ kind: "image", ids });

    if (options.character) {
      const own = ownProviderOptions<Schemas["CreateCharacterImageRequest"]>(provider, options.providerOptions);
      checkPromptLength(call.operation, options.prompt, MAX_PROMPT.characterImage, "/prompts/character-image");
      if (options.negativePrompt !== undefined) {
        call.warnings.unsupported("negativePrompt", "/prompts/character-image takes no negative prompt; it was not sent");
      }
      const characterType = own.characterType ?? (await characterTypeOf(options.character, call));
      const character = options.character;
      const ids = await sendEach(total, async (index) => {
        const body: Schemas["CreateCharacterImageRequest"] = {
          prompt: options.prompt,
          profileId: character,
          aspectRatio: aspect ?? "DEFAULT",
          highResolution: false,
          characterType,
          improveFace: true,
          improveBreasts: IMPROVE_BREASTS,
          improveVagina: IMPROVE_VAGINA,
          ...seedFor(index),
          ...own,
        };
        const { data } = await client.POST("/prompts/character-image", { body, ...call.request });
        return (await read("POST /prompts/character-image", data, call.operation)).promptId;
      }, made);
      return made(ids);
    }

    const own = ownProviderOptions<Schemas["CreatePromptRequest"]>(provider, options.providerOptions);
    checkPromptLength(call.operation, options.prompt, MAX_PROMPT.appearance, "/prompts (appearance)");
    const ids = await sendEach(total, async (index) => {
      const body: Schemas["CreatePromptRequest"] = {
        name: DEFAULT_NAME,
        appearance: options.prompt,
        detailLevel: DEFAULT_DETAIL_LEVEL,
        ...(options.negativePrompt !== undefined ? { negativeDetails: options.negativePrompt } : {}),
        ...(aspect ? { aspectRatio: aspect } : {}),
        blockExplicitContent: BLOCK_EXPLICIT_CONTENT,
        ...seedFor(index),
        ...own,
      };
      const { data } = await client.POST("/prompts", { body, ...call.request });
      return (await read("POST /prompts", data, call.operation)).promptId;
    }, made);
    return made(ids);
  }

  async function upload(bytes: Blob | Uint8Array, call: CallContext): Promise<string> {
    const { data } = await client.POST("/upload", { body: { name: "image", image: toBlob(bytes) }, ...call.request });
    return (await read("POST /upload", data, call.operation)).mediaId;
  }

  /** An external image URL is fetched and uploaded: image-to-video only takes AliveAI media ids. */
  async function uploadFromUrl(url: string, call: CallContext): Promise<string> {
    let response: Response;
    try {
      response = await download(new Request(url, call.signal ? { signal: call.signal } : {}));
    } catch (error) {
      throw invalidOption(provider, call.operation, "image", `could not be downloaded for upload to AliveAI (${(error as Error).message})`);
    }
    if (!response.ok) {
      throw invalidOption(provider, call.operation, "image", `could not be downloaded for upload to AliveAI (HTTP ${response.status})`);
    }
    const type = response.headers.get("content-type") ?? "application/octet-stream";
    return upload(new Blob([await response.arrayBuffer()], { type }), call);
  }

  async function submitVideo(options: VideoOptions<"aliveai">, call: CallContext): Promise<Submission> {
    const own = ownProviderOptions<VideoProviderOptions["aliveai"]>(provider, options.providerOptions);
    checkPromptLength(call.operation, options.prompt, MAX_PROMPT.video, "/prompts/image-to-video");

    let source: { mediaId: string; customImage?: boolean };
    const image = options.image;
    if (own.mediaId) source = { mediaId: own.mediaId };
    else if (image === undefined) {
      throw invalidOption(
        provider,
        call.operation,
        "image",
        "is required: AliveAI makes videos from an image (image-to-video); pass image, or providerOptions.aliveai.mediaId",
      );
    } else if (isBytes(image)) source = { mediaId: await upload(image, call), customImage: true };
    else if (typeof image === "string") source = { mediaId: await uploadFromUrl(image, call), customImage: true };
    else if ((image as MediaOutput).id) source = { mediaId: (image as MediaOutput).id as string };
    else source = { mediaId: await uploadFromUrl((image as MediaOutput).url, call), customImage: true };

    let videoLength: Schemas["VideoLength"] | undefined;
    if (options.durationSeconds !== undefined) {
      const [short, medium] = caps.videos.durationSeconds;
      videoLength = options.durationSeconds <= (short + medium) / 2 ? "SHORT" : "MEDIUM";
      const seconds = videoLength === "SHORT" ? short : medium;
      if (options.durationSeconds !== seconds) {
        call.warnings.adjusted(
          "durationSeconds",
          `AliveAI makes SHORT (about ${short} s) or MEDIUM (about ${medium} s) videos; ${options.durationSeconds} s was sent as ${videoLength}`,
        );
      }
    }
    let videoModel: Schemas["VideoModel"] = options.audio ? "AUDIO" : "DEFAULT";
    if (own.videoModel) {
      if (options.audio && own.videoModel !== "AUDIO") {
        call.warnings.unsupported("audio", `audio: true asks for the AUDIO video model, but providerOptions.aliveai.videoModel ${own.videoModel} was sent`);
      }
      videoModel = own.videoModel;
    }
    const body: Schemas["ImageToVideoRequest"] = {
      ...source,
      text: options.prompt,
      ...(videoLength ? { videoLength } : {}),
      ...own,
      videoModel,
    };
    const { data } = await client.POST("/prompts/image-to-video", { body, ...call.request });
    return { kind: "video", ids: [(await read("POST /prompts/image-to-video", data, call.operation)).promptId] };
  }

  async function poll(handle: { id: string }, request: RequestOptions): Promise<PartStatus> {
    // AliveAI declares no 404 here (400, 401, 403): an unknown or deleted prompt is the provider's
    // 400, thrown as its ValidationError with the body.
    const answer = await client.GET("/prompts/{promptId}", { params: { path: { promptId: handle.id } }, ...request });
    const prompt = await read("GET /prompts/{promptId}", answer.data, "jobs.status");
    if (prompt.medias.length > 0) {
      leftQueueAt.delete(handle.id);
      const outputs = prompt.medias.map((media) => ({
        url: media.mediaUrl,
        mediaType: mediaTypeOf(media.mediaUrl, media.mediaType === "VIDEO" ? "video/mp4" : "image/png"),
        id: media.id,
      }));
      return { state: "succeeded", progress: 1, outputs, raw: prompt };
    }
    // No status field: the queue tells where the prompt stands.
    const { data } = await client.GET("/prompts/pending", { ...request });
    const pending = (await read("GET /prompts/pending", data, "jobs.status"));
    const entry = pending.queue.find((element) => element.promptId === handle.id);
    if (entry) leftQueueAt.delete(handle.id);
    else {
      // Neither queued nor finished: REST has no failure field (only the prompt websocket says
      // `isError`), so a prompt that stays out of the queue without medias has failed. The grace
      // covers a prompt between leaving the queue and its medias showing.
      const now = clock.now();
      const since = leftQueueAt.get(handle.id);
      if (since === undefined) rememberLeftQueue(handle.id, now);
      else if (now - since >= PROMPT_LEFT_QUEUE_GRACE_MS) {
        leftQueueAt.delete(handle.id);
        return {
          state: "failed",
          outputs: [],
          error: `the prompt left AliveAI's queue without medias and none appeared within ${PROMPT_LEFT_QUEUE_GRACE_MS / 1000} s (AliveAI gives the reason only on the prompt websocket)`,
          raw: prompt,
        };
      }
    }
    return {
      state: entry && (entry.queuePosition ?? 0) > 0 ? "queued" : "running",
      progress: entry ? Math.min(1, Math.max(0, entry.progress / 100)) : undefined,
      queuePosition: entry?.queuePosition,
      outputs: [],
      raw: prompt,
    };
  }

  async function listCharacters(call: CallContext): Promise<Character[]> {
    const characters: Character[] = [];
    for await (const profile of ownProfiles(call.request, call.operation)) {
      if (!profile.id) continue;
      characters.push({
        id: profile.id,
        name: profile.name,
        images: profile.avatar ? [profile.avatar.mediaUrl] : [],
        traits: profile.characterType ? { characterType: profile.characterType } : undefined,
        ready: profile.characterProfile,
        raw: profile,
      });
    }
    return characters;
  }

  return {
    provider,
    raw: client,
    optionFields: {
      images: [...new Set([...createPrompt_fields, ...createCharacterImage_fields])],
      videos: createImageToVideo_fields,
    },
    images: { submit: submitImages },
    videos: { submit: submitVideo },
    characters: { list: listCharacters },
    jobs: { poll, waitChannel },
  };
}

/**
 * One message of the prompt websocket (PromptProgressResponse) as a job status. Every message is
 * checked against its schema before it is read: one that does not match (say `medias: [null]`) says
 * nothing reliable about the job and is skipped — the wait goes on, and polling still sees the
 * result — so that no message can throw inside the socket's listener. The prompt is done when its
 * medias arrive; `isError` fails it with the provider's error type and message; system notices and
 * messages about other prompts say nothing about this job.
 */
export function interpretPromptProgress(handle: JobHandle, message: unknown, isPromptProgress: CompiledValidator): JobStatus | undefined {
  if (!isPromptProgress(message)) return undefined;
  const update = message as Schemas["PromptProgressResponse"];
  if (update.promptId !== handle.id || update.isSystem) return undefined;
  const progress = Math.min(1, Math.max(0, update.progress / 100));
  if (update.isError) {
    const reason = [update.errorType, update.message].filter(Boolean).join(": ") || "the prompt failed";
    return { handle, state: "failed", progress, outputs: [], error: reason, raw: message };
  }
  const medias = update.promptContainer?.medias ?? [];
  if (update.isComplete && medias.length > 0) {
    const outputs = medias.map((media) => ({
      url: media.mediaUrl,
      mediaType: mediaTypeOf(media.mediaUrl, media.mediaType === "VIDEO" ? "video/mp4" : "image/png"),
      id: media.id,
    }));
    return { handle, state: "succeeded", progress: 1, outputs, raw: message };
  }
  const queuePosition = update.queuePosition;
  return { handle, state: queuePosition > 0 ? "queued" : "running", progress, queuePosition, outputs: [], raw: message };
}
