// Requests built from a spec: the valid one each operation's examples describe, and invalid bodies
// derived from its schema (a missing required field, a wrong type, a value out of range, an
// unknown field where the schema is closed).
import { deref, resolvePointer } from "@studiokit-tools/codegen";

/** The first example a media type or parameter carries. */
export function exampleOf(node) {
  if (!node) return undefined;
  if (node.example !== undefined) return node.example;
  const first = node.examples && Object.values(node.examples)[0];
  if (first && typeof first === "object" && "value" in first) return first.value;
  if (Array.isArray(node.examples)) return node.examples[0];
  return undefined;
}

/** A small value that satisfies `schema` (used where a parameter has no example). */
export function sampleFromSchema(doc, schema, depth = 0) {
  const { value: s } = deref(doc, schema, "");
  if (!s || depth > 8) return undefined;
  const example = exampleOf(s);
  if (example !== undefined) return example;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.allOf) return Object.assign({}, ...s.allOf.map((part) => sampleFromSchema(doc, part, depth + 1)));
  if (s.oneOf || s.anyOf) return sampleFromSchema(doc, (s.oneOf ?? s.anyOf)[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "integer":
    case "number":
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case "boolean":
      return true;
    case "array":
      return Array.from({ length: s.minItems ?? 1 }, () => sampleFromSchema(doc, s.items, depth + 1));
    case "object": {
      const out = {};
      for (const name of s.required ?? []) out[name] = sampleFromSchema(doc, s.properties?.[name] ?? {}, depth + 1);
      return out;
    }
    default:
      if (s.format === "uuid") return "3fa85f64-5717-4562-b3fc-2c963f66afa6";
      if (s.format === "uri") return "https://example.com/sample";
      if (s.format === "date-time") return "2026-01-01T00:00:00Z";
      if (s.pattern && /^\^\\d\+\$$|^\^\[0-9\]\+\$$/.test(s.pattern)) return "1";
      return "x".repeat(Math.max(1, s.minLength ?? 1));
  }
}

/**
 * The request for one operation, from the spec's examples: `{ params: { path, query }, body }`.
 * File fields of multipart bodies become Blobs.
 */
export function validRequest(doc, operation) {
  const params = {};
  for (const part of ["path", "query"]) {
    const values = {};
    for (const param of operation.params[part]) {
      const paramNode = resolvePointer(doc, param.schemaPointer.replace(/\/schema$/, ""));
      const example = exampleOf(paramNode) ?? sampleFromSchema(doc, paramNode.schema);
      if (param.required || exampleOf(paramNode) !== undefined) values[param.name] = example;
    }
    if (Object.keys(values).length > 0) params[part] = values;
  }
  const request = { params };
  if (operation.body) {
    const mediaPointer = operation.body.schemaPointer.replace(/\/schema$/, "");
    const media = resolvePointer(doc, mediaPointer);
    let body = exampleOf(media) ?? sampleFromSchema(doc, media.schema);
    if (operation.body.binaryFields.length > 0 && body && typeof body === "object") {
      body = { ...body };
      for (const field of operation.body.binaryFields) {
        const value = body[field] ?? "sample file contents";
        body[field] = Array.isArray(value)
          ? value.map((item) => new Blob([String(item)], { type: "image/png" }))
          : new Blob([String(value)], { type: "image/png" });
      }
    }
    request.body = body;
  }
  return request;
}

/** Flattens `allOf` so that properties and required fields of every part are seen together. */
function objectView(doc, schema) {
  const { value: s } = deref(doc, schema, "");
  if (!s) return { properties: {}, required: [], closed: false };
  const view = {
    properties: { ...(s.properties ?? {}) },
    required: [...(s.required ?? [])],
    // `unevaluatedProperties: false` closes an object composed with allOf, where a part's own
    // `additionalProperties: false` would reject the other parts' fields.
    closed: s.additionalProperties === false || s.unevaluatedProperties === false,
  };
  for (const part of s.allOf ?? []) {
    const inner = objectView(doc, part);
    Object.assign(view.properties, inner.properties);
    view.required.push(...inner.required);
    view.closed ||= inner.closed;
  }
  return view;
}

