// The request and response validator modules are emitted without compiling Ajv's meta-schema in
// every instance: its names are replayed instead (validators.js). These tests hold the output to
// what Ajv writes when it compiles the meta-schema itself, byte for byte.
import { describe, expect, it } from "vitest";
import { collectOperations, loadBundledSpec, providers, specPath } from "../src/index.js";
import { emitResponseValidatorsModule, emitValidatorsModule, metaScope } from "../src/validators.js";

const both = async (doc) => {
  const operations = collectOperations(doc);
  const emit = (replayMetaNames) =>
    Promise.all([
      emitValidatorsModule(doc, operations, "", { replayMetaNames }),
      emitResponseValidatorsModule(doc, operations, "", { replayMetaNames }),
    ]);
  return { replayed: await emit(true), compiled: await emit(false) };
};

describe("validators with the meta-schema's names replayed", () => {
  it.each(["request", "response"])("%s instances: the recorded names are what compiling the meta-schema draws", (kind) => {
    expect(metaScope(kind, { live: true })).not.toBeNull();
    expect(metaScope(kind)).toEqual(metaScope(kind, { live: true }));
  });

  it.each(providers.map((provider) => provider.id))("%s: the same modules as with the meta-schema compiled", async (id) => {
    const { replayed, compiled } = await both(await loadBundledSpec(specPath(id)));
    expect(replayed[0]).toBe(compiled[0]);
    expect(replayed[1]).toBe(compiled[1]);
  });

  it("shares a constant with the meta-schema where the meta-schema's compilation keyed it (a pattern of its own)", async () => {
    // `^[^#]*#?$` and the anchor pattern are the meta-schema's own: Ajv gives a schema's equal
    // pattern the name the meta-schema's compilation drew for it, not a new one.
    const doc = {
      openapi: "3.1.0",
      info: { title: "Demo", version: "1" },
      paths: {
        "/things": {
          post: {
            operationId: "createThing",
            requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
            responses: { 200: { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } },
          },
        },
      },
      components: {
        schemas: {
          Thing: {
            type: "object",
            properties: { ref: { type: "string", pattern: "^[^#]*#?$" }, anchor: { type: "string", pattern: "^[A-Za-z_][-A-Za-z0-9._]*$" }, other: { type: "string", pattern: "^x+$" } },
          },
        },
      },
    };
    const { replayed, compiled } = await both(doc);
    expect(replayed[0]).toBe(compiled[0]);
    expect(replayed[1]).toBe(compiled[1]);
    expect(compiled[0]).toMatch(/const pattern0 = new RegExp\("\^\[\^#\]\*#\?\$", "u"\)/);
    expect(compiled[0]).toMatch(/const pattern1 = new RegExp/);
    // The meta-schema drew pattern0…pattern3; each lookup of a shared pattern draws a name too.
    expect(compiled[0]).toMatch(/const pattern6 = new RegExp\("\^x\+\$", "u"\)/);
  });
});
