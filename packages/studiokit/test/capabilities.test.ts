// The capability data decides, at run time, what a studio of a provider chosen at run time (type
// ProviderId) does: every method the data marks unsupported throws UnsupportedCapabilityError naming
// the provider and the method before any request, and every method it marks supported is implemented.
import { describe, expect, it } from "vitest";
import {
  UnsupportedCapabilityError,
  capabilities,
  createStudio,
  facadeMethods,
  providerIds,
  supports,
  type FacadeMethod,
  type ProviderId,
  type Studio,
} from "../src/index.js";
import { createStudio as createAliveAIStudio } from "../src/providers/aliveai.js";
import { createStudio as createSupapostStudio } from "../src/providers/supapost.js";
import { TEST_API_KEY } from "./support/prism.js";
import { forbiddenFetch } from "./support/recording.js";

const handle = (provider: ProviderId) => ({ provider, id: "job_1", kind: "image" as const });

/** One call of each facade method, with arguments any provider would accept. */
const calls: Record<FacadeMethod, (studio: Studio<ProviderId>, provider: ProviderId) => Promise<unknown>> = {
  "images.generate": (studio) => studio.images.generate({ prompt: "a cat" }),
  "images.submit": (studio) => studio.images.submit({ prompt: "a cat" }),
  "videos.generate": (studio) => studio.videos.generate({ prompt: "a cat", image: "https://example.com/cat.png", character: undefined }),
  "videos.submit": (studio) => studio.videos.submit({ prompt: "a cat", image: "https://example.com/cat.png" }),
  "characters.list": (studio) => studio.characters.list(),
  "characters.get": (studio) => studio.characters.get("c_1"),
  "characters.create": (studio) => studio.characters.create({ name: "Cat", images: ["https://example.com/cat.png"] }),
  "characters.update": (studio) => studio.characters.update("c_1", { name: "Cat" }),
  "characters.delete": (studio) => studio.characters.delete("c_1"),
  "jobs.status": (studio, provider) => studio.jobs.status(handle(provider)),
  "jobs.wait": (studio, provider) => studio.jobs.wait(handle(provider)),
};

describe.each(providerIds.map((provider) => [provider]))("%s chosen at run time", (provider) => {
  for (const method of facadeMethods) {
    if (supports(provider, method)) {
      it(`${method} is implemented (it reaches the network or a provider-specific check)`, async () => {
        const forbidden = forbiddenFetch();
        const studio = createStudio({ provider: provider as ProviderId, apiKey: TEST_API_KEY, fetch: forbidden.fetch, maxRetries: 0 });
        const error = await calls[method](studio, provider).catch((caught: unknown) => caught);
        expect(error).not.toBeInstanceOf(UnsupportedCapabilityError);
        expect(String(error)).not.toMatch(/does not implement/);
      });
    } else {
      it(`${method} throws UnsupportedCapabilityError naming ${provider} and ${method}, before any request`, async () => {
        const forbidden = forbiddenFetch();
        const studio = createStudio({ provider: provider as ProviderId, apiKey: TEST_API_KEY, fetch: forbidden.fetch });
        const error = await calls[method](studio, provider).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(UnsupportedCapabilityError);
        expect(error).toMatchObject({ provider, capability: method, code: "unsupported_capability" });
        expect((error as Error).message).toContain(`${capabilities[provider].name} (provider "${provider}") does not support ${method}`);
        expect(forbidden.count()).toBe(0);
      });
    }
  }

  it("exposes its capability data and its raw client", () => {
    const studio = createStudio({ provider: provider as ProviderId, apiKey: TEST_API_KEY });
    expect(studio.capabilities).toBe(capabilities[provider]);
    expect(studio.provider).toBe(provider);
    expect(typeof studio.raw.GET).toBe("function");
    expect(studio.raw.provider).toBe(provider);
  });
});

describe("the capability data", () => {
  it("covers exactly the provider ids", () => {
    expect(Object.keys(capabilities).sort()).toEqual([...providerIds].sort());
  });

  it("every provider that can make something has a job channel", () => {
    for (const provider of providerIds) {
      const entry = capabilities[provider];
      expect(entry.images !== false || entry.videos !== false).toBe(entry.jobs !== false);
    }
  });
});

describe("createStudio", () => {
  it("rejects an unknown provider, listing the known ones", () => {
    expect(() => createStudio({ provider: "midjourney" as ProviderId, apiKey: "k" })).toThrow(
      /provider must be one of "influencer-studio", "supapost", "ai-media-studio", "aliveai", "aistudios"/,
    );
  });

  it("a per-provider entry point makes studios of its provider only", () => {
    const studio = createAliveAIStudio({ apiKey: TEST_API_KEY });
    expect(studio.provider).toBe("aliveai");
    expect(studio.capabilities).toBe(capabilities.aliveai);
    expect(createSupapostStudio({ provider: "supapost", apiKey: TEST_API_KEY }).provider).toBe("supapost");
    expect(() => createAliveAIStudio({ provider: "supapost" as "aliveai", apiKey: TEST_API_KEY })).toThrow(/makes aliveai studios only/);
  });
});
