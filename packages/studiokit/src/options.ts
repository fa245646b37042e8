/**
 * Checking the common options before any request, and collecting what a provider cannot honour.
 * A problem with an option the caller gave is a local ValidationError naming that option (the
 * common name, e.g. `aspectRatio`, not the provider's field), so nothing is spent on a bad call.
 */
import { UnsupportedCapabilityError, ValidationError } from "@studiokit/runtime";
import { capabilities, providerIds, supportedMethods, type AspectRatio, type ProviderCapabilities, type ProviderId } from "./capabilities.js";
import {
  abortSignal,
  anyValue,
  arrayOf,
  booleanValue,
  functionValue,
  integerIn,
  isPlainObject,
  milliseconds,
  numberIn,
  objectOf,
  pathId,
  problemsOf,
  recordOf,
  required,
  text,
  type OptionCheck,
  type OptionProblem,
  type OptionTable,
} from "./checks.js";
import type { ImageInput, MediaOutput, Warning } from "./types.js";

/** The warnings of one call, in the order they arose. */
export class Warnings {
  readonly list: Warning[] = [];

  /** The provider cannot honour `option`; it was not sent. */
  unsupported(option: string, message: string): void {
    this.list.push({ type: "unsupported-option", option, message });
  }

  /** `option` was sent in the nearest form the provider takes. */
  adjusted(option: string, message: string): void {
    this.list.push({ type: "adjusted-option", option, message });
  }

  partialFailure(message: string): void {
    this.list.push({ type: "partial-failure", message });
  }
}

/** A local ValidationError for one common option: nothing was sent. */
export function invalidOption(provider: ProviderId, operation: string, option: string, message: string): ValidationError {
  return new ValidationError(`${capabilities[provider].name} ${operation}: ${option} ${message}; nothing was sent`, {
    provider,
    operation,
    issues: [{ path: option, message }],
    local: true,
  });
}

/** The error for a facade method or option the provider lacks, naming both. */
export function unsupportedCapability(provider: ProviderId, capability: string, detail?: string): UnsupportedCapabilityError {
  const name = capabilities[provider].name;
  const has = supportedMethods(provider);
  const message =
    `${name} (provider "${provider}") does not support ${capability}` +
    (detail ? `: ${detail}` : "") +
    `. It supports: ${has.length > 0 ? has.join(", ") : "nothing through the facade"}; its full API is on studio.raw.`;
  return new UnsupportedCapabilityError(message, { provider, operation: capability, capability });
}

export function isBytes(value: unknown): value is Blob | Uint8Array {
  return value instanceof Blob || value instanceof Uint8Array;
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" || url.protocol === "data:";
  } catch {
    return false;
  }
}

const ASPECT_RATIO = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/;

/** Width and height of a `W:H` ratio, or a ValidationError naming `aspectRatio`. */
export function parseAspectRatio(provider: ProviderId, operation: string, value: string): { width: number; height: number } {
  const match = ASPECT_RATIO.exec(value);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || !(width > 0) || !(height > 0)) {
    throw invalidOption(provider, operation, "aspectRatio", `must be width:height, e.g. "16:9" (got ${JSON.stringify(value)})`);
  }
  return { width, height };
}

/** Checks `value` against a provider's fixed list of ratios. */
export function requireAspectRatioIn(
  provider: ProviderId,
  operation: string,
  value: string,
  allowed: readonly AspectRatio[],
  route?: string,
): AspectRatio {
  parseAspectRatio(provider, operation, value);
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidOption(
      provider,
      operation,
      "aspectRatio",
      `must be one of ${allowed.map((ratio) => `"${ratio}"`).join(", ")}${route ? ` for ${route}` : ""} (got "${value}")`,
    );
  }
  return value as AspectRatio;
}

