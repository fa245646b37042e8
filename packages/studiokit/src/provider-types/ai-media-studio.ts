/**
 * ai-media-studio's part of the facade's types (see `ProviderTypes` in ../types.ts): loaded by the entry
 * points that serve ai-media-studio, so that only they make the compiler read @studiokit/ai-media-studio.
 */
import type { AIMediaStudioClient, AIMediaStudioClientOptions, components } from "@studiokit/ai-media-studio";

declare module "../types.js" {
  interface ProviderTypes {
    "ai-media-studio": {
      client: AIMediaStudioClient;
      schemas: components["schemas"];
      authScheme: NonNullable<AIMediaStudioClientOptions["authScheme"]>;
      region: never;
    };
  }
}
