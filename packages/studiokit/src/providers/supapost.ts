/**
 * studiokit for supapost alone: the same `createStudio` as the main entry point, importing only this
 * provider's adapter and client, so a bundle carries no other provider.
 *
 *   import { createStudio } from "studiokit/supapost";
 */
import { createSupapostAdapter } from "../adapters/supapost.js";
import { buildStudio, environmentOf } from "../studio.js";
import { checkProvider } from "../studio-options.js";
// This provider's types for the facade (ProviderTypes); no other provider's declarations are read.
import "../provider-types/supapost.js";
import type { ProviderStudioOptions, Studio } from "../types.js";

export * from "../common-exports.js";

export function createStudio(options: ProviderStudioOptions<"supapost">): Studio<"supapost"> {
  checkProvider((options as { provider?: unknown } | undefined)?.provider, "supapost");
  return buildStudio(createSupapostAdapter({ ...options, provider: "supapost" }), environmentOf({ ...options, provider: "supapost" }));
}
