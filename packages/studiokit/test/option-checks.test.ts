// Every option the facade takes is checked before anything is sent: an unknown name is refused with
// the nearest known one, a wrong type or range names its field, a configuration problem is a
// ConfigurationError with a `reason` to branch on, text fields and `n` have documented bounds, and
// a job handle is checked as a whole (ids that would change a request path are refused). Each case
// runs against a fetch that fails the test if anything is sent.
import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  StudioKitError,
  ValidationError,
  createStudio,
  providerIds,
  type ProviderId,
  type StudioJobHandle,
} from "../src/index.js";
import { problemsOf, type OptionTable } from "../src/checks.js";
import { callOptionTables } from "../src/options.js";
import { createStudio as createAliveAIStudio } from "../src/providers/aliveai.js";
import { TEST_API_KEY } from "./support/prism.js";
import { forbiddenFetch, recordingFetch } from "./support/recording.js";

const caught = async (work: () => unknown): Promise<unknown> => {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
};

/** A studio whose every request fails the test. */
function offline(provider: ProviderId, extra: Record<string, unknown> = {}) {
  const forbidden = forbiddenFetch();
  const studio = createStudio({ provider, apiKey: TEST_API_KEY, fetch: forbidden.fetch, ...extra } as never);
  return { studio, sent: forbidden.count };
}

describe("createStudio: configuration errors are ConfigurationErrors with a reason", () => {
  const cases: [string, Record<string, unknown>, string, string, RegExp][] = [
    ["an unknown option", { timeout: 5000 }, "unknown_option", "timeout", /did you mean "timeoutMs"/],
    ["a misspelt option", { maxRetires: 1 }, "unknown_option", "maxRetires", /did you mean "maxRetries"/],
    ["maxRetries: -1", { maxRetries: -1 }, "invalid_option", "maxRetries", /maxRetries must be a whole number from 0 to 10/],
    ["timeoutMs: -1", { timeoutMs: -1 }, "invalid_option", "timeoutMs", /timeoutMs must be a whole number/],
    ['timeoutMs: "fast"', { timeoutMs: "fast" }, "invalid_option", "timeoutMs", /got "fast"/],
    ["baseUrl not a URL", { baseUrl: "localhost:4010" }, "invalid_base_url", "baseUrl", /absolute http\(s\) URL/],
    ["baseUrl of another scheme", { baseUrl: "ftp://127.0.0.1" }, "invalid_base_url", "baseUrl", /absolute http\(s\) URL/],
    ["baseUrl over plain http to another machine", { baseUrl: "http://studio.example.invalid" }, "invalid_base_url", "baseUrl", /must use https .* unencrypted/],
    ["a nested unknown option", { retry: { maxDelay: 5 } }, "unknown_option", "retry.maxDelay", /did you mean "maxDelayMs"/],
    ["fetch not a function", { fetch: "yes" }, "invalid_option", "fetch", /must be a function/],
    ["region on a provider without regions", { region: "china" }, "unknown_option", "region", /region is not an option here: Influencer Studio has one server/],
    ["login on a provider without logins", { login: { email: "a@b.c", password: "pw-1" } }, "unknown_option", "login", /only AliveAI takes a login/],
    ["a header with a line break", { headers: { "x-a": "1\r\nx-b: 2" } }, "invalid_option", "headers.x-a", /header can carry/],
    ["limits.maxTextLength: 0", { limits: { maxTextLength: 0 } }, "invalid_option", "limits.maxTextLength", /at least 1/],
  ];
  it.each(cases)("%s", (_what, extra, reason, option, message) => {
    const error = (() => {
      try {
        createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, ...extra } as never);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toBeInstanceOf(StudioKitError);
    expect(error).toMatchObject({ code: "configuration", reason, option });
    expect((error as Error).message).toMatch(message);
  });

  it("an unknown provider suggests the nearest one", () => {
    expect(() => createStudio({ provider: "aliveia", apiKey: TEST_API_KEY } as never)).toThrow(
      expect.objectContaining({ code: "configuration", reason: "unknown_provider", message: expect.stringMatching(/did you mean "aliveai"/) }),
    );
    expect(() => createAliveAIStudio({ provider: "supapost", apiKey: TEST_API_KEY } as never)).toThrow(
      expect.objectContaining({ code: "configuration", reason: "unknown_provider" }),
    );
  });

  it("a missing key is missing_credentials; apiKey and login together are refused", () => {
    for (const options of [{ provider: "supapost" }, { provider: "supapost", apiKey: "  " }, { provider: "aliveai", login: { email: "a@b.c" } }]) {
      expect(() => createStudio(options as never)).toThrow(expect.objectContaining({ code: "configuration", reason: "missing_credentials" }));
    }
    expect(() => createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, login: { email: "a@b.c", password: "pw-secret-1" } } as never)).toThrow(
      ConfigurationError,
    );
  });

  it("authScheme is checked against the provider's schemes", () => {
    expect(() => createStudio({ provider: "ai-media-studio", apiKey: TEST_API_KEY, authScheme: "apiKeyHeadr" } as never)).toThrow(
      expect.objectContaining({ reason: "invalid_option", option: "authScheme", message: expect.stringMatching(/did you mean "apiKeyHeader"/) }),
    );
  });

  it("a key no header can carry is refused without quoting it", () => {
    const key = "sk-line\nbreak-SECRET";
    const error = (() => {
      try {
        createStudio({ provider: "supapost", apiKey: key });
      } catch (thrown) {
        return thrown as ConfigurationError;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ code: "configuration", option: "apiKey" });
    expect(JSON.stringify(error)).not.toContain("SECRET");
    expect(error?.message).not.toContain("SECRET");
  });
});

