// Every example in every spec validates against its schema: request and response bodies, parameters,
// and examples on schemas themselves. Prism serves these examples, so an invalid one would make the
// mocks lie.
import { describe, expect, it } from "vitest";
import { createAjv, deref, loadBundledSpec, providers, specPath } from "../src/index.js";
import { escapePointer } from "../src/spec.js";
import { existsSync } from "node:fs";

const SPEC_ID = "https://studiokit.invalid/spec";

/** Walks the document and yields [label, schemaPointer, example] for each example found. */
function* examplesOf(doc) {
  function* fromMedia(media, pointer, label) {
    if (!media?.schema) return;
    if (media.example !== undefined) yield [`${label} example`, `${pointer}/schema`, media.example];
    for (const [name, example] of Object.entries(media.examples ?? {})) {
      const { value } = deref(doc, example, "");
      if (value && "value" in value) yield [`${label} example "${name}"`, `${pointer}/schema`, value.value];
    }
  }
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!operation || typeof operation !== "object" || !operation.responses) continue;
      const base = `#/paths/${escapePointer(path)}/${method}`;
      const label = `${method.toUpperCase()} ${path}`;
      for (const [index, raw] of (operation.parameters ?? []).entries()) {
        const { value: param, pointer } = deref(doc, raw, `${base}/parameters/${index}`);
        if (param.example !== undefined) yield [`${label} parameter ${param.name}`, `${pointer}/schema`, param.example];
      }
      if (operation.requestBody) {
        const { value: body, pointer } = deref(doc, operation.requestBody, `${base}/requestBody`);
        for (const [type, media] of Object.entries(body.content ?? {})) {
          yield* fromMedia(media, `${pointer}/content/${escapePointer(type)}`, `${label} request ${type}`);
        }
      }
      for (const [status, raw] of Object.entries(operation.responses)) {
        const { value: response, pointer } = deref(doc, raw, `${base}/responses/${status}`);
        for (const [type, media] of Object.entries(response.content ?? {})) {
          yield* fromMedia(media, `${pointer}/content/${escapePointer(type)}`, `${label} ${status} ${type}`);
        }
      }
    }
  }
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    if (schema.example !== undefined) yield [`schema ${name} example`, `#/components/schemas/${escapePointer(name)}`, schema.example];
    for (const [index, example] of (schema.examples ?? []).entries()) {
      yield [`schema ${name} examples[${index}]`, `#/components/schemas/${escapePointer(name)}`, example];
    }
  }
}

for (const provider of providers.filter((p) => existsSync(specPath(p.id)))) {
  describe(`${provider.id} examples`, async () => {
    const doc = await loadBundledSpec(specPath(provider.id));
    const ajv = createAjv();
    ajv.addSchema(doc, SPEC_ID, undefined, false);
    const examples = [...examplesOf(doc)];

    it("has an example for every request body and every response with content", () => {
      expect(examples.length).toBeGreaterThan(0);
      const missing = [];
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          if (!operation?.responses) continue;
          const bodies = [];
          if (operation.requestBody) bodies.push(["request", deref(doc, operation.requestBody, "").value]);
          for (const [status, raw] of Object.entries(operation.responses)) bodies.push([status, deref(doc, raw, "").value]);
          for (const [what, node] of bodies) {
            for (const [type, media] of Object.entries(node.content ?? {})) {
              if (media.example === undefined && !media.examples) missing.push(`${method.toUpperCase()} ${path} ${what} ${type}`);
            }
          }
        }
      }
      expect(missing).toEqual([]);
    });

    for (const [label, pointer, example] of examples) {
      it(`${label} is valid`, () => {
        const validate = ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
        expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
      });
    }
  });
}
