/**
 * Validation before spending: with a compiled validator (Ajv, as the generator compiles them) a bad
 * request fails locally, names each offending field, and never reaches the server.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { ValidationError, type ApiDefinition, type CompiledValidator } from "../src/index.js";
import { answer } from "./support/scripted-server.js";
import { rejectionOf, testDefinition, testOperations, useHarness, type VideoRequest } from "./support/fixtures.js";

// ajv-formats is CommonJS: its default export arrives as the module object, whose `.default` is the plugin.
const addFormats = addFormatsModule.default;

const h = useHarness();

/** The same Ajv options the code generator uses. */
const ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true, validateFormats: true });
addFormats(ajv);

const videoBody = ajv.compile({
  type: "object",
  required: ["prompt"],
  additionalProperties: false,
  properties: {
    prompt: { type: "string", minLength: 1, maxLength: 500 },
    images: { type: "array", maxItems: 4, items: { type: "string", format: "uri" } },
    settings: {
      type: "object",
      additionalProperties: false,
      properties: {
        duration: { type: "integer", minimum: 1, maximum: 10 },
        resolution: { enum: ["720p", "1080p"] },
      },
    },
  },
}) as CompiledValidator;

const listQuery = ajv.compile({
  type: "object",
  properties: { pageSize: { type: "integer", minimum: 1, maximum: 100 } },
}) as CompiledValidator;

const idPath = ajv.compile({
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", pattern: "^inf_[a-z0-9]+$" } },
}) as CompiledValidator;

const validated: ApiDefinition = testDefinition({
  operations: {
    ...testOperations,
    "POST /videos/generate": {
      ...testOperations["POST /videos/generate"],
      body: { contentType: "application/json", required: true, validate: videoBody },
    },
    "GET /influencers": { ...testOperations["GET /influencers"], query: listQuery },
    "DELETE /influencers/{id}": { ...testOperations["DELETE /influencers/{id}"], pathParams: idPath },
  },
});

async function localError(call: Promise<unknown>): Promise<ValidationError> {
  const error = await rejectionOf(call);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("request validation before sending", () => {
  it("rejects a bad nested field locally, naming body.settings.duration, and sends nothing", async () => {
    const body: VideoRequest = { prompt: "a cat surfing", settings: { duration: 30 } };

    const error = await localError(h.client({}, validated).POST("/videos/generate", { body }));

    expect(error).toMatchObject({ code: "validation", local: true, provider: "test-studio", operation: "generateVideo", status: undefined });
    expect(error.issues).toEqual([{ path: "body.settings.duration", message: "must be <= 10" }]);
    expect(error.message).toContain("nothing was sent");
    expect(error.message).toContain("body.settings.duration must be <= 10");
    expect(h.server.requests).toHaveLength(0);
  });

  it("names a missing required field", async () => {
    const error = await localError(h.client({}, validated).POST("/videos/generate", { body: {} as VideoRequest }));

    expect(error.issues).toEqual([{ path: "body.prompt", message: "is required" }]);
    expect(h.server.requests).toHaveLength(0);
  });

  it("names an unknown field", async () => {
    const body = { prompt: "x", settings: { durationSeconds: 5 } } as VideoRequest;

    const error = await localError(h.client({}, validated).POST("/videos/generate", { body }));

    expect(error.issues).toEqual([{ path: "body.settings.durationSeconds", message: "is not a known field" }]);
  });

  it("names an unknown field of an object closed with unevaluatedProperties (allOf composition)", async () => {
    const composed = ajv.compile({
      allOf: [{ type: "object", properties: { webhookUrl: { type: "string" } } }, { type: "object", properties: { prompt: { type: "string" } } }],
      unevaluatedProperties: false,
    }) as CompiledValidator;
    const definition = testDefinition({
      operations: {
        ...testOperations,
        "POST /videos/generate": { ...testOperations["POST /videos/generate"], body: { contentType: "application/json", required: true, validate: composed } },
      },
    });
    const body = { prompt: "x", webhookUrl: "https://hooks.example/a", webhookurl: "https://hooks.example/b" } as unknown as VideoRequest;

    const error = await localError(h.client({}, definition).POST("/videos/generate", { body }));

    expect(error.issues).toEqual([{ path: "body.webhookurl", message: "is not a known field" }]);
    expect(h.server.requests).toHaveLength(0);
  });

  it("names an array item by index and lists an enum's allowed values", async () => {
    const body = { prompt: "x", images: ["https://cdn.example/a.png", "not a url"], settings: { resolution: "4k" } } as unknown as VideoRequest;

    const error = await localError(h.client({}, validated).POST("/videos/generate", { body }));

    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: "body.images[1]", message: 'must match format "uri"' },
        { path: "body.settings.resolution", message: 'must be one of "720p", "1080p"' },
      ]),
    );
    expect(error.issues).toHaveLength(2);
  });

  it("reports every problem at once", async () => {
    const body = { prompt: "", settings: { duration: 0, resolution: "8k" }, extra: true } as unknown as VideoRequest;

    const error = await localError(h.client({}, validated).POST("/videos/generate", { body }));

    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      "body.extra",
      "body.prompt",
      "body.settings.duration",
      "body.settings.resolution",
    ]);
  });

  it("checks query parameters", async () => {
    const error = await localError(h.client({}, validated).GET("/influencers", { params: { query: { pageSize: 500 } } }));

    expect(error.issues).toEqual([{ path: "query.pageSize", message: "must be <= 100" }]);
    expect(h.server.requests).toHaveLength(0);
  });

  it("checks path parameters", async () => {
    const error = await localError(h.client({}, validated).DELETE("/influencers/{id}", { params: { path: { id: "../admin" } } }));

    expect(error.issues).toEqual([{ path: "path.id", message: 'must match pattern "^inf_[a-z0-9]+$"' }]);
    expect(h.server.requests).toHaveLength(0);
  });

  it("sends a valid body exactly as given", async () => {
    h.server.reply(answer.json(200, { id: "gen_1", status: "queued" }));
    const body: VideoRequest = { prompt: "a cat surfing", images: ["https://cdn.example/a.png"], settings: { duration: 10, resolution: "1080p" } };

    await h.client({}, validated).POST("/videos/generate", { body });

    expect(h.server.requests).toHaveLength(1);
    expect(JSON.parse(h.server.requests[0]!.body)).toEqual(body);
    expect(h.server.requests[0]!.headers["content-type"]).toBe("application/json");
  });

  it("sends a bad body when validation is switched off, and maps the provider's verdict", async () => {
    h.server.reply(answer.problem(422, { title: "Unprocessable", violations: [{ field: "settings.duration", message: "must be <= 10" }] }));

    const error = await localError(
      h.client({ validate: false }, validated).POST("/videos/generate", { body: { prompt: "x", settings: { duration: 30 } } }),
    );

    expect(error).toMatchObject({ local: false, status: 422, issues: [{ path: "settings.duration", message: "must be <= 10" }] });
    expect(h.server.requests).toHaveLength(1);
  });
});
