/**
 * studiokit for influencer-studio alone: the same `createStudio` as the main entry point, importing only this
 * provider's adapter and client, so a bundle carries no other provider.
 *
 *   import { createStudio } from "studiokit/influencer-studio";
 */
import { createInfluencerStudioAdapter } from "../adapters/influencer-studio.js";
import { buildStudio } from "../studio.js";
// This provider's types for the facade (ProviderTypes); no other provider's declarations are read.
import "../provider-types/influencer-studio.js";
import type { ProviderStudioOptions, Studio } from "../types.js";

export * from "../common-exports.js";

export function createStudio(options: ProviderStudioOptions<"influencer-studio">): Studio<"influencer-studio"> {
  if (options?.provider !== undefined && options.provider !== "influencer-studio") {
    throw new TypeError(`studiokit/influencer-studio: this entry point makes influencer-studio studios only (got provider "${String(options.provider)}"); import createStudio from "studiokit" to choose`);
  }
  return buildStudio(createInfluencerStudioAdapter({ ...options, provider: "influencer-studio" }), { clock: options.clock, pollSchedule: options.pollSchedule });
}
