// Webhooks: submit({ webhookUrl }) sends the provider's own field where its route takes one (checked
// against the Prism mocks, which validate the body), warns where it does not, and parseWebhook /
// verifyWebhookToken read what the provider posts back.
import { describe, expect, it } from "vitest";
import { createStudio, ConfigurationError, ValidationError, AuthenticationError } from "../src/index.js";
import { parseWebhook, verifyWebhookToken, webhookUrlWithToken } from "../src/webhooks.js";
import { fakeClock } from "./support/clock.js";
import { TEST_API_KEY, useProviderMock } from "./support/prism.js";
import { forbiddenFetch, recordingFetch } from "./support/recording.js";

const influencerStudio = useProviderMock("influencer-studio");
const aistudios = useProviderMock("aistudios");
const aliveai = useProviderMock("aliveai");
const hook = "https://receiver.example/hooks/one?ref=job-7";

describe("submit({ webhookUrl })", () => {
  it("Influencer Studio images and videos send it as `webhook`", async () => {
    const recorder = recordingFetch();
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: influencerStudio.url(), fetch: recorder.fetch, clock: fakeClock() });
    const image = await studio.images.submit({ prompt: "a lighthouse", webhookUrl: hook });
    const video = await studio.videos.submit({ prompt: "waves", webhookUrl: hook });
    expect(recorder.requests.map((request) => [request.path, (request.body as { webhook?: string }).webhook])).toEqual([
      ["/images/generate", hook],
      ["/videos/generate", hook],
    ]);
    expect(image.warnings).toBeUndefined();
    expect(video.warnings).toBeUndefined();
  });

  it("Influencer Studio's character video route takes none: not sent, and said", async () => {
    const recorder = recordingFetch();
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: influencerStudio.url(), fetch: recorder.fetch, clock: fakeClock() });
    const handle = await studio.videos.submit({ prompt: "a wave", character: "inf_1", webhookUrl: hook });
    expect(recorder.requests[0]!.body).not.toHaveProperty("webhook");
    expect(handle.warnings).toEqual([expect.objectContaining({ type: "unsupported-option", option: "webhookUrl" })]);
  });

  it("AI Studios sends it as `webhookUrl`", async () => {
    const recorder = recordingFetch();
    const studio = createStudio({ provider: "aistudios", apiKey: TEST_API_KEY, baseUrl: aistudios.url(), fetch: recorder.fetch, clock: fakeClock() });
    await studio.videos.submit({ prompt: "Hello", character: "M000045058", webhookUrl: hook });
    const post = recorder.requests.find((request) => request.path === "/simple/video")!;
    expect((post.body as { webhookUrl?: string }).webhookUrl).toBe(hook);
  });

  it("a provider without webhooks gets a warning, not a silent drop", async () => {
    const studio = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, baseUrl: aliveai.url(), clock: fakeClock() });
    const handle = await studio.images.submit({ prompt: "a portrait", webhookUrl: hook });
    expect(handle.warnings?.map((warning) => warning.option)).toContain("webhookUrl");
  });

  it("a webhookUrl that is not an http(s) URL is refused before any request", async () => {
    const forbidden = forbiddenFetch();
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, baseUrl: influencerStudio.url(), fetch: forbidden.fetch });
    const error = await studio.images.submit({ prompt: "x", webhookUrl: "ftp://nope" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe("webhookUrl");
    expect(forbidden.count()).toBe(0);
  });
});

