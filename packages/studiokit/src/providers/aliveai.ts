/**
 * studiokit for aliveai alone: the same `createStudio` as the main entry point, importing only this
 * provider's adapter and client, so a bundle carries no other provider.
 *
 *   import { createStudio } from "studiokit/aliveai";
 */
import { createAliveAIAdapter } from "../adapters/aliveai.js";
import { buildStudio, environmentOf } from "../studio.js";
import { checkProvider } from "../studio-options.js";
// This provider's types for the facade (ProviderTypes); no other provider's declarations are read.
import "../provider-types/aliveai.js";
import type { ProviderStudioOptions, Studio } from "../types.js";

export * from "../common-exports.js";

export function createStudio(options: ProviderStudioOptions<"aliveai">): Studio<"aliveai"> {
  checkProvider((options as { provider?: unknown } | undefined)?.provider, "aliveai");
  return buildStudio(createAliveAIAdapter({ ...options, provider: "aliveai" }), environmentOf({ ...options, provider: "aliveai" }));
}
