/**
 * studiokit for ai-media-studio alone: the same `createStudio` as the main entry point, importing only this
 * provider's adapter and client, so a bundle carries no other provider.
 *
 *   import { createStudio } from "studiokit/ai-media-studio";
 */
import { createAIMediaStudioAdapter } from "../adapters/ai-media-studio.js";
import { buildStudio, environmentOf } from "../studio.js";
import { checkProvider } from "../studio-options.js";
// This provider's types for the facade (ProviderTypes); no other provider's declarations are read.
import "../provider-types/ai-media-studio.js";
import type { ProviderStudioOptions, Studio } from "../types.js";

export * from "../common-exports.js";

export function createStudio(options: ProviderStudioOptions<"ai-media-studio">): Studio<"ai-media-studio"> {
  checkProvider((options as { provider?: unknown } | undefined)?.provider, "ai-media-studio");
  return buildStudio(createAIMediaStudioAdapter({ ...options, provider: "ai-media-studio" }), environmentOf({ ...options, provider: "ai-media-studio" }));
}
