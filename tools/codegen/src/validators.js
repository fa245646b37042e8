// Request validators, compiled from the spec at generation time: Ajv emits standalone JavaScript for
// every operation's body and parameters. The module imports the few helpers that code calls (the
// string formats and a code-point length) from @studiokit/runtime/formats, so that every provider
// shares one copy of them and a package needs no Ajv. Nothing is compiled when a client starts, and
// the client loads this module only on the first call that validates (a dynamic import).
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { _ } from "ajv";
import addFormats from "ajv-formats";

// Absolute ids, so that references resolve the same from every validator schema.
const SPEC_ID = "https://studiokit.invalid/spec";

/** The Ajv options shared with our tests that compare verdicts against Prism. */
export function createAjv(options = {}) {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    allowUnionTypes: true,
    allowMatchingProperties: true,
    validateFormats: true,
    ...options,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Each format the specs may use, and the export of @studiokit/runtime/formats that checks it. The
 * runtime's checks are proven to agree with ajv-formats (runtime test/formats.test.ts).
 */
export const FORMAT_EXPORTS = {
  uri: "uri",
  "date-time": "dateTimeFormat",
  date: "dateFormat",
  int32: "int32Format",
  int64: "int64Format",
  float: "numberFormat",
  double: "numberFormat",
};

/** The exported name of a validator: `<operationId>_<part>`. */
export const validatorName = (operationId, part) => `${operationId}_${part}`;

/** Builds the JSON Schemas to validate each operation's body, query, path and header parameters. */
export function validatorSchemas(operations) {
  /** @type {Record<string, object>} */
  const schemas = {};
  for (const operation of operations) {
    if (operation.body && operation.body.contentType !== "application/octet-stream") {
      schemas[validatorName(operation.operationId, "body")] = { $ref: `${SPEC_ID}${operation.body.schemaPointer}` };
    }
    for (const part of ["query", "path"]) {
      const params = operation.params[part];
      if (params.length === 0) continue;
      schemas[validatorName(operation.operationId, part)] = {
        type: "object",
        properties: Object.fromEntries(params.map((param) => [param.name, { $ref: `${SPEC_ID}${param.schemaPointer}` }])),
        required: params.filter((param) => param.required).map((param) => param.name),
      };
    }
  }
  return schemas;
}

/** Compiles in memory (for tests and tools that need a verdict now). */
export function compileValidators(doc, operations) {
  const ajv = createAjv();
  ajv.addSchema(doc, SPEC_ID, undefined, false);
  const schemas = validatorSchemas(operations);
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, ajv.compile(schema)]));
}

// Keywords that change no verdict (annotations): left out of the schema copies Ajv writes into the
// module (it keeps a schema literal where an error reports it, e.g. an enum's allowed values).
const ANNOTATIONS = new Set(["description", "summary", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "externalDocs", "$comment", "xml"]);
// Objects whose keys are names (of properties, components, paths), never keywords.
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "paths", "webhooks", "components", "schemas", "parameters", "responses", "requestBodies", "headers", "content", "encoding", "callbacks", "pathItems"]);

/** A copy of the spec without annotations and `x-` extensions; names and every constraint stay. */
export function withoutAnnotations(node, keysAreNames = false) {
  if (Array.isArray(node)) return node.map((item) => withoutAnnotations(item));
  if (!node || typeof node !== "object") return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (!keysAreNames && (ANNOTATIONS.has(key) || key.startsWith("x-"))) continue;
    // `enum` and `const` values are data, never schemas.
    copy[key] = key === "enum" || key === "const" ? value : withoutAnnotations(value, !keysAreNames && NAME_MAPS.has(key));
  }
  return copy;
}

/** Emits the standalone validator module's source. */
export function emitValidatorsModule(doc, operations, header) {
  const stripped = withoutAnnotations(doc);
  const used = new Set();
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    allowUnionTypes: true,
    allowMatchingProperties: true,
    validateFormats: true,
    // Shared component schemas become one function each instead of a copy at every use.
    inlineRefs: 10,
    code: { source: true, esm: true, lines: true, formats: _`__formats` },
  });
  // The same shapes as the runtime's exports (a function for uri, `{ validate }` for the others),
  // so that the code Ajv writes calls them correctly; the checks themselves come from ajv-formats.
  addFormats(ajv);
  ajv.addSchema(stripped, SPEC_ID, undefined, false);
  const ids = {};
  for (const [name, schema] of Object.entries(validatorSchemas(operations))) {
    ajv.addSchema({ $id: `https://studiokit.invalid/validators/${name}`, ...schema });
    ids[name] = `https://studiokit.invalid/validators/${name}`;
  }
  let code = standaloneCode(ajv, ids).replace(/^"use strict";/, "");
  // The runtime reports instancePath, keyword, params and message; the schema path of every error
  // site is a long string literal nothing reads, so it is left out.
  code = code.replace(/schemaPath: *"(?:[^"\\]|\\.)*",/g, "");
  code = code.replace(/__formats(?:\.([\w$]+)|\["([^"]+)"\])/g, (_, dotted, quoted) => {
    const format = dotted ?? quoted;
    const exported = FORMAT_EXPORTS[format];
    if (!exported) throw new Error(`format "${format}" has no check in @studiokit/runtime/formats; add one there and to FORMAT_EXPORTS`);
    used.add(exported);
    return exported;
  });
  if (code.includes("__formats")) throw new Error("unexpected use of the formats object in Ajv's output");
  code = code.replace(/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, () => {
    used.add("ucs2length");
    return "ucs2length";
  });
  const leftover = /require\("([^"]+)"\)/.exec(code);
  if (leftover) throw new Error(`Ajv's output needs ${leftover[1]}, which @studiokit/runtime/formats does not provide`);
  const imports = used.size ? `import { ${[...used].sort().join(", ")} } from "@studiokit/runtime/formats";\n` : "";
  return `${header}${imports}${code.trim()}\n`;
}