describe("call options: unknown names and bad values are ValidationErrors naming the field, before any request", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["promt", { promt: "a cat" }, "promt", /did you mean "prompt"/],
    ["batch", { prompt: "a cat", batch: 2 }, "batch", /not a known option/],
    ["onProgress: 5", { prompt: "a cat", onProgress: 5 }, "onProgress", /must be a function/],
    ["timeoutMs: -1", { prompt: "a cat", timeoutMs: -1 }, "timeoutMs", /whole number/],
    ['timeoutMs: "fast"', { prompt: "a cat", timeoutMs: "fast" }, "timeoutMs", /got "fast"/],
    ["signal: {}", { prompt: "a cat", signal: { aborted: "no" } }, "signal", /must be an AbortSignal/],
    ["seed: 1.5", { prompt: "a cat", seed: 1.5 }, "seed", /whole number/],
    ["providerOptions of an unknown provider", { prompt: "a cat", providerOptions: { aliveia: {} } }, "providerOptions.aliveia", /did you mean "aliveai"/],
  ];
  for (const provider of ["influencer-studio", "ai-media-studio", "aliveai"] as const) {
    it.each(cases)(`${provider} images.generate: %s`, async (_what, options, path, message) => {
      const { studio, sent } = offline(provider);
      const error = await caught(() => studio.images.generate(options as never));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ local: true });
      const issue = (error as ValidationError).issues.find((candidate) => candidate.path === path);
      expect(issue?.message).toMatch(message);
      expect(sent()).toBe(0);
    });
  }

  it.each([
    ["aliveai", { modle: "X" }, "providerOptions.aliveai.modle", "model"],
    ["ai-media-studio", { safety_tolerence: "2" }, "providerOptions.ai-media-studio.safety_tolerence", "safety_tolerance"],
    ["influencer-studio", { negative_promt: "x" }, "providerOptions.influencer-studio.negative_promt", "negative_prompt"],
  ] as const)("%s: an unknown providerOptions field names the nearest request field", async (provider, own, path, nearest) => {
    const { studio, sent } = offline(provider);
    const error = await caught(() => studio.images.submit({ prompt: "a cat", providerOptions: { [provider]: own } } as never));
    expect(error).toMatchObject({ code: "validation", issues: [{ path }] });
    expect((error as ValidationError).issues[0]?.message).toContain(`did you mean "${nearest}"`);
    expect(sent()).toBe(0);
  });

  it.each([
    ["aliveai", { detailLevel: "ULTRA" }, "providerOptions.aliveai.detailLevel"],
    ["ai-media-studio", { safety_tolerance: 9 }, "providerOptions.ai-media-studio.safety_tolerance"],
  ] as const)("%s: a providerOptions value the request schema refuses is named where the caller wrote it", async (provider, own, path) => {
    const { studio, sent } = offline(provider);
    const error = await caught(() => studio.images.submit({ prompt: "a cat", providerOptions: { [provider]: own } } as never));
    expect(error).toMatchObject({ code: "validation", local: true, issues: expect.arrayContaining([expect.objectContaining({ path })]) });
    expect(sent()).toBe(0);
  });

  it("videos, characters and jobs calls are checked the same way", async () => {
    const { studio, sent } = offline("influencer-studio");
    const handle: StudioJobHandle = { provider: "influencer-studio", id: "gen_1", kind: "image" };
    const checks: [() => unknown, string][] = [
      [() => studio.videos.submit({ prompt: "x", durationSecs: 5 } as never), "durationSecs"],
      [() => studio.characters.list({ signl: undefined } as never), "signl"],
      [() => studio.characters.list({ signal: "stop" } as never), "signal"],
      [() => studio.characters.create({ images: ["https://example.com/a.png"], nmae: "Ava" } as never), "nmae"],
      [() => studio.jobs.status(handle, { timeoutMs: 0 }), "timeoutMs"],
      [() => studio.jobs.wait(handle, { onProgress: 5 } as never), "onProgress"],
      [() => studio.jobs.wait(handle, { timeout: 5 } as never), "timeout"],
    ];
    for (const [call, path] of checks) {
      const error = await caught(call);
      expect(error, path).toMatchObject({ code: "validation", local: true, issues: [{ path }] });
    }
    expect(sent()).toBe(0);
  });
});

