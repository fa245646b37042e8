// A larger `n` is several paid requests. When one of them fails after others were made, the error
// (still the provider's own class, e.g. InsufficientCreditsError) carries `partialJob`: a handle of
// what was made, which `jobs.status` / `jobs.wait` read like any other — so nothing paid for is lost.
import { afterEach, describe, expect, it } from "vitest";
import { InsufficientCreditsError, createStudio, type StudioJobHandle } from "../src/index.js";
import { TEST_API_KEY } from "./support/prism.js";
import { startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const noCredits = { status: 402, body: { status: 402, title: "Payment Required", detail: "not enough credits" } };

async function rejected(work: () => Promise<unknown>): Promise<InsufficientCreditsError> {
  const error = await work().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InsufficientCreditsError);
  return error as InsufficientCreditsError;
}

describe("a split submit that fails part-way keeps what it made", () => {
  it("AliveAI: a 402 on the third of five prompts carries the two prompts already created", async () => {
    const media = (id: string) => ({ id: `m_${id}`, mediaUrl: `https://files.aliveai.app/media/m_${id}.png`, mediaType: "IMAGE" });
    server = await startScriptedServer("aliveai", {
      "POST /prompts": [{ body: { promptId: "p_1", seed: "1" } }, { body: { promptId: "p_2", seed: "2" } }, noCredits],
      "GET /prompts/p_1": [{ body: { promptId: "p_1", medias: [media("1")] } }],
      "GET /prompts/p_2": [{ body: { promptId: "p_2", medias: [media("2")] } }],
    });
    const studio = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, baseUrl: server.url, maxRetries: 0 });
    const error = await rejected(() => studio.images.submit({ prompt: "a viking at dawn", n: 5 }));
    expect(server.requestsTo("POST /prompts")).toHaveLength(3); // it stopped at the failure
    const partial = error.partialJob as StudioJobHandle<"aliveai">;
    expect(partial).toMatchObject({ provider: "aliveai", id: "p_1", parts: ["p_1", "p_2"], kind: "image" });
    expect(partial.warnings?.[0]).toMatchObject({ type: "partial-failure", message: expect.stringMatching(/only 2 of 5 requests/) });
    expect(JSON.parse(JSON.stringify(error)).partialJob).toEqual(JSON.parse(JSON.stringify(partial)));

    // The handle is an ordinary one: the two images are there to be collected.
    const status = await studio.jobs.status(JSON.parse(JSON.stringify(partial)));
    expect(status.state).toBe("succeeded");
    expect(status.outputs.map((output) => output.id)).toEqual(["m_1", "m_2"]);
  });

  it("AliveAI: a failure of the first request carries no partial job (nothing was made)", async () => {
    server = await startScriptedServer("aliveai", { "POST /prompts": [noCredits] });
    const studio = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, baseUrl: server.url, maxRetries: 0 });
    const error = await rejected(() => studio.images.submit({ prompt: "a viking", n: 3 }));
    expect(error.partialJob).toBeUndefined();
  });

  it("AI Media Studio: images of the answered requests are kept in the partial job's outcome", async () => {
    const images = Array.from({ length: 8 }, (_, index) => ({ id: `img_${index}`, url: `https://cdn.example.com/img_${index}.png`, status: "completed" }));
    server = await startScriptedServer("ai-media-studio", {
      "POST /images/generate": [{ body: { success: true, images, credits_used: 8, credits_remaining: 0 } }, noCredits],
    });
    const studio = createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, baseUrl: server.url, maxRetries: 0 });
    const error = await rejected(() => studio.images.generate({ prompt: "a lighthouse", n: 20 }));
    expect(server.requestsTo("POST /images/generate")).toHaveLength(2);
    const partial = error.partialJob as StudioJobHandle<"ai-media-studio">;
    expect(partial.settled?.outputs).toHaveLength(8);
    const status = await studio.jobs.status(partial);
    expect(status.state).toBe("succeeded");
    expect(status.outputs[0]?.url).toBe("https://cdn.example.com/img_0.png");
  });

  it("Influencer Studio: batches of the scene route already queued are kept", async () => {
    server = await startScriptedServer("influencer-studio", {
      "POST /influencers/generate": [{ body: { generation_id: "gen_a", status: "queued", estimated_time: 30, credits_used: 4, images: ["https://cdn.example.com/gen_a_0.png"] } }, noCredits],
    });
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: server.url, maxRetries: 0 });
    const error = await rejected(() =>
      studio.images.submit({ prompt: "at the beach", n: 8, character: "inf_1", providerOptions: { "influencer-studio": { camera_style: "smartphone" } } } as never),
    );
    expect(error.partialJob).toMatchObject({ provider: "influencer-studio", id: "gen_a", estimatedSeconds: 30 });
  });
});
