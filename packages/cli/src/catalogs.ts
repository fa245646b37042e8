/**
 * Which packages the CLI reads the operation catalogs from. Everything else about a provider (its
 * operations, their flags and schemas, the key's environment variable, the local port) comes from the
 * generated catalog; the `satisfies` makes a provider added to the facade without a catalog here a
 * type error.
 */
import { catalog as aiMediaStudio } from "@studiokit/ai-media-studio/catalog";
import { catalog as aistudios } from "@studiokit/aistudios/catalog";
import { catalog as aliveai } from "@studiokit/aliveai/catalog";
import { catalog as influencerStudio } from "@studiokit/influencer-studio/catalog";
import { catalog as supapost } from "@studiokit/supapost/catalog";
import type { CatalogOperation, ProviderCatalog } from "@studiokit/runtime";
import { providerIds, type ProviderId } from "studiokit";

export const catalogs = {
  "influencer-studio": influencerStudio,
  supapost,
  "ai-media-studio": aiMediaStudio,
  aliveai,
  aistudios,
} as const satisfies Record<ProviderId, ProviderCatalog>;

export { providerIds };

export function catalogOf(provider: ProviderId): ProviderCatalog {
  return catalogs[provider];
}

export function findOperation(provider: ProviderId, operationId: string): CatalogOperation | undefined {
  return catalogs[provider].operations.find((operation) => operation.operationId === operationId);
}
