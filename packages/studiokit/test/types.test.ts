// Type tests: `pnpm typecheck` (tsc --noEmit over src and test) checks every expectTypeOf and every
// `@ts-expect-error` line here; vitest runs the file too, so the assertions are also executed. Calls that
// would reach a provider sit inside functions that are never called.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { AIMediaStudioClient } from "@studiokit/ai-media-studio";
import type { AIStudiosClient } from "@studiokit/aistudios";
import type { AliveAIClient } from "@studiokit/aliveai";
import type { InfluencerStudioClient } from "@studiokit/influencer-studio";
import type { SupapostClient } from "@studiokit/supapost";
import {
  capabilities,
  createStudio,
  type Character,
  type ImageOptions,
  type ImageResult,
  type ProviderId,
  type RawClients,
  type Studio,
  type StudioJobHandle,
  type StudioJobStatus,
  type VideoResult,
} from "../src/index.js";
import { createStudio as createAliveAIStudio } from "../src/providers/aliveai.js";

const apiKey = "sk-types";

describe("raw is the provider's generated client, fully typed", () => {
  it("for each literal provider", () => {
    expectTypeOf(createStudio({ provider: "aliveai", apiKey }).raw).toEqualTypeOf<AliveAIClient>();
    expectTypeOf(createStudio({ provider: "influencer-studio", apiKey }).raw).toEqualTypeOf<InfluencerStudioClient>();
    expectTypeOf(createStudio({ provider: "supapost", apiKey }).raw).toEqualTypeOf<SupapostClient>();
    expectTypeOf(createStudio({ provider: "ai-media-studio", apiKey }).raw).toEqualTypeOf<AIMediaStudioClient>();
    expectTypeOf(createStudio({ provider: "aistudios", apiKey }).raw).toEqualTypeOf<AIStudiosClient>();
    expectTypeOf(createAliveAIStudio({ apiKey }).raw).toEqualTypeOf<AliveAIClient>();
  });

  it("so that its paths are checked", () => {
    const typeOnly = (studio: Studio<"aliveai">) => {
      void studio.raw.GET("/prompts/{promptId}", { params: { path: { promptId: "p" } } });
      // @ts-expect-error not an AliveAI path
      void studio.raw.GET("/generations/{id}/status", { params: { path: { id: "g" } } });
    };
    expectTypeOf(typeOnly).toBeFunction();
  });
});

describe("calling what a literal provider lacks is a compile error", () => {
  it("whole groups", () => {
    const supapost = createStudio({ provider: "supapost", apiKey });
    // @ts-expect-error Supapost makes no images
    void supapost.images;
    // @ts-expect-error Supapost makes no videos
    void supapost.videos;
    // @ts-expect-error Supapost has no jobs
    void supapost.jobs;
    expectTypeOf(supapost.characters.update).toBeFunction();

    const aiMediaStudio = createStudio({ provider: "ai-media-studio", apiKey });
    // @ts-expect-error AI Media Studio has no characters
    void aiMediaStudio.characters;
    expectTypeOf(aiMediaStudio.images.generate).toBeFunction();

    const aiStudios = createStudio({ provider: "aistudios", apiKey });
    // @ts-expect-error AI Studios makes no images
    void aiStudios.images;
    expectTypeOf(aiStudios.videos.generate).toBeFunction();
  });

  it("single character methods", () => {
    const influencerStudio = createStudio({ provider: "influencer-studio", apiKey });
    expectTypeOf(influencerStudio.characters).toHaveProperty("create");
    // @ts-expect-error Influencer Studio cannot update characters
    void influencerStudio.characters.update;
    // @ts-expect-error Influencer Studio cannot delete characters
    void influencerStudio.characters.delete;

    const aliveAI = createStudio({ provider: "aliveai", apiKey });
    expectTypeOf(aliveAI.characters).toHaveProperty("list");
    expectTypeOf(aliveAI.characters).toHaveProperty("get");
    // @ts-expect-error AliveAI cannot create characters through its API
    void aliveAI.characters.create;
  });

  it("options that change meaning", () => {
    const typeOnly = (aiMediaStudio: Studio<"ai-media-studio">, aiStudios: Studio<"aistudios">, aliveAI: Studio<"aliveai">) => {
      // @ts-expect-error AI Media Studio has no characters to draw
      void aiMediaStudio.images.generate({ prompt: "x", character: "c_1" });
      // @ts-expect-error AI Studios videos need an avatar
      void aiStudios.videos.generate({ prompt: "Hello" });
      void aiStudios.videos.generate({ prompt: "Hello", character: "M000045058" });
      // @ts-expect-error AliveAI videos of a character do not exist
      void aliveAI.videos.generate({ prompt: "x", image: "https://example.com/a.png", character: "Hd8sK2pQ" });
      void aliveAI.images.generate({ prompt: "x", character: "Hd8sK2pQ" });
      // @ts-expect-error an aspect ratio is width:height
      void aliveAI.images.generate({ prompt: "x", aspectRatio: "wide" });
    };
    expectTypeOf(typeOnly).toBeFunction();
  });
});

describe("a provider chosen at run time has every method (they throw when unsupported)", () => {
  it("Studio<ProviderId>", () => {
    const provider = "supapost" as ProviderId;
    const studio = createStudio({ provider, apiKey });
    expectTypeOf(studio).toEqualTypeOf<Studio<ProviderId>>();
    expectTypeOf(studio.images.generate).toBeFunction();
    expectTypeOf(studio.videos.submit).toBeFunction();
    expectTypeOf(studio.characters.delete).toBeFunction();
    expectTypeOf(studio.jobs.wait).toBeFunction();
    expectTypeOf(studio.raw).toEqualTypeOf<RawClients[ProviderId]>();
  });
});

