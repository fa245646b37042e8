/**
 * studiokit: one API for images, videos, characters and jobs across five AI media studios.
 *
 *   const studio = createStudio({ provider: "aliveai", apiKey });
 *   const { images, warnings } = await studio.images.generate({ prompt: "…" });
 *
 * This entry point knows every provider. To bundle one provider only, import its entry point
 * instead (`studiokit/aliveai`, …): it has the same `createStudio` for that provider alone.
 */
import { createAIMediaStudioAdapter } from "./adapters/ai-media-studio.js";
import { createAIStudiosAdapter } from "./adapters/aistudios.js";
import { createAliveAIAdapter } from "./adapters/aliveai.js";
import { createInfluencerStudioAdapter } from "./adapters/influencer-studio.js";
import { createSupapostAdapter } from "./adapters/supapost.js";
import type { ProviderId } from "./capabilities.js";
import { buildStudio, environmentOf, type ProviderAdapter } from "./studio.js";
import { checkProvider } from "./studio-options.js";
// Every provider's types for the facade (ProviderTypes): this entry point serves them all.
import "./provider-types/ai-media-studio.js";
import "./provider-types/aistudios.js";
import "./provider-types/aliveai.js";
import "./provider-types/influencer-studio.js";
import "./provider-types/supapost.js";
import type { Studio, StudioOptions } from "./types.js";

export * from "./common-exports.js";

const adapterFactories: { [P in ProviderId]: (options: StudioOptions<P>) => ProviderAdapter<P> } = {
  "influencer-studio": createInfluencerStudioAdapter,
  supapost: createSupapostAdapter,
  "ai-media-studio": createAIMediaStudioAdapter,
  aliveai: createAliveAIAdapter,
  aistudios: createAIStudiosAdapter,
};

/**
 * A studio for one provider. With a literal `provider` only the methods it has are typed; with a
 * `ProviderId` chosen at run time every method exists and an unsupported one throws
 * UnsupportedCapabilityError before any request.
 */
export function createStudio<P extends ProviderId>(options: StudioOptions<P>): Studio<P> {
  checkProvider((options as { provider?: unknown } | undefined)?.provider);
  const factory = adapterFactories[options.provider] as unknown as (options: StudioOptions<P>) => ProviderAdapter<P>;
  return buildStudio(factory(options), environmentOf(options));
}
