// Supapost: characters only, every call against its Prism mock.
import { describe, expect, it } from "vitest";
import { UnsupportedCapabilityError, ValidationError, createStudio, type ProviderId } from "../../src/index.js";
import { TEST_API_KEY, useProviderMock } from "../support/prism.js";
import { forbiddenFetch, recordingFetch } from "../support/recording.js";

const mock = useProviderMock("supapost");
const LUNA = "3f6c2a9e-8b1d-4c57-9e2a-1d4b7c8e9f01";

function studio() {
  const recorder = recordingFetch();
  const instance = createStudio({ provider: "supapost", apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: recorder.fetch });
  return { studio: instance, requests: recorder.requests };
}

describe("Supapost characters", () => {
  it("characters.list and get: GET /influencers", async () => {
    const { studio: s } = studio();
    const [luna] = await s.characters.list();
    expect(luna).toMatchObject({ id: LUNA, name: "Luna", traits: { gender: "Female", ageRange: "18-24" } });
    expect(luna?.images).toHaveLength(2);
    expect((await s.characters.get(LUNA)).name).toBe("Luna");
  });

  it("characters.create: POST /influencers with name, images, traits and the provider's own fields", async () => {
    const { studio: s, requests } = studio();
    const created = await s.characters.create({
      name: "Luna",
      images: ["https://cdn.supapost.so/img1.jpg"],
      traits: { gender: "Female", ageRange: "18-24" },
      providerOptions: { supapost: { style: "realistic", model: "fal:flux-pro", description: "Young woman with brown hair" } },
    });
    expect(requests[0]).toMatchObject({
      method: "POST",
      path: "/influencers",
      body: {
        name: "Luna",
        images: ["https://cdn.supapost.so/img1.jpg"],
        traits: { gender: "Female", ageRange: "18-24" },
        style: "realistic",
        model: "fal:flux-pro",
        description: "Young woman with brown hair",
      },
    });
    expect(created).toMatchObject({ id: LUNA, warnings: [] });
  });

  it("characters.update: PATCH /influencers/{id} with the whole image list", async () => {
    const { studio: s, requests } = studio();
    const images = ["https://cdn.supapost.so/img1.jpg", "https://cdn.supapost.so/img2.jpg", "https://cdn.supapost.so/new-img.jpg"];
    const updated = await s.characters.update(LUNA, { images });
    expect(requests[0]).toMatchObject({ method: "PATCH", path: `/influencers/${LUNA}`, body: { images } });
    expect(updated.images).toEqual(images);
  });

  it("characters.delete: DELETE /influencers/{id}", async () => {
    const { studio: s, requests } = studio();
    await expect(s.characters.delete(LUNA)).resolves.toBeUndefined();
    expect(requests[0]).toMatchObject({ method: "DELETE", path: `/influencers/${LUNA}` });
  });

  it("image bytes are a ValidationError (Supapost has no upload), before any request", async () => {
    const forbidden = forbiddenFetch();
    const s = createStudio({ provider: "supapost", apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: forbidden.fetch });
    const error = await s.characters.create({ images: [new Uint8Array([1, 2, 3])] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(["images[0]"]);
    expect(forbidden.count()).toBe(0);
  });

  it("images, videos and jobs are not Supapost's: UnsupportedCapabilityError before any request", async () => {
    const forbidden = forbiddenFetch();
    const s = createStudio({ provider: "supapost" as ProviderId, apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: forbidden.fetch });
    await expect(s.images.generate({ prompt: "x" })).rejects.toBeInstanceOf(UnsupportedCapabilityError);
    await expect(s.videos.submit({ prompt: "x" })).rejects.toThrow(/Supapost \(provider "supapost"\) does not support videos.submit\. It supports: characters\.list/);
    await expect(s.jobs.status({ provider: "supapost", id: "x", kind: "image" })).rejects.toBeInstanceOf(UnsupportedCapabilityError);
    expect(forbidden.count()).toBe(0);
  });
});
