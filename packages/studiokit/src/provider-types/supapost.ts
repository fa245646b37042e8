/**
 * supapost's part of the facade's types (see `ProviderTypes` in ../types.ts): loaded by the entry
 * points that serve supapost, so that only they make the compiler read @studiokit/supapost.
 */
import type { SupapostClient, components } from "@studiokit/supapost";

declare module "../types.js" {
  interface ProviderTypes {
    supapost: {
      client: SupapostClient;
      schemas: components["schemas"];
      authScheme: never;
      region: never;
    };
  }
}
