/**
 * studiokit for influencer-studio alone: the same `createStudio` as the main entry point, importing only this
 * provider's adapter and client, so a bundle carries no other provider.
 *
 *   import { createStudio } from "studiokit/influencer-studio";
 */
import { createInfluencerStudioAdapter } from "../adapters/influencer-studio.js";
import { buildStudio, environmentOf } from "../studio.js";
import { checkProvider } from "../studio-options.js";
// This provider's types for the facade (ProviderTypes); no other provider's declarations are read.
import "../provider-types/influencer-studio.js";
import type { ProviderStudioOptions, Studio } from "../types.js";

export * from "../common-exports.js";

export function createStudio(options: ProviderStudioOptions<"influencer-studio">): Studio<"influencer-studio"> {
  checkProvider((options as { provider?: unknown } | undefined)?.provider, "influencer-studio");
  return buildStudio(createInfluencerStudioAdapter({ ...options, provider: "influencer-studio" }), environmentOf({ ...options, provider: "influencer-studio" }));
}