describe("bounds the facade applies where a provider documents none", () => {
  const huge = "a".repeat(10 * 1024 * 1024);

  it.each(["influencer-studio", "ai-media-studio"] as const)("%s: a 10 MB prompt is refused locally", async (provider) => {
    const { studio, sent } = offline(provider);
    const error = await caught(() => studio.images.submit({ prompt: huge }));
    expect(error).toMatchObject({ code: "validation", issues: [{ path: "prompt" }] });
    expect((error as Error).message).toMatch(/at most 10000 are accepted \(limits\.maxTextLength raises the bound\)/);
    expect(sent()).toBe(0);
  });

  it("limits.maxTextLength raises the bound", async () => {
    const recorder = recordingFetch(() => new Response(JSON.stringify({ error: "stop" }), { status: 500, headers: { "content-type": "application/json" } }));
    const studio = createStudio({ provider: "influencer-studio", apiKey: TEST_API_KEY, fetch: recorder.fetch, maxRetries: 0, limits: { maxTextLength: 20_000 } });
    await caught(() => studio.images.submit({ prompt: "a".repeat(15_000) }));
    expect(recorder.requests).toHaveLength(1);
  });

  it("n above the provider's per-call cap is refused (AliveAI n: 99 would be 99 paid requests)", async () => {
    const { studio, sent } = offline("aliveai");
    const error = await caught(() => studio.images.submit({ prompt: "a cat", n: 99 }));
    expect(error).toMatchObject({ code: "validation", issues: [{ path: "n" }] });
    expect((error as Error).message).toMatch(/from 1 to 10 .*limits\.maxImagesPerCall/);
    expect(sent()).toBe(0);
  });

  it("limits.maxImagesPerCall overrides the cap", async () => {
    const recorder = recordingFetch(() => new Response(JSON.stringify({ error: "stop" }), { status: 500, headers: { "content-type": "application/json" } }));
    const studio = createStudio({ provider: "aliveai", apiKey: TEST_API_KEY, fetch: recorder.fetch, maxRetries: 0, limits: { maxImagesPerCall: 12 } });
    await caught(() => studio.images.submit({ prompt: "a cat", n: 12 }));
    expect(recorder.requests).toHaveLength(1); // the first request failed, so no more were sent
  });
});

