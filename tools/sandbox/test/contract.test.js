// The contract is the referee: every request is checked against the spec (a bad one gets the
// provider's 400 naming the field), and every answer too — one that breaks the contract is never
// served: the caller gets a 500 naming the breach, and the breach is recorded. The last test sweeps
// every operation of every spec with its own request example.
import { createStudio } from "studiokit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VIOLATION_HEADER } from "../src/index.js";
import { describeSpec, exampleOf, loadSpec, readRegistry, specPath } from "../src/spec.js";
import { AUTH, sandbox } from "./support.js";

describe("requests", () => {
  let box;
  beforeAll(async () => {
    box = await sandbox({ providers: ["influencer-studio", "aliveai"] });
  });
  afterAll(() => box.stop());

  it("rejects a body that breaks the schema with the provider's 400, naming the field", async () => {
    const answer = await box.call("influencer-studio", "POST", "/images/generate", { body: { prompt: 5 } });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe("Invalid request: body /prompt must be string");
    expect(box.rejections.at(-1)).toMatchObject({ provider: "influencer-studio", operation: "generateImages" });
  });

  it("rejects a query parameter out of range in AliveAI's problem body", async () => {
    const answer = await box.call("aliveai", "GET", "/prompts?page=0&pageSize=500");
    expect(answer.status).toBe(400);
    expect(answer.json.violations).toEqual([expect.objectContaining({ field: "pageSize", in: "query" })]);
  });
});

describe("responses", () => {
  let box;
  beforeAll(async () => {
    box = await sandbox({
      providers: ["influencer-studio"],
      // A deliberately wrong answer: the status body loses a required field.
      transformResponse: (answer) => {
        if (answer.operation !== "getGenerationStatus") return answer;
        const { generation_id: _dropped, ...rest } = answer.body;
        return { ...answer, body: rest };
      },
    });
  });
  afterAll(() => box.stop());

  it("never serves an answer that breaks the contract: 500, the breach named and recorded", async () => {
    const made = await box.call("influencer-studio", "POST", "/images/generate", { body: { prompt: "x" } });
    expect(made.status).toBe(200);
    const answer = await box.call("influencer-studio", "GET", `/generations/${made.json.generation_id}/status`);
    expect(answer.status).toBe(500);
    expect(answer.headers.get(VIOLATION_HEADER)).toBe("response");
    expect(answer.json.problems.join()).toContain("generation_id");
    expect(box.violations).toEqual([expect.objectContaining({ provider: "influencer-studio", operation: "getGenerationStatus", direction: "response" })]);
  });

  it("makes the breach a failure for a client too", async () => {
    const studio = createStudio({ provider: "influencer-studio", apiKey: "test-key", baseUrl: box.url("influencer-studio"), maxRetries: 0 });
    const job = await studio.images.submit({ prompt: "x" });
    await expect(studio.jobs.status(job)).rejects.toMatchObject({ status: 500 });
  });
});

describe("every operation", () => {
  let box;
  let specs;
  beforeAll(async () => {
    box = await sandbox({ jobSeconds: 1 });
    specs = await Promise.all(readRegistry().providers.map(async (provider) => [provider.id, describeSpec(await loadSpec(specPath(provider.id)))]));
  });
  afterAll(() => box.stop());

  it("answers each operation's own request example within the contract", async () => {
    let called = 0;
    for (const [provider, described] of specs) {
      for (const op of described.operations) {
        const media = op.requestBody?.content?.["application/json"];
        if (op.requestBody && !media) continue; // multipart uploads: covered by the examples
        const path = op.template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(op.parameters.find((param) => param.name === name)?.example ?? "sample"));
        const query = new URLSearchParams();
        for (const param of op.parameters.filter((candidate) => candidate.in === "query" && candidate.required)) query.set(param.name, String(param.example ?? param.schema?.default ?? param.schema?.minimum ?? "0"));
        const body = media ? exampleOf(described.doc, media) : undefined;
        const pending = box.call(provider, op.method, `${path}${query.size ? `?${query}` : ""}`, { body, headers: AUTH[provider] });
        if (op.job?.synchronous) setTimeout(() => box.advance(2), 50);
        const answer = await pending;
        called++;
        // Any declared answer is fine here (a 404 for a sample id, a 400 for an example Prism would also reject); a breach is not.
        expect(answer.headers.get(VIOLATION_HEADER), `${provider} ${op.id}: ${answer.text}`).toBeNull();
        expect(answer.status, `${provider} ${op.id}`).toBeLessThan(500);
      }
    }
    expect(called).toBeGreaterThan(80);
    expect(box.violations).toEqual([]);
  }, 60_000);
});
