// A response field that every documented example shows is `required`, so that the generated types do
// not make every caller write `?.` for ids, statuses, credits, estimates and outputs. A field stays
// optional only when its type allows null (the provider says it can be null) or the schema says why
// in `x-studiokit-optional: { field: reason }`. Objects that also travel in requests (request echoes,
// AI Studios scene documents) follow the request rules instead and are not checked here.
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { collectOperations, deref, loadBundledSpec, providers, resolvePointer, specPath } from "../src/index.js";
import { escapePointer } from "../src/spec.js";

/** Pointers of every schema reachable from a request body. */
function requestSchemas(doc) {
  const seen = new Set();
  const walk = (node, pointer) => {
    const { value: s, pointer: at } = deref(doc, node, pointer);
    if (!s || typeof s !== "object" || seen.has(at)) return;
    seen.add(at);
    for (const [name, property] of Object.entries(s.properties ?? {})) walk(property, `${at}/properties/${escapePointer(name)}`);
    if (s.items) walk(s.items, `${at}/items`);
    if (typeof s.additionalProperties === "object") walk(s.additionalProperties, `${at}/additionalProperties`);
    for (const keyword of ["allOf", "oneOf", "anyOf"]) (s[keyword] ?? []).forEach((part, index) => walk(part, `${at}/${keyword}/${index}`));
  };
  for (const operation of collectOperations(doc)) if (operation.body) walk(resolvePointer(doc, operation.body.schemaPointer), operation.body.schemaPointer);
  return seen;
}

const isNullable = (doc, schema) => {
  const { value: s } = deref(doc, schema, "");
  if (!s) return false;
  if (s.type === "null" || (Array.isArray(s.type) && s.type.includes("null"))) return true;
  return [...(s.oneOf ?? []), ...(s.anyOf ?? [])].some((part) => isNullable(doc, part));
};

/** An object schema with its allOf parts merged: properties, required, optional reasons, and where it lives. */
function objectView(doc, schema, pointer) {
  const { value: s, pointer: at } = deref(doc, schema, pointer);
  const view = { pointers: [at], properties: { ...(s?.properties ?? {}) }, required: new Set(s?.required ?? []), optional: { ...(s?.["x-studiokit-optional"] ?? {}) } };
  (s?.allOf ?? []).forEach((part, index) => {
    const inner = objectView(doc, part, `${at}/allOf/${index}`);
    view.pointers.push(...inner.pointers);
    Object.assign(view.properties, inner.properties);
    inner.required.forEach((name) => view.required.add(name));
    Object.assign(view.optional, inner.optional);
  });
  return view;
}

/** Walks an example alongside its schema; collects, per object schema, the example objects it describes. */
function collect(doc, schema, pointer, value, found) {
  const { value: s, pointer: at } = deref(doc, schema, pointer);
  if (!s || value === null || value === undefined) return;
  if (Array.isArray(value)) {
    if (s.items) for (const item of value) collect(doc, s.items, `${at}/items`, item, found);
    return;
  }
  if (typeof value !== "object") return;
  for (const keyword of ["oneOf", "anyOf"]) {
    (s[keyword] ?? []).forEach((part, index) => {
      const { value: branch } = deref(doc, part, "");
      if (branch && (branch.type === "object" || branch.properties || branch.allOf)) collect(doc, part, `${at}/${keyword}/${index}`, value, found);
    });
  }
  const view = objectView(doc, schema, pointer);
  if (Object.keys(view.properties).length === 0) return;
  const entry = found.get(view.pointers[0]) ?? { view, examples: [] };
  entry.examples.push(value);
  found.set(view.pointers[0], entry);
  for (const [name, property] of Object.entries(view.properties)) {
    if (name in value) collect(doc, property, `${view.pointers[0]}/properties/${escapePointer(name)}`, value[name], found);
  }
}

function examplesOfMedia(doc, media) {
  const examples = media.example !== undefined ? [media.example] : [];
  for (const example of Object.values(media.examples ?? {})) examples.push(deref(doc, example, "").value?.value);
  return examples;
}

for (const provider of providers.filter((p) => existsSync(specPath(p.id)))) {
  describe(`${provider.id} responses`, async () => {
    const doc = await loadBundledSpec(specPath(provider.id));
    const inRequests = requestSchemas(doc);
    const found = new Map();
    for (const operation of collectOperations(doc)) {
      const opPointer = `#/paths/${escapePointer(operation.path)}/${operation.method.toLowerCase()}`;
      for (const [status, raw] of Object.entries(resolvePointer(doc, `${opPointer}/responses`))) {
        if (!/^2/.test(status)) continue;
        const { value: response, pointer } = deref(doc, raw, `${opPointer}/responses/${status}`);
        for (const [type, media] of Object.entries(response.content ?? {})) {
          if (!/json/.test(type) || !media.schema) continue;
          for (const example of examplesOfMedia(doc, media)) collect(doc, media.schema, `${pointer}/content/${escapePointer(type)}/schema`, example, found);
        }
      }
    }
    const checked = [...found.entries()].filter(([, { view }]) => !view.pointers.some((at) => inRequests.has(at)));

    it("has response objects with examples to check", () => {
      expect(checked.length).toBeGreaterThan(0);
    });

    for (const [pointer, { view, examples }] of checked) {
      it(`${pointer}: a field every example shows is required, nullable, or optional with a reason`, () => {
        const alwaysShown = Object.keys(view.properties).filter((name) => examples.every((example) => example[name] !== undefined && example[name] !== null));
        const unexplained = alwaysShown.filter((name) => !view.required.has(name) && !isNullable(doc, view.properties[name]) && !view.optional[name]);
        expect(unexplained).toEqual([]);
        // A reason names a real, optional field.
        for (const name of Object.keys(view.optional)) {
          expect(view.properties, `x-studiokit-optional names ${name}`).toHaveProperty([name]);
          expect(view.required.has(name), `${name} is both required and optional`).toBe(false);
        }
      });
    }
  });
}