describe("job handles are checked as a whole before anything is sent", () => {
  const base = { provider: "influencer-studio", id: "gen_1", kind: "image" };
  const bad: [string, Record<string, unknown>, string][] = [
    ['id "."', { ...base, id: "." }, "handle.id"],
    ['id ".."', { ...base, id: ".." }, "handle.id"],
    ["an empty id", { ...base, id: "" }, "handle.id"],
    ["a control character", { ...base, id: "gen\u0000_1" }, "handle.id"],
    ["a line break", { ...base, id: "gen_1\r\n" }, "handle.id"],
    ['parts: "abc"', { ...base, parts: "abc" }, "handle.parts"],
    ["parts: []", { ...base, parts: [] }, "handle.parts"],
    ['a dot segment among the parts', { ...base, parts: ["gen_1", ".."] }, "handle.parts[1]"],
    ["parts not starting with id", { ...base, parts: ["gen_2", "gen_3"] }, "handle.parts"],
    ["an unknown kind", { ...base, kind: "banana" }, "handle.kind"],
    ["a misspelt field", { ...base, estimatedSecs: 3 }, "handle.estimatedSecs"],
    ["settled not an object", { ...base, settled: "done" }, "handle.settled"],
    ["a non-number estimate", { ...base, estimatedSeconds: "soon" }, "handle.estimatedSeconds"],
  ];
  for (const provider of ["influencer-studio", "aliveai", "aistudios"] as const) {
    it.each(bad)(`${provider}: %s`, async (_what, handle, path) => {
      const { studio, sent } = offline(provider);
      const candidate = { ...handle, provider };
      for (const call of [() => studio.jobs.status(candidate as never), () => studio.jobs.wait(candidate as never, { timeoutMs: 1000 })]) {
        const error = await caught(call);
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ local: true, issues: [expect.objectContaining({ path })] });
      }
      expect(sent()).toBe(0);
    });
  }

  it("character ids that would change a path are refused (Supapost update and delete)", async () => {
    const { studio, sent } = offline("supapost");
    for (const id of ["..", ".", "", "inf\u00071"]) {
      for (const call of [() => studio.characters.delete(id), () => studio.characters.update(id, { name: "x" })]) {
        expect(await caught(call)).toMatchObject({ code: "validation", issues: [{ path: "id" }] });
      }
    }
    expect(sent()).toBe(0);
  });

  it("a character option that is a dot segment is refused", async () => {
    const { studio, sent } = offline("aistudios");
    const error = await caught(() => studio.videos.submit({ prompt: "hello", character: ".." }));
    expect(error).toMatchObject({ code: "validation", issues: [{ path: "character" }] });
    expect(sent()).toBe(0);
  });
});

describe("options the type names for every provider", () => {
  it("are fine when undefined (a spread config), refused when given where the provider lacks them", () => {
    expect(() => createStudio({ provider: "supapost", apiKey: TEST_API_KEY, authScheme: undefined, region: undefined, login: undefined } as never)).not.toThrow();
    expect(() => createStudio({ provider: "supapost", apiKey: TEST_API_KEY, authScheme: "bearerAuth" } as never)).toThrow(
      expect.objectContaining({ reason: "unknown_option", option: "authScheme" }),
    );
  });
});

// problemsOf decides the common all-fine case from the names a caller wrote, and looks at absent
// names only through `required`: any other check that refused `undefined` would be skipped there.
describe("option tables: only required() refuses an absent option", () => {
  it.each(providerIds)("%s: every other check of every call table takes undefined", (provider) => {
    const tables = callOptionTables(provider, {}, {});
    const refusing = Object.entries(tables).flatMap(([tableName, table]) =>
      Object.entries(table as OptionTable).flatMap(([name, check]) => {
        const verdict = check(undefined);
        return verdict === undefined || verdict === "is required" ? [] : [`${tableName}.${name}: ${JSON.stringify(verdict)}`];
      }),
    );
    expect(refusing).toEqual([]);
    // And the fast path agrees with the full walk on a missing required option.
    expect(problemsOf(tables.images, {})).toEqual([{ path: "prompt", message: "is required" }]);
  });
});
