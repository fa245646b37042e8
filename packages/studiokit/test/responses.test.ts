// A 200 whose body does not match the spec: every body the facade reads is checked against the
// provider's response schema first, so it ends in a ProviderError that says what was wrong and
// carries the body — never a TypeError from inside an adapter, never a silently empty result.
// The scripted server sends these bodies on purpose (`offSpec`), bypassing its own spec check.
import { afterEach, describe, expect, it } from "vitest";
import { ProviderError, createStudio, type ProviderId } from "../src/index.js";
import { startScriptedServer, type Script, type ScriptedServer } from "./support/scripted-server.js";

const KEY = "sk-response-test-7f3a9c";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function studioAnswering<P extends ProviderId>(provider: P, script: Script) {
  server = await startScriptedServer(provider, script);
  return createStudio({ provider, apiKey: KEY, baseUrl: server.url, maxRetries: 0 } as never) as ReturnType<typeof createStudio<P>>;
}

async function failure(work: () => Promise<unknown>): Promise<ProviderError> {
  const error = await work().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("off-spec 200 bodies are ProviderErrors that say what was wrong and carry the body", () => {
  it("Influencer Studio: a submit answer without generation_id", async () => {
    const body = { status: "queued", estimated_time: 20 };
    const studio = await studioAnswering("influencer-studio", { "POST /images/generate": [{ body, offSpec: true }] });
    const error = await failure(() => studio.images.submit({ prompt: "a cat" }));
    expect(error.message).toMatch(/POST \/images\/generate answered a body that does not match its spec \(body\.generation_id is required\)/);
    expect(error.body).toEqual(body);
    expect(error.status).toBe(200);
  });

  it("Influencer Studio: a status answer without its items (a TypeError inside the adapter before)", async () => {
    const body = { generation_id: "gen_1", status: "completed" };
    const studio = await studioAnswering("influencer-studio", { "GET /generations/gen_1/status": [{ body, offSpec: true }] });
    const error = await failure(() => studio.jobs.status({ provider: "influencer-studio", id: "gen_1", kind: "image" }));
    expect(error.message).toMatch(/GET \/generations\/\{id\}\/status answered a body that does not match its spec/);
    expect(error.body).toEqual(body);
  });

  it.each([[{ success: true }], [{ success: true, data: {} }], [{ success: true, data: { models: "none" } }]])(
    "AI Studios: characters.list on %j is an error, not an empty list",
    async (body) => {
      const studio = await studioAnswering("aistudios", { "GET /model": [{ body, offSpec: true }] });
      const error = await failure(() => studio.characters.list());
      expect(error.message).toMatch(/GET \/model answered/);
      expect(error.body).toEqual(body);
    },
  );

  it("AliveAI: a prompt whose medias hold null", async () => {
    const body = { promptId: "p_1", medias: [null] };
    const studio = await studioAnswering("aliveai", { "GET /prompts/p_1": [{ body, offSpec: true }] });
    const error = await failure(() => studio.jobs.status({ provider: "aliveai", id: "p_1", kind: "image" }));
    expect(error.message).toMatch(/body\.medias\[0\] must be object/);
  });

  it("Supapost: a list that is not a list", async () => {
    const body = { influencers: [] };
    const studio = await studioAnswering("supapost", { "GET /influencers": [{ body, offSpec: true }] });
    const error = await failure(() => studio.characters.list());
    expect(error.message).toMatch(/GET \/influencers answered a body that does not match its spec \(body must be array/);
  });

  it("AI Media Studio: a synchronous generation whose images are not a list", async () => {
    const body = { images: "none", credits_used: 1 };
    const studio = await studioAnswering("ai-media-studio", { "POST /images/generate": [{ body, offSpec: true }] });
    await failure(() => studio.images.generate({ prompt: "a cat" }));
  });

  it("a body that echoes the key is carried redacted", async () => {
    const body = { status: "queued", note: `your key ${KEY}` };
    const studio = await studioAnswering("influencer-studio", { "POST /images/generate": [{ body, offSpec: true }] });
    const error = await failure(() => studio.images.submit({ prompt: "a cat" }));
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(JSON.stringify(error.body)).not.toContain(KEY);
  });
});
