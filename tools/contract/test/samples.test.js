// The request builders the contract suite relies on: valid requests come from the spec's examples,
// and every invalid variant really is invalid (checked with the same Ajv setup as our validators).
import { describe, expect, it } from "vitest";
import { collectOperations, compileValidators, loadBundledSpec, providers, specPath, validatorName } from "@studiokit-tools/codegen";
import { invalidBodies, sampleFromSchema, validRequest } from "../src/samples.js";

describe("sampleFromSchema", () => {
  const doc = { components: { schemas: { Size: { type: "integer", minimum: 3 } } } };
  it("prefers examples, then defaults, then enum values, then the type's smallest valid value", () => {
    expect(sampleFromSchema(doc, { type: "string", example: "e", default: "d" })).toBe("e");
    expect(sampleFromSchema(doc, { type: "string", default: "d" })).toBe("d");
    expect(sampleFromSchema(doc, { type: "string", enum: ["a", "b"] })).toBe("a");
    expect(sampleFromSchema(doc, { $ref: "#/components/schemas/Size" })).toBe(3);
    expect(sampleFromSchema(doc, { type: "object", required: ["n"], properties: { n: { type: "string", minLength: 2 } } })).toEqual({ n: "xx" });
  });
});

for (const provider of providers) {
  describe(`${provider.id} samples`, async () => {
    const doc = await loadBundledSpec(specPath(provider.id));
    const operations = collectOperations(doc);
    const validators = compileValidators(doc, operations);
    for (const operation of operations.filter((o) => o.body && /json/.test(o.body.contentType))) {
      const request = validRequest(doc, operation);
      const validate = validators[validatorName(operation.operationId, "body")];
      it(`${operation.operationId}: the example body is valid and every variant is not`, () => {
        expect(validate(request.body), JSON.stringify(validate.errors)).toBe(true);
        for (const variant of invalidBodies(doc, operation, request.body)) {
          expect(validate(variant.body), variant.description).toBe(false);
        }
      });
    }
  });
}

// The class the contract suite proves for every provider: each request body, JSON or form, gets an
// unknown-field variant (the specs close every request object; see codegen's closed-requests test).
for (const provider of providers) {
  describe(`${provider.id} unknown-field variants`, async () => {
    const doc = await loadBundledSpec(specPath(provider.id));
    const operations = collectOperations(doc).filter((operation) => operation.body && operation.body.contentType !== "application/octet-stream");
    for (const operation of operations) {
      it(`${operation.operationId} has an unknown-field variant${/json/.test(operation.body.contentType) ? " that Prism sees" : " checked locally (a form)"}`, () => {
        const variants = invalidBodies(doc, operation, validRequest(doc, operation).body);
        const unknown = variants.find((variant) => variant.field === "not_a_field");
        expect(unknown, `no unknown-field variant for ${operation.operationId}`).toBeDefined();
        expect(unknown.prismSees).toBe(/json/.test(operation.body.contentType) ? undefined : false);
      });
    }
  });
}

describe("unknown-field variants of composed and nested objects", () => {
  const doc = {
    paths: {},
    components: {
      schemas: {
        Options: { type: "object", properties: { webhookUrl: { type: "string" } } },
        Settings: { type: "object", additionalProperties: false, properties: { duration: { type: "integer" } } },
        Request: {
          unevaluatedProperties: false,
          allOf: [{ $ref: "#/components/schemas/Options" }, { type: "object", properties: { settings: { $ref: "#/components/schemas/Settings" } } }],
        },
      },
    },
  };
  const operation = { body: { contentType: "application/json", schemaPointer: "#/components/schemas/Request", binaryFields: [] } };
  const variants = invalidBodies(doc, operation, { webhookUrl: "https://hooks.example/a", settings: { duration: 4 } });

  it("treats unevaluatedProperties: false as closed", () => {
    expect(variants.find((variant) => variant.field === "not_a_field")?.body).toMatchObject({ not_a_field: 1 });
  });
  it("adds an unknown field inside the first closed nested object", () => {
    expect(variants.find((variant) => variant.field === "settings.not_a_field")?.body).toEqual({
      webhookUrl: "https://hooks.example/a",
      settings: { duration: 4, not_a_field: 1 },
    });
  });
});
