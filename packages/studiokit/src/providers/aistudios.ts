/**
 * studiokit for aistudios alone: the same `createStudio` as the main entry point, importing only this
 * provider's adapter and client, so a bundle carries no other provider.
 *
 *   import { createStudio } from "studiokit/aistudios";
 */
import { createAIStudiosAdapter } from "../adapters/aistudios.js";
import { buildStudio, environmentOf } from "../studio.js";
import { checkProvider } from "../studio-options.js";
// This provider's types for the facade (ProviderTypes); no other provider's declarations are read.
import "../provider-types/aistudios.js";
import type { ProviderStudioOptions, Studio } from "../types.js";

export * from "../common-exports.js";

export function createStudio(options: ProviderStudioOptions<"aistudios">): Studio<"aistudios"> {
  checkProvider((options as { provider?: unknown } | undefined)?.provider, "aistudios");
  return buildStudio(createAIStudiosAdapter({ ...options, provider: "aistudios" }), environmentOf({ ...options, provider: "aistudios" }));
}
