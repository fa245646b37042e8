// A job handle is plain data: it goes through JSON.stringify/parse (a queue, a database, a process
// restart) and a new studio of the same provider reads the same status from it.
import { describe, expect, it } from "vitest";
import { ValidationError, createStudio, type ProviderId, type StudioJobHandle } from "../src/index.js";
import { fakeClock } from "./support/clock.js";
import { TEST_API_KEY, useProviderMock } from "./support/prism.js";
import { forbiddenFetch } from "./support/recording.js";

const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe("Influencer Studio handle", () => {
  const mock = useProviderMock("influencer-studio");
  it("survives JSON and a new studio instance", async () => {
    const first = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: mock.url() });
    const job = await first.images.submit({ prompt: "a headshot", n: 2, seed: 1 });
    const stored = JSON.stringify(job);
    const second = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: mock.url() });
    const restored = JSON.parse(stored) as StudioJobHandle<"influencer-studio">;
    expect(restored).toEqual(job);
    const [before, after] = [await first.jobs.status(job), await second.jobs.status(restored)];
    expect(after).toEqual(before);
    expect(after.state).toBe("succeeded");
    // The warnings given at submit travel with the handle.
    expect(restored.warnings?.map((warning) => warning.option)).toEqual(["seed"]);
  });
});

describe("AliveAI handle of a split job (n: 2)", () => {
  const mock = useProviderMock("aliveai");
  it("keeps every part and reads the same merged status", async () => {
    const first = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, baseUrl: mock.url(), clock: fakeClock() });
    const job = await first.images.submit({ prompt: "a viking", n: 2 });
    expect(job.parts).toHaveLength(2);
    const second = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, baseUrl: mock.url() });
    const after = await second.jobs.status(throughJson(job));
    expect(after).toEqual(await first.jobs.status(job));
    expect(after.outputs).toHaveLength(2);
    expect(await second.jobs.wait(throughJson(job))).toMatchObject({ state: "succeeded" });
  });
});

describe("AI Studios handle", () => {
  const mock = useProviderMock("aistudios");
  it("survives JSON and a new studio instance", async () => {
    const first = createStudio({ provider: "aistudios", apiKey: TEST_API_KEY, baseUrl: mock.url() });
    const job = await first.videos.submit({ prompt: "Hello", character: "M000045058" });
    const second = createStudio({ provider: "aistudios", apiKey: TEST_API_KEY, baseUrl: mock.url() });
    expect(await second.jobs.status(throughJson(job))).toEqual(await first.jobs.status(job));
  });
});

describe("AI Media Studio handle (synchronous)", () => {
  const mock = useProviderMock("ai-media-studio");
  it("carries the outcome: a new studio reads the same status without any request", async () => {
    const first = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, baseUrl: mock.url() });
    const job = await first.images.submit({ prompt: "a sunset" });
    const forbidden = forbiddenFetch();
    const second = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, baseUrl: mock.url(), fetch: forbidden.fetch });
    const restored = throughJson(job);
    expect(await second.jobs.status(restored)).toEqual(await first.jobs.status(job));
    expect((await second.jobs.wait(restored)).outputs).toHaveLength(1);
    expect(forbidden.count()).toBe(0);
  });
});

describe("handles are checked before any request", () => {
  it("a handle of another provider, or not a handle, is a ValidationError", async () => {
    const forbidden = forbiddenFetch();
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, fetch: forbidden.fetch });
    const foreign = { provider: "aliveai", id: "p_1", kind: "image" } as unknown as StudioJobHandle<"influencer-studio">;
    const error = await studio.jobs.status(foreign).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: "handle.provider", message: expect.stringContaining('"aliveai"') });
    const any = createStudio({ provider: "influencer-studio" as ProviderId, apiKey: TEST_API_KEY, fetch: forbidden.fetch });
    await expect(any.jobs.wait(JSON.parse("null"))).rejects.toBeInstanceOf(ValidationError);
    expect(forbidden.count()).toBe(0);
  });
});
