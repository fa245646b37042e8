/**
 * studiokit for aliveai alone: the same `createStudio` as the main entry point, importing only this
 * provider's adapter and client, so a bundle carries no other provider.
 *
 *   import { createStudio } from "studiokit/aliveai";
 */
import { createAliveAIAdapter } from "../adapters/aliveai.js";
import { buildStudio } from "../studio.js";
// This provider's types for the facade (ProviderTypes); no other provider's declarations are read.
import "../provider-types/aliveai.js";
import type { ProviderStudioOptions, Studio } from "../types.js";

export * from "../common-exports.js";

export function createStudio(options: ProviderStudioOptions<"aliveai">): Studio<"aliveai"> {
  if (options?.provider !== undefined && options.provider !== "aliveai") {
    throw new TypeError(`studiokit/aliveai: this entry point makes aliveai studios only (got provider "${String(options.provider)}"); import createStudio from "studiokit" to choose`);
  }
  return buildStudio(createAliveAIAdapter({ ...options, provider: "aliveai" }), { clock: options.clock, pollSchedule: options.pollSchedule });
}