describe("parseWebhook", () => {
  it("reads AI Studios' documented progress payload", () => {
    expect(parseWebhook("aistudios", JSON.stringify({ progress: 40, backendTaskId: "t1" }))).toMatchObject({ state: "running", progress: 0.4, outputs: [], taskId: "t1", payload: "documented" });
    const done = parseWebhook("aistudios", { progress: 100, credit: 3, backendTaskId: "t1", download_url: "https://cdn.example/v.mp4" });
    expect(done).toMatchObject({ state: "succeeded", progress: 1, creditsUsed: 3, outputs: [{ url: "https://cdn.example/v.mp4", mediaType: "video/mp4" }] });
    expect(parseWebhook("aistudios", { progress: 0 }).state).toBe("queued");
  });

  it("refuses a malformed AI Studios payload naming the field", () => {
    const error = (() => {
      try {
        parseWebhook("aistudios", { progress: 140 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe("progress");
    expect(() => parseWebhook("aistudios", "not json")).toThrow(/not JSON/);
  });

  it("reads an Influencer Studio body as a generation status, marked inferred, and refuses anything else", () => {
    const status = parseWebhook("influencer-studio", {
      generation_id: "g1",
      status: "completed",
      result_urls: ["https://cdn.example/a.jpg"],
      credits_used: 24,
      total_items: 1,
      completed_items: 1,
      failed_items: 0,
      items: [{ id: "i1", type: "image", status: "COMPLETED", url: "https://cdn.example/a.jpg" }],
    });
    expect(status).toMatchObject({ jobId: "g1", state: "succeeded", payload: "inferred", creditsUsed: 24, outputs: [{ url: "https://cdn.example/a.jpg", mediaType: "image/jpeg", id: "i1" }] });
    expect(() => parseWebhook("influencer-studio", { event: "done" })).toThrow(/publishes no webhook payload/);
  });

  it("refuses a status that names an inherited property instead of reading it as a state", () => {
    for (const status of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const body = `{"generation_id":"g1","status":${JSON.stringify(status)},"result_urls":[],"items":[]}`;
      expect(() => parseWebhook("influencer-studio", body), status).toThrow(ValidationError);
    }
  });
});

describe("verifyWebhookToken", () => {
  const secret = "whsec-test-5b1e";
  it("accepts the URL it made and refuses a missing or wrong token without echoing either", () => {
    const url = webhookUrlWithToken(hook, secret);
    expect(new URL(url).searchParams.get("ref")).toBe("job-7");
    const path = new URL(url).pathname + new URL(url).search;
    expect(() => verifyWebhookToken(path, secret)).not.toThrow();
    expect(() => verifyWebhookToken("/hooks/one?ref=job-7", secret)).toThrow(AuthenticationError);
    const wrong = (() => {
      try {
        verifyWebhookToken("/hooks/one?studiokit_token=guess-123", secret);
      } catch (caught) {
        return caught as AuthenticationError;
      }
    })();
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(wrong) + wrong!.message).not.toContain(secret);
  });
});

describe("webhook helpers given bad input", () => {
  const caught = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error;
    }
    throw new Error("expected a throw");
  };

  it("are ConfigurationErrors with a reason, never bare TypeErrors", () => {
    expect(caught(() => webhookUrlWithToken(hook, ""))).toMatchObject({ code: "configuration", reason: "invalid_option", option: "token" });
    // An unset variable as the expected token must not accept a call that carries an empty one.
    expect(caught(() => verifyWebhookToken("/hooks/one?studiokit_token=", ""))).toMatchObject({ code: "configuration", option: "token" });
    expect(caught(() => verifyWebhookToken("/hooks/one", undefined as unknown as string))).toMatchObject({ code: "configuration", option: "token" });
    const badUrl = caught(() => webhookUrlWithToken("receiver.example/hooks", "whsec-test-5b1e"));
    expect(badUrl).toBeInstanceOf(ConfigurationError);
    expect(badUrl).toMatchObject({ reason: "invalid_option", option: "url" });
    // Plain JavaScript: a provider that posts no webhooks is named as such, whatever the body.
    const unknown = caught(() => parseWebhook("aliveai" as "aistudios", "not json"));
    expect(unknown).toBeInstanceOf(ConfigurationError);
    expect(unknown).toMatchObject({ reason: "unknown_provider", option: "provider" });
    expect((unknown as Error).message).toMatch(/aliveai sends no webhooks/);
  });
});