describe("providerOptions are each provider's own request fields", () => {
  it("AI Media Studio", () => {
    type Own = NonNullable<NonNullable<ImageOptions<"ai-media-studio">["providerOptions"]>["ai-media-studio"]>;
    expectTypeOf<{ safety_tolerance: "3"; quality: "high"; model: string; size: string }>().toExtend<Own>();
    expectTypeOf<Own["safety_tolerance"]>().toEqualTypeOf<"1" | "2" | "3" | "4" | "5" | "6" | undefined>();
    const typeOnly = (studio: Studio<"ai-media-studio">) => {
      void studio.images.generate({ prompt: "x", providerOptions: { "ai-media-studio": { safety_tolerance: "6", style_slug: "anime-style" } } });
      // @ts-expect-error safety_tolerance is "1" to "6"
      void studio.images.generate({ prompt: "x", providerOptions: { "ai-media-studio": { safety_tolerance: "7" } } });
      // @ts-expect-error not a field of AI Media Studio's request
      void studio.images.generate({ prompt: "x", providerOptions: { "ai-media-studio": { camera_style: "pro" } } });
      void studio.videos.generate({ prompt: "x", providerOptions: { "ai-media-studio": { resolution: "1080p", negative_prompt: "rain" } } });
    };
    expectTypeOf(typeOnly).toBeFunction();
  });

  it("entries of other providers are typed too, so one script serves several providers", () => {
    const typeOnly = (studio: Studio<"aliveai">) => {
      void studio.images.generate({
        prompt: "x",
        providerOptions: {
          aliveai: { detailLevel: "HIGH", blockExplicitContent: true },
          "influencer-studio": { camera_style: "pro", outfit_image: "https://example.com/o.png" },
          "ai-media-studio": { quality: "high" },
        },
      });
      // @ts-expect-error detailLevel is MEDIUM or HIGH
      void studio.images.generate({ prompt: "x", providerOptions: { aliveai: { detailLevel: "ULTRA" } } });
      void studio.videos.generate({ prompt: "x", providerOptions: { aliveai: { mediaId: "m_1", videoModel: "GROK" }, aistudios: { language: "ko" } } });
    };
    expectTypeOf(typeOnly).toBeFunction();
  });
});

describe("results, handles and capabilities", () => {
  it("generate, submit and jobs are typed by provider", () => {
    expectTypeOf<ReturnType<Studio<"aliveai">["images"]["generate"]>>().resolves.toEqualTypeOf<ImageResult<"aliveai">>();
    expectTypeOf<ReturnType<Studio<"aistudios">["videos"]["generate"]>>().resolves.toEqualTypeOf<VideoResult<"aistudios">>();
    expectTypeOf<ReturnType<Studio<"aliveai">["images"]["submit"]>>().resolves.toEqualTypeOf<StudioJobHandle<"aliveai">>();
    expectTypeOf<ReturnType<Studio<"aliveai">["jobs"]["wait"]>>().resolves.toEqualTypeOf<StudioJobStatus<"aliveai">>();
    expectTypeOf<ReturnType<Studio<"supapost">["characters"]["list"]>>().resolves.toEqualTypeOf<Character[]>();
    const typeOnly = (aliveAI: Studio<"aliveai">, foreign: StudioJobHandle<"influencer-studio">) => {
      // @ts-expect-error a handle of another provider
      void aliveAI.jobs.status(foreign);
      void aliveAI.jobs.status(JSON.parse("{}"));
    };
    expectTypeOf(typeOnly).toBeFunction();
  });

  it("capabilities are the same data as types", () => {
    expectTypeOf(createStudio({ provider: "supapost", apiKey }).capabilities.images).toEqualTypeOf<false>();
    expectTypeOf(capabilities.aistudios.videos.character).toEqualTypeOf<"required">();
    expectTypeOf(capabilities.aliveai.images.maxImagesPerRequest).toEqualTypeOf<1>();
  });
});

describe("credentials", () => {
  it("AliveAI takes an API key or a login, other providers an API key", () => {
    expectTypeOf(createStudio({ provider: "aliveai", login: { email: "a@b.c", password: "p" } })).toEqualTypeOf<Studio<"aliveai">>();
    // Type-level only: these calls are compiled (tsc checks each @ts-expect-error), never run.
    const typeOnly = () => {
      // @ts-expect-error login is AliveAI's alone
      createStudio({ provider: "supapost", login: { email: "a@b.c", password: "p" } });
      // @ts-expect-error never both
      createStudio({ provider: "aliveai", apiKey: "k", login: { email: "a@b.c", password: "p" } });
      // @ts-expect-error a key (or, for AliveAI, a login) is required
      createStudio({ provider: "influencer-studio" });
    };
    expectTypeOf(typeOnly).toBeFunction();
    // …and a JavaScript caller who forgets the key is told before anything is sent.
    expect(() => createStudio({ provider: "influencer-studio" } as never)).toThrow(/apiKey is required for influencer-studio/);
  });
});

describe("limits and per-call timeouts are typed", () => {
  it("accepts limits and timeoutMs, rejects misspelt ones", () => {
    const typeOnly = () => {
      const studio = createStudio({ provider: "aliveai", apiKey, limits: { maxImagesPerCall: 20, maxTextLength: 50_000 } });
      void studio.images.generate({ prompt: "x", timeoutMs: 60_000 });
      void studio.characters.list({ timeoutMs: 5_000 });
      // @ts-expect-error not a limit
      createStudio({ provider: "aliveai", apiKey, limits: { maxImages: 20 } });
      // @ts-expect-error not an option (the run-time check names "prompt")
      void studio.images.generate({ promt: "x" });
    };
    expectTypeOf(typeOnly).toBeFunction();
  });
});
