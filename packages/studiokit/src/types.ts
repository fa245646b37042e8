/**
 * The facade's public types. Everything provider-specific is derived from two places: the
 * capability data (`capabilities.ts`), which decides which methods and options a literal provider
 * gets, and the generated provider packages, whose request types type `providerOptions` and whose
 * clients type `raw`. This file imports no provider package: each provider's types come in through
 * `ProviderTypes`, which `provider-types/<id>.ts` fills in, so that an entry point for one provider
 * (`studiokit/aliveai`) makes the compiler read that provider's declarations only.
 */
import type { Clock, FetchLike, JobHandle, JobState, PollSchedule, RateLimit, RetryPolicy } from "@studiokit/runtime";
import type { AspectRatio, Capabilities, CharacterCapabilities, ProviderId } from "./capabilities.js";
import type { StudioLimits } from "./options.js";

export type { AspectRatio, ProviderId } from "./capabilities.js";

// ---------------------------------------------------------------------------------------------
// What the facade's types take from each generated package

/** One provider's part of the facade's types (see `ProviderTypes`). */
export interface ProviderTypeEntry {
  /** The generated client (`studio.raw`). */
  client: unknown;
  /** The spec's component schemas (`components["schemas"]`), which type `providerOptions`. */
  schemas: Record<string, any>;
  /** The client's `authScheme` names; never where there is one way to send the key. */
  authScheme: string;
  /** The client's `region` names; never where there is one server. */
  region: string;
}

/**
 * Each provider's types, keyed by provider id. Empty here and filled in by module augmentation in
 * `provider-types/<id>.ts`, which each entry point loads for the providers it serves.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ProviderTypes {}

/** A provider's entry, or a stand-in when its types are not loaded (an entry point for another provider). */
type TypesOf<P extends ProviderId> = P extends keyof ProviderTypes
  ? ProviderTypes[P] extends ProviderTypeEntry
    ? ProviderTypes[P]
    : never
  : { client: never; schemas: Record<string, any>; authScheme: never; region: never };

// ---------------------------------------------------------------------------------------------
// Raw clients and client options

/** Each provider's generated client: `studio.raw`. */
export type RawClients = { [P in ProviderId]: TypesOf<P>["client"] };

type AuthSchemes = { [P in ProviderId]: TypesOf<P>["authScheme"] };

/** AliveAI also takes a member's email and password: the client logs in and keeps the token. */
export interface AliveAILogin {
  email: string;
  password: string;
}

/**
 * How the studio authenticates: an API key everywhere; AliveAI alternatively `login` (never both).
 * Neither the key nor the password is ever printed, logged or put in an error.
 */
export type StudioCredentials<P extends ProviderId> = P extends "aliveai"
  ? { apiKey: string; login?: undefined } | { apiKey?: undefined; login: AliveAILogin }
  : { apiKey: string; login?: undefined };

export type StudioOptions<P extends ProviderId = ProviderId> = StudioSettings<P> & StudioCredentials<P>;

export interface StudioSettings<P extends ProviderId = ProviderId> {
  provider: P;
  /** Overrides the provider's server, e.g. the local sandbox `http://127.0.0.1:4010` (plain http for this machine only; other servers need https). */
  baseUrl?: string | undefined;
  fetch?: FetchLike | undefined;
  /** Retries after the first attempt (default 2); credit-spending requests retry only when safe. */
  maxRetries?: number | undefined;
  /**
   * Per-request timeout in milliseconds. Default: the provider's (AI Media Studio's synchronous
   * generations allow 600 s); when set, it caps every request the studio makes, generations too.
   */
  timeoutMs?: number | undefined;
  /** A response body larger than this is refused with a ProviderError (default 64 MiB). */
  maxResponseBytes?: number | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Check request bodies against the provider's spec before sending (default true). */
  validate?: boolean | undefined;
  /** Stay under a provider's rate limit on the client side. */
  rateLimit?: RateLimit | undefined;
  /** Which of the provider's auth schemes the key is sent with (AI Media Studio and AliveAI have two). */
  authScheme?: AuthSchemes[P] | undefined;
  /** AI Studios only: the global or the China service. */
  region?: (P extends "aistudios" ? TypesOf<"aistudios">["region"] : never) | undefined;
  /** How often jobs are polled; the provider's estimate seeds it. */
  pollSchedule?: Partial<PollSchedule> | undefined;
  /** Advanced: a clock for retries and job waits (tests and simulations). */
  clock?: Clock | undefined;
  /** Advanced: retry tuning. */
  retry?: Partial<Omit<RetryPolicy, "maxRetries">> | undefined;
  random?: (() => number) | undefined;
  /** Bounds checked before anything is sent: the largest `n` of one call, the longest text field. */
  limits?: StudioLimits | undefined;
}

