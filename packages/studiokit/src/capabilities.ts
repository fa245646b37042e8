/**
 * What each provider can do through the facade, as data. The types of `createStudio` are derived
 * from this object (a literal provider only gets the methods and options marked here), the runtime
 * guards of a provider chosen at run time read it, the adapters read their limits from it, and the
 * README's capability matrix is generated from it — so the four cannot disagree.
 *
 * Importing this module pulls in no provider package: it is plain data.
 */

export const providerIds = ["influencer-studio", "supapost", "ai-media-studio", "aliveai", "aistudios"] as const;

export type ProviderId = (typeof providerIds)[number];

/** An aspect ratio as width:height, e.g. `"16:9"`. */
export type AspectRatio = `${number}:${number}`;

/** How the provider takes images given to it: only as URLs, or also as bytes that the facade uploads first. */
export type ImageInputSupport = false | "urls" | "urls+uploads";

export interface ImageCapabilities {
  /** The `character` option: images of one of the provider's own characters. */
  readonly character: boolean;
  readonly referenceImages: ImageInputSupport;
  readonly seed: boolean;
  readonly negativePrompt: boolean;
  /** The most images one request makes (`null`: no limit); a larger `n` is split into several requests. */
  readonly maxImagesPerRequest: number | null;
  /**
   * The largest `n` one call accepts unless `limits.maxImagesPerCall` raises it: a split `n` is
   * several paid requests, so a typo such as `n: 99` must not become 99 of them.
   */
  readonly maxImagesPerCall: number;
  /** `"any"` W:H ratio, a fixed list, or `"orientation"`: square, portrait or landscape only. */
  readonly aspectRatios: "any" | "orientation" | readonly AspectRatio[];
}

export interface VideoCapabilities {
  /** A video from the prompt alone, without `image`. */
  readonly fromText: boolean;
  /** The `image` option: a video that starts from an image. */
  readonly fromImage: ImageInputSupport;
  /** The `character` option: a video of one of the provider's characters (`"required"`: always). */
  readonly character: false | "optional" | "required";
  /** `durationSeconds`: a range, the few lengths offered, `"snapped"` (the provider picks the nearest it offers) or not settable. */
  readonly durationSeconds: false | "snapped" | { readonly min: number; readonly max: number } | readonly number[];
  readonly aspectRatios: false | "any" | readonly AspectRatio[];
  /** `audio`: settable, always on, or only on one route (described). */
  readonly audio: false | "optional" | "always" | string;
}

export interface CharacterCapabilities {
  readonly list: boolean;
  readonly get: boolean;
  readonly create: boolean;
  readonly update: boolean;
  readonly delete: boolean;
}

/** A content-safety setting the facade sends with a safer value than the provider's own default. */
export interface SafetyDefault {
  /** Which facade calls send it. */
  readonly appliesTo: string;
  /** The provider's request field. */
  readonly field: string;
  readonly value: string | boolean;
  /** The provider's own default when the field is left out. */
  readonly providerDefault: string | boolean | null;
}

export interface ProviderCapabilities {
  /** The provider's display name. */
  readonly name: string;
  readonly images: false | ImageCapabilities;
  readonly videos: false | VideoCapabilities;
  readonly characters: CharacterCapabilities;
  /** How the facade learns that a job finished. */
  readonly jobs: false | "polling" | "websocket" | "synchronous";
  readonly contentSafety: readonly SafetyDefault[];
}

export const capabilities = {
  "influencer-studio": {
    name: "Influencer Studio",
    images: {
      character: true,
      referenceImages: "urls",
      seed: false,
      negativePrompt: true,
      // `/images/generate` takes any `batch`; the scene route `/influencers/generate` at most 4.
      maxImagesPerRequest: null,
      // One request; the scene route sends batches of 4, so 16 is at most 4 requests.
      maxImagesPerCall: 16,
      aspectRatios: "any",
    },
    videos: {
      fromText: true,
      fromImage: "urls",
      character: "optional",
      durationSeconds: { min: 1, max: 10 },
      aspectRatios: ["16:9", "9:16", "1:1"],
      audio: "always with character, none without",
    },
    characters: { list: true, get: true, create: true, update: false, delete: false },
    jobs: "polling",
    contentSafety: [],
  },
  supapost: {
    name: "Supapost",
    images: false,
    videos: false,
    characters: { list: true, get: true, create: true, update: true, delete: true },
    jobs: false,
    contentSafety: [],
  },
  "ai-media-studio": {
    name: "AI Media Studio",
    images: {
      character: false,
      referenceImages: "urls+uploads",
      seed: true,
      negativePrompt: false,
      maxImagesPerRequest: 8,
      maxImagesPerCall: 32,
      aspectRatios: ["21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16"],
    },
    videos: {
      fromText: true,
      fromImage: "urls+uploads",
      character: false,
      durationSeconds: "snapped",
      aspectRatios: "any",
      audio: "optional",
    },
    characters: { list: false, get: false, create: false, update: false, delete: false },
    jobs: "synchronous",
    contentSafety: [
      { appliesTo: "images, videos", field: "safety_tolerance", value: "1", providerDefault: "6" },
    ],
  },
  aliveai: {
    name: "AliveAI",
    images: {
      character: true,
      referenceImages: false,
      seed: true,
      negativePrompt: true,
      maxImagesPerRequest: 1,
      // Every image is its own paid request.
      maxImagesPerCall: 10,
      aspectRatios: "orientation",
    },
    videos: {
      fromText: false,
      fromImage: "urls+uploads",
      character: false,
      durationSeconds: [5, 10],
      aspectRatios: false,
      audio: "optional",
    },
    characters: { list: true, get: true, create: false, update: false, delete: false },
    jobs: "websocket",
    contentSafety: [
      { appliesTo: "images", field: "blockExplicitContent", value: true, providerDefault: null },
      { appliesTo: "images with character", field: "improveBreasts", value: false, providerDefault: null },
      { appliesTo: "images with character", field: "improveVagina", value: false, providerDefault: null },
    ],
  },
  aistudios: {
    name: "AI Studios",
    images: false,
    videos: {
      fromText: true,
      fromImage: false,
      character: "required",
      durationSeconds: false,
      aspectRatios: false,
      audio: "always",
    },
    characters: { list: true, get: true, create: false, update: false, delete: false },
    jobs: "polling",
    contentSafety: [],
  },
} as const satisfies Record<ProviderId, ProviderCapabilities>;

export type Capabilities = typeof capabilities;

/** Every facade method, by the name errors and the matrix use. */
export const facadeMethods = [
  "images.generate",
  "images.submit",
  "videos.generate",
  "videos.submit",
  "characters.list",
  "characters.get",
  "characters.create",
  "characters.update",
  "characters.delete",
  "jobs.status",
  "jobs.wait",
] as const;

export type FacadeMethod = (typeof facadeMethods)[number];

/** Whether `provider` has `method`, read from the capability data. */
export function supports(provider: ProviderId, method: FacadeMethod): boolean {
  const entry: ProviderCapabilities = capabilities[provider];
  const [group, action] = method.split(".") as [string, string];
  switch (group) {
    case "images":
      return entry.images !== false;
    case "videos":
      return entry.videos !== false;
    case "characters":
      return entry.characters[action as keyof CharacterCapabilities];
    default:
      return entry.jobs !== false;
  }
}

/** The facade methods `provider` has, for error messages. */
export function supportedMethods(provider: ProviderId): FacadeMethod[] {
  return facadeMethods.filter((method) => supports(provider, method));
}

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === "string" && (providerIds as readonly string[]).includes(value);
}
