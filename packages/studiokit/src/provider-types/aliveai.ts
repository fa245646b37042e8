/**
 * aliveai's part of the facade's types (see `ProviderTypes` in ../types.ts): loaded by the entry
 * points that serve aliveai, so that only they make the compiler read @studiokit/aliveai.
 */
import type { AliveAIApiKeyOptions, AliveAIClient, components } from "@studiokit/aliveai";

declare module "../types.js" {
  interface ProviderTypes {
    aliveai: {
      client: AliveAIClient;
      schemas: components["schemas"];
      authScheme: NonNullable<AliveAIApiKeyOptions["authScheme"]>;
      region: never;
    };
  }
}