/** Options of a per-provider entry point (`studiokit/aliveai`): `provider` is implied. */
export type ProviderStudioOptions<P extends ProviderId> = Omit<StudioSettings<P>, "provider"> & { provider?: P } & StudioCredentials<P>;

// ---------------------------------------------------------------------------------------------
// Warnings, outputs, jobs

export interface Warning {
  /**
   * - `unsupported-option`: the provider cannot honour a common option; it was not sent.
   * - `adjusted-option`: the option was sent in the nearest form the provider takes.
   * - `partial-failure`: some outputs of the job failed; the others are returned.
   */
  type: "unsupported-option" | "adjusted-option" | "partial-failure";
  /** The common option concerned, e.g. `seed` or `aspectRatio`. */
  option?: string | undefined;
  message: string;
}

/** An image given to the facade: a URL, or bytes that are uploaded where the provider needs it. */
export type ImageInput = string | Blob | Uint8Array;

/** One produced file. */
export interface MediaOutput {
  url: string;
  mediaType: string;
  /** The provider's id of the media, where it has one (AliveAI uses it to animate the image). */
  id?: string | undefined;
}

/** The outcome of a job whose provider answered synchronously, carried in the handle itself. */
export interface SettledOutcome {
  state: "succeeded" | "failed";
  outputs: MediaOutput[];
  error?: string | undefined;
  warnings: Warning[];
  /** The provider's response body (several when the call was split). */
  raw: unknown;
}

/**
 * A plain, serialisable reference to a job: it survives `JSON.stringify` and a process restart, so
 * `studio.jobs.status(JSON.parse(text))` works on a new studio of the same provider.
 */
export interface StudioJobHandle<P extends ProviderId = ProviderId> extends JobHandle {
  provider: P;
  /** When one call was split into several provider jobs (a larger `n`), all their ids; `id` is the first. */
  parts?: string[] | undefined;
  /** Synchronous providers (AI Media Studio): the finished outcome, so that `status` needs no request. */
  settled?: SettledOutcome | undefined;
  /** What the facade could not honour when it submitted the job. */
  warnings?: Warning[] | undefined;
}

export interface StudioJobStatus<P extends ProviderId = ProviderId> {
  handle: StudioJobHandle<P>;
  state: JobState;
  /** 0..1 where the provider reports progress. */
  progress?: number | undefined;
  /** Position in the provider's queue, where it reports one. */
  queuePosition?: number | undefined;
  outputs: MediaOutput[];
  /** The provider's reason when the job failed. */
  error?: string | undefined;
  /** Partial failures the provider reported for a job that still produced something. */
  warnings: Warning[];
  /** The provider's own status body (an array when the job was split into several). */
  raw: unknown;
}

export interface WaitOptions<P extends ProviderId = ProviderId> {
  /** Ends the wait with a CanceledError; an already-aborted signal sends nothing. */
  signal?: AbortSignal | undefined;
  /** Give up after this long (default 30 minutes) with a TimeoutError. */
  timeoutMs?: number | undefined;
  onProgress?: ((status: StudioJobStatus<P>) => void) | undefined;
}

// ---------------------------------------------------------------------------------------------
// Provider-specific options: each provider's own request fields, merged over what the facade derived

