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