const imageInput: OptionCheck = (value) => {
  if (value === undefined || isBytes(value)) return undefined;
  if (typeof value === "string" && isUrl(value)) return undefined;
  if (isPlainObject(value) && typeof value.url === "string" && isUrl(value.url)) return undefined;
  return "must be an http(s) URL, a Blob or bytes (Buffer / Uint8Array)";
};

const characterImage: OptionCheck = (value) =>
  value === undefined || typeof value === "string" || isBytes(value) ? undefined : "must be a URL or bytes";

const aspectRatioValue: OptionCheck = (value) => {
  if (value === undefined) return undefined;
  const match = typeof value === "string" ? ASPECT_RATIO.exec(value) : null;
  if (!match || !(Number(match[1]) > 0) || !(Number(match[2]) > 0)) return `must be width:height, e.g. "16:9" (got ${JSON.stringify(value)})`;
  return undefined;
};

/** The facade's bound on text fields where a provider documents none (`limits.maxTextLength`). */
export const DEFAULT_MAX_TEXT_LENGTH = 10_000;

/** `createStudio({ limits })`: bounds the facade applies before anything is sent. */
export interface StudioLimits {
  /** The largest `n` of one images call (default: the provider's `capabilities.images.maxImagesPerCall`). */
  maxImagesPerCall?: number | undefined;
  /** The longest prompt, negative prompt, name or trait, in characters (default 10 000). */
  maxTextLength?: number | undefined;
}

/** Where `providerOptions[provider]` goes: the request fields it may name, per facade method group. */
export interface ProviderOptionFields {
  images?: readonly string[] | undefined;
  videos?: readonly string[] | undefined;
  characters?: readonly string[] | undefined;
}

/** The option tables of every facade call of one studio. */
export interface CallTables {
  images: OptionTable;
  videos: OptionTable;
  characterCreate: OptionTable;
  characterUpdate: OptionTable;
  /** list, get, delete and jobs.status. */
  plain: OptionTable;
  wait: OptionTable;
}

/**
 * The option tables of one studio's calls: one entry per option, each a check. Adding an option is
 * adding an entry here (and its type in types.ts).
 */
export function callOptionTables(provider: ProviderId, limits: StudioLimits, fields: ProviderOptionFields): CallTables {
  const caps: ProviderCapabilities = capabilities[provider];
  const maxText = limits.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
  const textHint = " (limits.maxTextLength raises the bound)";
  const maxImages = limits.maxImagesPerCall ?? (caps.images ? caps.images.maxImagesPerCall : 1);
  const imagesHint = ` (${caps.name} makes a larger n with several paid requests; limits.maxImagesPerCall raises the bound)`;
  const providerOptions = (own: readonly string[] | undefined): OptionCheck => {
    const ownCheck = own ? objectOf(Object.fromEntries(own.map((name) => [name, anyValue]))) : plainObject("must be an object of the provider's request fields");
    const entries = Object.fromEntries(
      providerIds.map((id) => [id, id === provider ? ownCheck : plainObject("must be an object of the provider's request fields")]),
    );
    return (value) => {
      if (value === undefined) return undefined;
      if (!isPlainObject(value)) return "must be an object keyed by provider id";
      const problems = problemsOf(entries, value);
      return problems.length > 0 ? problems : undefined;
    };
  };
  const plain = { signal: abortSignal, timeoutMs: milliseconds };
  const common = {
    prompt: required(text(maxText, textHint)),
    aspectRatio: aspectRatioValue,
    character: pathId,
    onProgress: functionValue,
    webhookUrl: httpUrl,
    ...plain,
  };
  return {
    images: {
      ...common,
      n: integerIn(1, maxImages, imagesHint),
      seed: integerIn(0),
      negativePrompt: maxLengthString(maxText, textHint),
      referenceImages: arrayOf(imageInput),
      providerOptions: providerOptions(fields.images),
    },
    videos: {
      ...common,
      image: imageInput,
      durationSeconds: numberIn(),
      audio: booleanValue,
      providerOptions: providerOptions(fields.videos),
    },
    characterCreate: {
      name: maxLengthString(maxText, textHint),
      images: required(arrayOf(characterImage)),
      traits: recordOf(maxLengthString(maxText, textHint)),
      providerOptions: providerOptions(fields.characters),
      ...plain,
    },
    characterUpdate: {
      name: maxLengthString(maxText, textHint),
      images: arrayOf(characterImage),
      traits: recordOf(maxLengthString(maxText, textHint)),
      providerOptions: providerOptions(fields.characters),
      ...plain,
    },
    plain,
    wait: { ...plain, onProgress: functionValue },
  };
}