function wrongTypeValue(schema) {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return undefined;
  if (!types.includes("string")) return "not-a-valid-value";
  if (!types.includes("boolean")) return true;
  return undefined;
}

/**
 * Invalid variants of a valid JSON body, each with the field it breaks.
 * @returns {{ description: string, field: string, body: unknown }[]}
 */
export function invalidBodies(doc, operation, validBody) {
  if (!operation.body || !validBody || typeof validBody !== "object" || Array.isArray(validBody)) return [];
  const schema = resolvePointer(doc, operation.body.schemaPointer);
  const view = objectView(doc, schema);
  const variants = [];
  const required = view.required.find((name) => !operation.body.binaryFields.includes(name));
  if (required) {
    const body = { ...validBody };
    delete body[required];
    variants.push({ description: `without the required field "${required}"`, field: required, body });
  }
  // A multipart form carries every field as text, so a "wrong type" cannot reach the provider there.
  const typed = /json/.test(operation.body.contentType);
  for (const [name, raw] of typed ? Object.entries(view.properties) : []) {
    if (operation.body.binaryFields.includes(name)) continue;
    const { value: property } = deref(doc, raw, "");
    const wrong = wrongTypeValue(property ?? {});
    if (wrong !== undefined) {
      variants.push({ description: `with "${name}" of the wrong type`, field: name, body: { ...validBody, [name]: wrong } });
      break;
    }
  }
  for (const [name, raw] of Object.entries(view.properties)) {
    const { value: property } = deref(doc, raw, "");
    if (!property) continue;
    let bad;
    if (Array.isArray(property.enum) && property.enum.every((v) => typeof v === "string")) bad = "not-one-of-the-enum-values";
    else if (typeof property.maximum === "number") bad = property.maximum + 1;
    else if (typeof property.minimum === "number") bad = property.minimum - 1;
    else if (typeof property.maxLength === "number") bad = "x".repeat(property.maxLength + 1);
    else if (typeof property.maxItems === "number") {
      const item = Array.isArray(validBody[name]) && validBody[name].length > 0 ? validBody[name][0] : "x";
      bad = Array.from({ length: property.maxItems + 1 }, () => item);
    }
    if (bad !== undefined) {
      variants.push({ description: `with "${name}" out of range`, field: name, body: { ...validBody, [name]: bad } });
      break;
    }
  }
  if (view.closed) {
    // Prism turns a multipart form into an object of the declared fields only, so an undeclared
    // form field never reaches its validator: for forms only our own check can reject it.
    const form = !typed;
    variants.push({
      description: "with an unknown field",
      field: "not_a_field",
      body: { ...validBody, not_a_field: 1 },
      ...(form ? { prismSees: false } : {}),
    });
    const nested = nestedClosedObject(doc, view, validBody);
    if (nested && typed) {
      variants.push({
        description: `with an unknown field inside "${nested}"`,
        field: `${nested}.not_a_field`,
        body: { ...validBody, [nested]: { ...validBody[nested], not_a_field: 1 } },
      });
    }
  }
  return variants;
}

/** The first property of the valid body that holds an object whose schema is closed, if any. */
function nestedClosedObject(doc, view, validBody) {
  for (const [name, raw] of Object.entries(view.properties)) {
    const value = validBody[name];
    if (!value || typeof value !== "object" || Array.isArray(value)) continue;
    if (objectView(doc, raw).closed) return name;
  }
  return undefined;
}

/** The first 2xx response of an operation: its status and the JSON pointer of its schema, if any. */
export function successResponse(doc, operation) {
  const opPointer = `#/paths/${operation.path.replace(/~/g, "~0").replace(/\//g, "~1")}/${operation.method.toLowerCase()}`;
  const responses = resolvePointer(doc, `${opPointer}/responses`);
  const code = Object.keys(responses).find((status) => /^2\d\d$/.test(status));
  if (!code) return undefined;
  const { value: response, pointer } = deref(doc, responses[code], `${opPointer}/responses/${code}`);
  const type = Object.keys(response.content ?? {}).find((t) => /json/.test(t));
  return {
    status: Number(code),
    schemaPointer: type ? `${pointer}/content/${type.replace(/~/g, "~0").replace(/\//g, "~1")}/schema` : undefined,
  };
}
