/**
 * influencer-studio's part of the facade's types (see `ProviderTypes` in ../types.ts): loaded by the entry
 * points that serve influencer-studio, so that only they make the compiler read @studiokit/influencer-studio.
 */
import type { InfluencerStudioClient, components } from "@studiokit/influencer-studio";

declare module "../types.js" {
  interface ProviderTypes {
    "influencer-studio": {
      client: InfluencerStudioClient;
      schemas: components["schemas"];
      authScheme: never;
      region: never;
    };
  }
}
