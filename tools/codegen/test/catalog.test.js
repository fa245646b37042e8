// The operation catalog (@studiokit/<provider>/catalog): every operation of every spec, each schema
// standing alone, and judging bodies exactly as the generated validators do.
import { describe, expect, it } from "vitest";
import { buildCatalog, inlineSchema } from "../src/catalog.js";
import { collectOperations, compileValidators, createAjv, docsPort, loadBundledSpec, providers, specPath, validatorName } from "../src/index.js";

describe.each(providers.map((provider) => [provider.id, provider]))("%s catalog", (_id, provider) => {
  it("lists every operation with self-contained schemas that agree with the validators", async () => {
    const doc = await loadBundledSpec(specPath(provider.id));
    const operations = collectOperations(doc);
    const catalog = buildCatalog(provider, doc, operations, docsPort);
    expect(catalog.operations.map((operation) => operation.operationId)).toEqual(operations.map((operation) => operation.operationId));
    expect(JSON.stringify(catalog)).not.toContain('"$ref"');
    expect(catalog.mockPort - catalog.mockPortOffset).toBe(docsPort);

    const validators = compileValidators(doc, operations);
    const ajv = createAjv();
    for (const [index, operation] of catalog.operations.entries()) {
      const body = operation.body;
      if (!body || !/json/.test(body.contentType)) continue;
      const ours = ajv.compile(body.schema);
      const generated = validators[validatorName(operation.operationId, "body")];
      const source = operations[index].body;
      const media = doc.paths[operations[index].path]?.[operation.method.toLowerCase()]?.requestBody?.content?.[source.contentType];
      // The spec's example, an empty body, and a body with a wrong type everywhere: the same verdict.
      const samples = [media?.example, {}, Object.fromEntries(Object.keys(body.schema.properties ?? {}).map((name) => [name, { wrong: true }]))].filter((sample) => sample !== undefined);
      for (const sample of samples) expect(ours(sample), `${operation.operationId} ${JSON.stringify(sample).slice(0, 80)}`).toBe(generated(sample));
    }
  });
});

describe("inlineSchema", () => {
  it("inlines references, keeps sibling keywords and property names, and cuts cycles", () => {
    const doc = {
      components: {
        schemas: {
          Node: { type: "object", properties: { example: { type: "string" }, child: { $ref: "#/components/schemas/Node" } }, example: { child: null } },
          Named: { $ref: "#/components/schemas/Node", description: "a named node" },
        },
      },
    };
    const named = inlineSchema(doc, doc.components.schemas.Named);
    expect(named.description).toBe("a named node");
    expect(named.properties.example).toEqual({ type: "string" }); // a property called example survives
    expect(named).not.toHaveProperty("example"); // the example keyword does not
    expect(named.properties.child).toEqual({ description: "Recursive: see Node" });
  });
});