type IS = TypesOf<"influencer-studio">["schemas"];
type AIMS = TypesOf<"ai-media-studio">["schemas"];
type Alive = TypesOf<"aliveai">["schemas"];
type AIS = TypesOf<"aistudios">["schemas"];
type SP = TypesOf<"supapost">["schemas"];

/**
 * `providerOptions[provider]` of images: the provider's request fields, sent as given and over
 * anything the facade derived (this is also how a content-safety default is switched off).
 */
export interface ImageProviderOptions {
  /**
   * Fields of `/images/generate`, or the scene inputs of `/influencers/generate` (`outfit_image`,
   * `location_image`, `reference_pose_image`, `product_image`, `camera_style`), which select that route.
   */
  "influencer-studio": Partial<Omit<IS["GenerateImagesRequest"], "prompt" | "settings">> &
    Partial<Omit<IS["GenerateInfluencerImagesRequest"], "influencer_id" | "prompt" | "settings">> & {
      /** Merged with the `aspect_ratio` the facade derives. */
      settings?: Partial<NonNullable<IS["GenerateImagesRequest"]["settings"]>>;
    };
  /** Fields of `POST /images/generate`, e.g. `model`, `size`, `quality`, `safety_tolerance`. */
  "ai-media-studio": Partial<Omit<AIMS["ImageGenerateRequest"], "prompt">>;
  /** Fields of `POST /prompts` (e.g. `name`, `detailLevel`, `model`), or of `/prompts/character-image` with `character`. */
  aliveai:
    | Partial<Omit<Alive["CreatePromptRequest"], "appearance">>
    | Partial<Omit<Alive["CreateCharacterImageRequest"], "prompt" | "profileId">>;
}

export interface VideoProviderOptions {
  /** Fields of `/videos/generate` (e.g. `model`), or of `/influencers/video` with `character` (e.g. `dialog`, `product_image`). */
  "influencer-studio": Partial<Omit<IS["GenerateVideoRequest"], "prompt" | "settings">> &
    Partial<Omit<IS["GenerateInfluencerVideoRequest"], "influencer_id" | "prompt">> & {
      /** Merged with the `aspect_ratio` and `duration` the facade derives. */
      settings?: Partial<NonNullable<IS["GenerateVideoRequest"]["settings"]>>;
    };
  /** Fields of `POST /videos/generate`, e.g. `model`, `resolution`, `negative_prompt`, `seed`. */
  "ai-media-studio": Partial<Omit<AIMS["VideoGenerateRequest"], "prompt">>;
  /** Fields of `POST /prompts/image-to-video`; `mediaId` animates an AliveAI image without uploading. */
  aliveai: Partial<Omit<Alive["ImageToVideoRequest"], "text">>;
  /** Fields of `POST /simple/video`: `language` (default `en`), `clothes` (default: the avatar's first outfit), `resolution`, … */
  aistudios: Partial<Omit<AIS["SimpleVideoRequest"], "text" | "model">>;
}

export interface CharacterProviderOptions {
  "influencer-studio": Partial<Pick<IS["CreateInfluencerRequest"], "workspace_id">>;
  supapost: Partial<Pick<SP["CreateInfluencerRequest"], "description" | "style" | "model">>;
}

type ProviderOptionsOf<Map> = { [K in keyof Map]?: Map[K] };

// ---------------------------------------------------------------------------------------------
// Call options

interface CallOptions<P extends ProviderId> {
  signal?: AbortSignal | undefined;
  /**
   * The whole call's deadline in milliseconds (for `generate`: submit and wait), in real time even
   * with an injected `clock`; then a TimeoutError.
   */
  timeoutMs?: number | undefined;
  /** Called with each status while `generate` waits. */
  onProgress?: ((status: StudioJobStatus<P>) => void) | undefined;
  /**
   * A URL the provider notifies when the job moves, where the route takes one (Influencer Studio's
   * `/images/generate` and `/videos/generate`, AI Studios' videos); elsewhere it is reported as an
   * `unsupported-option` warning. Parse what arrives with `parseWebhook` from `studiokit/webhooks`.
   */
  webhookUrl?: string | undefined;
}

