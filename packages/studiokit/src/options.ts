/**
 * Checking the common options before any request, and collecting what a provider cannot honour.
 * A problem with an option the caller gave is a local ValidationError naming that option (the
 * common name, e.g. `aspectRatio`, not the provider's field), so nothing is spent on a bad call.
 */
import { UnsupportedCapabilityError, ValidationError } from "@studiokit/runtime";
import { capabilities, supportedMethods, type AspectRatio, type ProviderId } from "./capabilities.js";
import type { ImageInput, ImageOptionsBase, MediaOutput, VideoOptionsBase, Warning } from "./types.js";

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

function checkPrompt(provider: ProviderId, operation: string, prompt: unknown): void {
  if (typeof prompt !== "string" || prompt.trim() === "") throw invalidOption(provider, operation, "prompt", "must be a non-empty string");
}

function checkImageInput(provider: ProviderId, operation: string, path: string, value: unknown): void {
  if (isBytes(value)) return;
  if (typeof value === "string" && isUrl(value)) return;
  if (value && typeof value === "object" && typeof (value as MediaOutput).url === "string" && isUrl((value as MediaOutput).url)) return;
  throw invalidOption(provider, operation, path, "must be an http(s) URL, a Blob or bytes (Buffer / Uint8Array)");
}

/** The options every provider's image call shares; throws a ValidationError naming the bad one. */
/** The checked part of the options (the callbacks are typed per provider and not checked). */
type Checked<T> = Omit<T, "onProgress" | "signal"> & { character?: unknown };

export function checkImageOptions(provider: ProviderId, operation: string, options: Checked<ImageOptionsBase>): void {
  if (!options || typeof options !== "object") throw invalidOption(provider, operation, "options", "must be an object");
  checkPrompt(provider, operation, options.prompt);
  if (options.n !== undefined && !(Number.isInteger(options.n) && options.n >= 1)) {
    throw invalidOption(provider, operation, "n", `must be a whole number of at least 1 (got ${String(options.n)})`);
  }
  if (options.seed !== undefined && !(Number.isSafeInteger(options.seed) && options.seed >= 0)) {
    throw invalidOption(provider, operation, "seed", `must be a whole number of at least 0 (got ${String(options.seed)})`);
  }
  if (options.aspectRatio !== undefined) parseAspectRatio(provider, operation, options.aspectRatio);
  if (options.negativePrompt !== undefined && typeof options.negativePrompt !== "string") {
    throw invalidOption(provider, operation, "negativePrompt", "must be a string");
  }
  if (options.referenceImages !== undefined) {
    if (!Array.isArray(options.referenceImages)) throw invalidOption(provider, operation, "referenceImages", "must be an array");
    options.referenceImages.forEach((image, index) => checkImageInput(provider, operation, `referenceImages[${index}]`, image));
  }
  checkCharacterId(provider, operation, options.character);
  checkProviderOptions(provider, operation, options.providerOptions);
}

export function checkVideoOptions(provider: ProviderId, operation: string, options: Checked<VideoOptionsBase>): void {
  if (!options || typeof options !== "object") throw invalidOption(provider, operation, "options", "must be an object");
  checkPrompt(provider, operation, options.prompt);
  if (options.image !== undefined) checkImageInput(provider, operation, "image", options.image);
  if (options.durationSeconds !== undefined && !(typeof options.durationSeconds === "number" && options.durationSeconds > 0)) {
    throw invalidOption(provider, operation, "durationSeconds", `must be a positive number (got ${String(options.durationSeconds)})`);
  }
  if (options.aspectRatio !== undefined) parseAspectRatio(provider, operation, options.aspectRatio);
  if (options.audio !== undefined && typeof options.audio !== "boolean") throw invalidOption(provider, operation, "audio", "must be true or false");
  checkCharacterId(provider, operation, options.character);
  checkProviderOptions(provider, operation, options.providerOptions);
}

function checkCharacterId(provider: ProviderId, operation: string, character: unknown): void {
  if (character !== undefined && (typeof character !== "string" || character.trim() === "")) {
    throw invalidOption(provider, operation, "character", "must be a character id (a non-empty string)");
  }
}

function checkProviderOptions(provider: ProviderId, operation: string, providerOptions: unknown): void {
  if (providerOptions === undefined) return;
  if (!providerOptions || typeof providerOptions !== "object" || Array.isArray(providerOptions)) {
    throw invalidOption(provider, operation, "providerOptions", "must be an object keyed by provider id");
  }
  const own = (providerOptions as Record<string, unknown>)[provider];
  if (own !== undefined && (!own || typeof own !== "object" || Array.isArray(own))) {
    throw invalidOption(provider, operation, `providerOptions["${provider}"]`, "must be an object of the provider's request fields");
  }
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