/** A URL the provider can call back: http(s) only, parsed as a whole. */
const httpUrl: OptionCheck = (value) =>
  value === undefined || (typeof value === "string" && /^https?:\/\/\S+$/i.test(value) && URL.canParse(value)) ? undefined : "must be an http(s) URL";

const plainObject =
  (message: string): OptionCheck =>
  (value) =>
    value === undefined || isPlainObject(value) ? undefined : message;

const maxLengthString =
  (maxLength: number, hint: string): OptionCheck =>
  (value) => {
    if (value === undefined) return undefined;
    if (typeof value !== "string") return "must be a string";
    return value.length > maxLength ? `is ${value.length} characters; at most ${maxLength} are accepted${hint}` : undefined;
  };

/** Checks one call's options against its table; a local ValidationError naming every bad option. */
export function checkCallOptions(provider: ProviderId, operation: string, table: OptionTable, options: unknown, name = "options"): void {
  if (!isPlainObject(options)) throw invalidOption(provider, operation, name, "must be an object");
  const problems = problemsOf(table, options);
  if (problems.length > 0) throw optionsError(provider, operation, problems);
}

/** A local ValidationError for several problems at once. */
export function optionsError(provider: ProviderId, operation: string, problems: readonly OptionProblem[]): ValidationError {
  const summary = problems
    .slice(0, 5)
    .map((problem) => `${problem.path} ${problem.message}`)
    .join("; ");
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : "";
  return new ValidationError(`${capabilities[provider].name} ${operation}: ${summary}${more}; nothing was sent`, {
    provider,
    operation,
    issues: problems.map((problem) => ({ path: problem.path, message: problem.message })),
    local: true,
  });
}

/** This provider's entry of `providerOptions` (entries of other providers are for other studios). */
export function ownProviderOptions<T extends object>(provider: ProviderId, providerOptions: object | undefined): Partial<T> {
  return ((providerOptions as Record<string, unknown> | undefined)?.[provider] ?? {}) as Partial<T>;
}

/** URLs only: for providers without an upload endpoint, bytes are a ValidationError naming the option. */
export function requireUrls(provider: ProviderId, operation: string, option: string, images: readonly ImageInput[]): string[] {
  return images.map((image, index) => {
    if (typeof image === "string") return image;
    throw invalidOption(
      provider,
      operation,
      `${option}[${index}]`,
      `must be a URL: ${capabilities[provider].name} has no upload endpoint, so bytes cannot be sent`,
    );
  });
}

/** The URL of an `image` option that is a URL or a facade output; undefined for bytes. */
export function urlOf(image: ImageInput | MediaOutput): string | undefined {
  if (typeof image === "string") return image;
  if (isBytes(image)) return undefined;
  return image.url;
}

/** Splits `total` into request sizes of at most `max` (e.g. 10 by 4: 4, 4, 2). */
export function batchSizes(total: number, max: number | null): number[] {
  if (max === null || total <= max) return [total];
  const sizes: number[] = [];
  for (let left = total; left > 0; left -= max) sizes.push(Math.min(max, left));
  return sizes;
}

/** A Blob for bytes, so that multipart uploads carry a content type when one is known. */
export function toBlob(bytes: Blob | Uint8Array): Blob {
  return bytes instanceof Blob ? bytes : new Blob([bytes as BlobPart]);
}