export interface ImageOptionsBase<P extends ProviderId = ProviderId> extends CallOptions<P> {
  prompt: string;
  /** How many images (default 1). Made with several requests where one request makes fewer. */
  n?: number | undefined;
  aspectRatio?: AspectRatio | undefined;
  seed?: number | undefined;
  negativePrompt?: string | undefined;
  /** Images to start from or follow: URLs, or bytes the facade uploads where the provider needs it. */
  referenceImages?: readonly ImageInput[] | undefined;
  /**
   * Provider-specific fields, by provider id. Only the entry of the studio's provider is read, so a
   * script can carry entries for several providers and switch between them.
   */
  providerOptions?: ProviderOptionsOf<ImageProviderOptions> | undefined;
}

type ImageCharacterOption<P extends ProviderId> = P extends ProviderId
  ? Capabilities[P]["images"] extends { character: true }
    ? {
        /** A character id of this provider (see `characters.list()`): images of that character. */
        character?: string | undefined;
      }
    : { character?: undefined }
  : never;

export type ImageOptions<P extends ProviderId = ProviderId> = ImageOptionsBase<P> & ImageCharacterOption<P>;

export interface VideoOptionsBase<P extends ProviderId = ProviderId> extends CallOptions<P> {
  /** What happens in the video; for an avatar provider (AI Studios), the script the avatar speaks. */
  prompt: string;
  /** The image the video starts from: a URL, bytes (uploaded where needed) or an image from `images.generate`. */
  image?: ImageInput | MediaOutput | undefined;
  durationSeconds?: number | undefined;
  aspectRatio?: AspectRatio | undefined;
  /** Generate sound with the video. */
  audio?: boolean | undefined;
  providerOptions?: ProviderOptionsOf<VideoProviderOptions> | undefined;
}

type VideoCharacterOption<P extends ProviderId> = P extends ProviderId
  ? Capabilities[P]["videos"] extends { character: "required" }
    ? {
        /** The avatar or character that appears (required by this provider; see `characters.list()`). */
        character: string;
      }
    : Capabilities[P]["videos"] extends { character: "optional" }
      ? {
          /** A character id of this provider: a video of that character. */
          character?: string | undefined;
        }
      : { character?: undefined }
  : never;

export type VideoOptions<P extends ProviderId = ProviderId> = VideoOptionsBase<P> & VideoCharacterOption<P>;

export interface ImageResult<P extends ProviderId = ProviderId> {
  images: MediaOutput[];
  warnings: Warning[];
  job: StudioJobHandle<P>;
  /** The provider's final body (status or generation response). */
  raw: unknown;
}

export interface VideoResult<P extends ProviderId = ProviderId> {
  video: MediaOutput;
  warnings: Warning[];
  job: StudioJobHandle<P>;
  raw: unknown;
}

// ---------------------------------------------------------------------------------------------
// Characters

export interface Character {
  id: string;
  name: string | undefined;
  /** Image URLs of the character (face, avatar, thumbnails, references). */
  images: string[];
  /** Properties such as gender or age (Supapost), or an avatar's outfit ids (AI Studios: `clothes`). */
  traits: Record<string, unknown> | undefined;
  /** Whether it can be used for generation now, where the provider says. */
  ready?: boolean | undefined;
  /** The provider's own object. */
  raw: unknown;
}

/** A created or updated character, with what the provider could not take. */
export interface CharacterChange extends Character {
  warnings: Warning[];
}

export interface CreateCharacterInput {
  name?: string | undefined;
  /** Images of the character, URLs (the first is the face or avatar). */
  images: readonly ImageInput[];
  traits?: Record<string, string> | undefined;
  providerOptions?: ProviderOptionsOf<CharacterProviderOptions> | undefined;
  signal?: AbortSignal | undefined;
  /** The call's deadline in milliseconds; then a TimeoutError. */
  timeoutMs?: number | undefined;
}

export interface UpdateCharacterInput {
  name?: string | undefined;
  /** Replaces the whole list of images. */
  images?: readonly ImageInput[] | undefined;
  traits?: Record<string, string> | undefined;
  providerOptions?: ProviderOptionsOf<CharacterProviderOptions> | undefined;
  signal?: AbortSignal | undefined;
  /** The call's deadline in milliseconds; then a TimeoutError. */
  timeoutMs?: number | undefined;
}

