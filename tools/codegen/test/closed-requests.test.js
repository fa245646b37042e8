// Every object a request body can carry rejects fields it does not declare, so that a misspelled
// `modle` or `nmae` fails before any credit is spent instead of being silently ignored by the
// provider. An object may stay open only where the spec says why: `additionalProperties` set
// explicitly (true or a schema) with `x-evidence` and `x-evidence-note` on it or on an open
// ancestor. Objects composed with allOf close with `unevaluatedProperties: false`, which Prism only
// honours under the 2020-12 dialect, so such a spec must declare it.
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { collectOperations, createAjv, deref, loadBundledSpec, providers, resolvePointer, specPath } from "../src/index.js";

/** Every object schema reachable from `schema`, with whether it is closed, open with a reason, or neither. */
function objectsOf(doc, schema, pointer, found = [], state = { seen: new Set(), openReason: undefined, closedByParent: false }) {
  const { value: s, pointer: at } = deref(doc, schema, pointer);
  if (!s || typeof s !== "object") return found;
  const key = `${at}|${Boolean(state.openReason)}|${state.closedByParent}`;
  if (state.seen.has(key)) return found;
  state.seen.add(key);

  const isObject = isObjectSchema(doc, s);
  const closed = s.additionalProperties === false || s.unevaluatedProperties === false;
  const explicitlyOpen = s.additionalProperties === true || (typeof s.additionalProperties === "object" && s.additionalProperties !== null);
  const reason = explicitlyOpen && s["x-evidence"] && s["x-evidence-note"] ? `${s["x-evidence"]}: ${s["x-evidence-note"]}` : undefined;
  const openReason = reason ?? state.openReason;
  if (isObject) {
    found.push({ pointer: at, closed: closed || state.closedByParent, explicitlyOpen, openReason: explicitlyOpen || state.openReason ? openReason : undefined });
  }
  const child = (node, path, closedByParent = false) =>
    objectsOf(doc, node, path, found, { seen: state.seen, openReason: explicitlyOpen || state.openReason ? openReason : undefined, closedByParent });
  for (const [name, property] of Object.entries(s.properties ?? {})) child(property, `${at}/properties/${name}`);
  if (s.items) child(s.items, `${at}/items`);
  if (typeof s.additionalProperties === "object") child(s.additionalProperties, `${at}/additionalProperties`);
  // Parts of an allOf are evaluated together with their parent: its unevaluatedProperties closes them.
  (s.allOf ?? []).forEach((part, index) => child(part, `${at}/allOf/${index}`, s.unevaluatedProperties === false));
  for (const keyword of ["oneOf", "anyOf"]) (s[keyword] ?? []).forEach((part, index) => child(part, `${at}/${keyword}/${index}`));
  return found;
}

function isObjectSchema(doc, s) {
  if (s.type === "object" || (Array.isArray(s.type) && s.type.includes("object")) || s.properties) return true;
  // A composition is an object when one of its parts is (`allOf: [$ref: SomeEnum]` is not).
  return (s.allOf ?? []).some((part) => isObjectSchema(doc, deref(doc, part, "").value ?? {}));
}

const specs = providers.filter((p) => existsSync(specPath(p.id)));

for (const provider of specs) {
  describe(`${provider.id} request objects`, async () => {
    const doc = await loadBundledSpec(specPath(provider.id));
    const operations = collectOperations(doc).filter((operation) => operation.body);

    for (const operation of operations) {
      it(`${operation.operationId}: every object of its body is closed, or open with a stated reason`, () => {
        const objects = objectsOf(doc, resolvePointer(doc, operation.body.schemaPointer), operation.body.schemaPointer);
        expect(objects.length).toBeGreaterThan(0);
        const unexplained = objects.filter((object) => !object.closed && !object.openReason).map((object) => object.pointer);
        expect(unexplained).toEqual([]);
        // The body itself is always closed: a provider documented to take any top-level field would need a new rule.
        expect(objects[0].closed, `${objects[0].pointer} is open`).toBe(true);
      });

      it(`${operation.operationId}: the compiled validator rejects an unknown top-level field`, () => {
        const ajv = createAjv();
        ajv.addSchema(doc, "https://studiokit.invalid/spec", undefined, false);
        const validate = ajv.compile({ $ref: `https://studiokit.invalid/spec${operation.body.schemaPointer}` });
        expect(validate({ not_a_field: 1 })).toBe(false);
        const keywords = validate.errors.map((error) => error.keyword);
        expect(keywords.some((keyword) => keyword === "additionalProperties" || keyword === "unevaluatedProperties")).toBe(true);
      });
    }

    it("declares the 2020-12 dialect wherever it closes an object with unevaluatedProperties (Prism ignores the keyword otherwise)", () => {
      const usesUnevaluated = JSON.stringify(doc).includes('"unevaluatedProperties":false');
      if (usesUnevaluated) expect(doc.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
      else expect(doc.jsonSchemaDialect ?? "unset").not.toBe("something else");
    });
  });
}

describe("the walk over request objects", () => {
  const doc = {
    components: {
      schemas: {
        Base: { type: "object", properties: { a: { type: "string" } } },
        Composed: { allOf: [{ $ref: "#/components/schemas/Base" }, { type: "object", properties: { b: { type: "string" } } }], unevaluatedProperties: false },
        Open: { type: "object", additionalProperties: true, "x-evidence": "provider-doc", "x-evidence-note": "documented as open", properties: { inner: { type: "object" } } },
        Silent: { type: "object", properties: { c: { type: "object", properties: { d: { type: "string" } } } }, additionalProperties: false },
      },
    },
  };
  const walk = (name) => objectsOf(doc, { $ref: `#/components/schemas/${name}` }, "");

  it("counts allOf parts as closed by their parent's unevaluatedProperties", () => {
    expect(walk("Composed").every((object) => object.closed)).toBe(true);
  });
  it("accepts an open object and its children when the spec gives the reason", () => {
    expect(walk("Open").every((object) => object.openReason === "provider-doc: documented as open")).toBe(true);
  });
  it("finds a nested object that is neither closed nor explained", () => {
    const unexplained = walk("Silent").filter((object) => !object.closed && !object.openReason);
    expect(unexplained.map((object) => object.pointer)).toEqual(["#/components/schemas/Silent/properties/c"]);
  });
});
