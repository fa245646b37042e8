/**
 * aistudios's part of the facade's types (see `ProviderTypes` in ../types.ts): loaded by the entry
 * points that serve aistudios, so that only they make the compiler read @studiokit/aistudios.
 */
import type { AIStudiosClient, AIStudiosClientOptions, components } from "@studiokit/aistudios";

declare module "../types.js" {
  interface ProviderTypes {
    aistudios: {
      client: AIStudiosClient;
      schemas: components["schemas"];
      authScheme: never;
      region: NonNullable<AIStudiosClientOptions["region"]>;
    };
  }
}
