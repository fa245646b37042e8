/**
 * studiokit for ai-media-studio alone: the same `createStudio` as the main entry point, importing only this
 * provider's adapter and client, so a bundle carries no other provider.
 *
 *   import { createStudio } from "studiokit/ai-media-studio";
 */
import { createAIMediaStudioAdapter } from "../adapters/ai-media-studio.js";
import { buildStudio } from "../studio.js";
// This provider's types for the facade (ProviderTypes); no other provider's declarations are read.
import "../provider-types/ai-media-studio.js";
import type { ProviderStudioOptions, Studio } from "../types.js";

export * from "../common-exports.js";

export function createStudio(options: ProviderStudioOptions<"ai-media-studio">): Studio<"ai-media-studio"> {
  if (options?.provider !== undefined && options.provider !== "ai-media-studio") {
    throw new TypeError(`studiokit/ai-media-studio: this entry point makes ai-media-studio studios only (got provider "${String(options.provider)}"); import createStudio from "studiokit" to choose`);
  }
  return buildStudio(createAIMediaStudioAdapter({ ...options, provider: "ai-media-studio" }), { clock: options.clock, pollSchedule: options.pollSchedule });
}