export interface SignalOption {
  signal?: AbortSignal | undefined;
  /** The call's deadline in milliseconds; then a TimeoutError. */
  timeoutMs?: number | undefined;
}

// ---------------------------------------------------------------------------------------------
// The studio

export interface ImagesApi<P extends ProviderId = ProviderId> {
  /** Submits, waits and returns the images. */
  generate(options: ImageOptions<P>): Promise<ImageResult<P>>;
  /** Submits and returns the job handle at once (AI Media Studio: after the synchronous generation). */
  submit(options: ImageOptions<P>): Promise<StudioJobHandle<P>>;
}

export interface VideosApi<P extends ProviderId = ProviderId> {
  generate(options: VideoOptions<P>): Promise<VideoResult<P>>;
  submit(options: VideoOptions<P>): Promise<StudioJobHandle<P>>;
}

export interface CharactersApi {
  list(options?: SignalOption): Promise<Character[]>;
  /** Served from the list: no provider has a single-character endpoint. */
  get(id: string, options?: SignalOption): Promise<Character>;
  create(input: CreateCharacterInput): Promise<CharacterChange>;
  update(id: string, input: UpdateCharacterInput): Promise<CharacterChange>;
  delete(id: string, options?: SignalOption): Promise<void>;
}

export interface JobsApi<P extends ProviderId = ProviderId> {
  /** One look at the job (no request for a synchronous provider's handle). */
  status(handle: StudioJobHandle<P>, options?: SignalOption): Promise<StudioJobStatus<P>>;
  /** Waits until the job succeeds; throws JobFailedError, TimeoutError or CanceledError otherwise. */
  wait(handle: StudioJobHandle<P>, options?: WaitOptions<P>): Promise<StudioJobStatus<P>>;
}

/** True for a union of provider ids (a provider chosen at run time), false for one literal id. */
export type IsUnion<T, U extends T = T> = (T extends unknown ? ([U] extends [T] ? false : true) : never) extends false ? false : true;

type CharacterMethodsOf<P extends ProviderId> = {
  [K in keyof CharacterCapabilities]: Capabilities[P]["characters"][K] extends true ? K : never;
}[keyof CharacterCapabilities];

type Empty = Record<never, never>;

type ImagesPart<P extends ProviderId> =
  IsUnion<P> extends true ? { readonly images: ImagesApi<P> } : Capabilities[P]["images"] extends false ? Empty : { readonly images: ImagesApi<P> };

type VideosPart<P extends ProviderId> =
  IsUnion<P> extends true ? { readonly videos: VideosApi<P> } : Capabilities[P]["videos"] extends false ? Empty : { readonly videos: VideosApi<P> };

type CharactersPart<P extends ProviderId> =
  IsUnion<P> extends true
    ? { readonly characters: CharactersApi }
    : [CharacterMethodsOf<P>] extends [never]
      ? Empty
      : { readonly characters: Pick<CharactersApi, CharacterMethodsOf<P>> };

type JobsPart<P extends ProviderId> =
  IsUnion<P> extends true ? { readonly jobs: JobsApi<P> } : Capabilities[P]["jobs"] extends false ? Empty : { readonly jobs: JobsApi<P> };

/**
 * One provider behind the common API. For a literal provider only the methods it has exist (calling
 * another is a compile error); for a provider chosen at run time (`ProviderId`) every method exists
 * and an unsupported one throws UnsupportedCapabilityError before any request.
 */
export type Studio<P extends ProviderId = ProviderId> = {
  readonly provider: P;
  /** What this provider supports, as data (the same object as `capabilities[provider]`). */
  readonly capabilities: Capabilities[P];
  /** The provider's generated client, for everything the common API does not cover. */
  readonly raw: RawClients[P];
} & ImagesPart<P> &
  VideosPart<P> &
  CharactersPart<P> &
  JobsPart<P>;
