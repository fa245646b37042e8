// Request validators, compiled from the spec at generation time: Ajv emits standalone JavaScript for
// every operation's body and parameters. The module imports the few helpers that code calls (the
// string formats and a code-point length) from @studiokit/runtime/formats, so that every provider
// shares one copy of them and a package needs no Ajv. Nothing is compiled when a client starts, and
// the client loads this module only on the first call that validates (a dynamic import).
import { createRequire } from "node:module";

// Ajv loads on first use: a generation imports this module for its small helpers (validator names,
// the modules' declarations, request field names) before any validator is compiled, and the
// generator's types thread (threads.js) never loads Ajv at all.
const require = createRequire(import.meta.url);
/** @type {{ Ajv2020: typeof import("ajv/dist/2020.js").default, standaloneCode: typeof import("ajv/dist/standalone/index.js").default, _: typeof import("ajv")._, addFormats: typeof import("ajv-formats").default }} */
let ajvModules;
const ajvLibrary = () =>
  (ajvModules ??= {
    Ajv2020: require("ajv/dist/2020.js").default,
    standaloneCode: require("ajv/dist/standalone/index.js").default,
    _: require("ajv")._,
    addFormats: require("ajv-formats").default,
  });

// Absolute ids, so that references resolve the same from every validator schema.
const SPEC_ID = "https://studiokit.invalid/spec";

/** The Ajv options shared with our tests that compare verdicts against Prism. */
export function createAjv(options = {}) {
  const { Ajv2020, addFormats } = ajvLibrary();
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

/** The exported name of an operation's validator or request field list: `<operationId>_<part>` (`_body`, `_query`, `_path`, `_fields`). */
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

// ---- the two kinds of standalone instance ---------------------------------------------------
// Ajv checks every schema it is given against the JSON Schema meta-schema, which it compiles first,
// once per instance: two instances per spec, and compiling the meta-schema was about a fifth of a
// cold generation. The schemas given here are the spec (linted by Redocly before it gets here) and
// our own wrappers (`{ $id, $ref }`, or an object of `$ref`s), valid by construction; they are added
// without that check (`validateSchema: false`). The generated modules' names start at validate0.

/** The request validators' and the response validators' instances. */
const INSTANCES = {
  request() {
    const { _ } = ajvLibrary();
    // The formats are ajv-formats' checks (createAjv adds them); the code Ajv writes calls them as
    // `__formats`, the runtime's exports of the same shapes (a function for uri, `{ validate }` else).
    return createAjv({
      validateSchema: false,
      // Shared component schemas become one function each instead of a copy at every use.
      inlineRefs: 10,
      code: { source: true, esm: true, lines: true, formats: _`__formats` },
    });
  },
  response() {
    return createAjv({
      validateFormats: false,
      validateSchema: false,
      // A refused body names its first difference; a valid one costs the same either way.
      allErrors: false,
      // Shared component schemas become one function each instead of a copy at every use.
      inlineRefs: 10,
      code: { source: true, esm: true },
    });
  },
};

// ---- what a standalone instance compiles --------------------------------------------------
// Ajv remembers a compiled `$ref` per root schema only, and it looks a resolved `$ref` up among the
// keys of the schemas it was given before it follows a JSON pointer into a document. With the spec
// as the only schema, a component reached from two roots (the spec itself, and each validator's own
// schema, which is a root of its own) was compiled once per root, and the module carried each copy
// (aliveai's PromptContainer twice; about a fifth of all the code written was such copies). So each
// component schema is added once more under the very URL a `$ref` to it resolves to
// (`<spec>#/components/schemas/<name>`): every reference finds that one entry, compiled once. A
// validator is compiled from where its schema is in the spec (no wrapper function around it), and
// validators whose schemas are the same share one function.

const COMPONENT_REF = /^#\/components\/schemas\/([A-Za-z0-9._-]+)$/;
/** What a component schema is keyed by: the URL `#/components/schemas/<name>` resolves to in the spec. */
const componentKey = (name) => `${SPEC_ID}#/components/schemas/${name}`;
// Keywords that give a schema a base URL or a name of its own, which would change what a `#…`
// reference beneath them means.
const BASE_KEYWORDS = ["$id", "$anchor", "$dynamicAnchor", "$recursiveAnchor"];

/** True when no schema in the document sets a base URL or an anchor: a `#/…` reference means the same everywhere. */
function oneBase(node) {
  if (Array.isArray(node)) return node.every(oneBase);
  if (!node || typeof node !== "object") return true;
  if (BASE_KEYWORDS.some((keyword) => typeof node[keyword] === "string")) return false;
  return Object.values(node).every(oneBase);
}

/**
 * The component schemas to key on their own: all of them, or none when the document has a base
 * URL or anchor of its own (`sameBase` false), or a component refers to anything but a component
 * schema (resolved from a component's own key, that reference would not find its target), or a
 * name would need escaping in a URL (OpenAPI allows none).
 * @returns {Map<string, object>}
 */
function keyableComponents(doc, sameBase) {
  const schemas = doc.components?.schemas ?? {};
  if (!sameBase || !Object.keys(schemas).every((name) => /^[A-Za-z0-9._-]+$/.test(name))) return new Map();
  const componentRefsOnly = (node) => {
    if (Array.isArray(node)) return node.every(componentRefsOnly);
    if (!node || typeof node !== "object") return true;
    if (typeof node.$ref === "string") {
      const target = COMPONENT_REF.exec(node.$ref);
      if (!target || !Object.hasOwn(schemas, target[1])) return false;
    }
    return Object.values(node).every(componentRefsOnly);
  };
  return componentRefsOnly(Object.values(schemas)) ? new Map(Object.entries(schemas)) : new Map();
}

/**
 * Where a validator's schema is, when it is nothing but a reference into the spec: the component
 * that reference ends at (following references that are nothing else, as a request body or a
 * response that names a component), or else the spec pointer itself.
 * @returns {{ component: string } | { pointer: string } | undefined}
 */
function referencedSchema(doc, components, schema) {
  if (typeof schema.$ref !== "string" || Object.keys(schema).length !== 1 || !schema.$ref.startsWith(`${SPEC_ID}#/`)) return undefined;
  const start = schema.$ref.slice(SPEC_ID.length);
  let pointer = start;
  for (let hops = 0; hops < 20; hops++) {
    const name = COMPONENT_REF.exec(pointer)?.[1];
    if (name && components.has(name)) return { component: name };
    const node = resolveLocal(doc, pointer);
    // Only a bare `$ref` is the same schema as its target: anything beside it is checked too.
    if (!node || typeof node !== "object" || typeof node.$ref !== "string" || Object.keys(node).length !== 1 || !node.$ref.startsWith("#/")) break;
    pointer = node.$ref;
  }
  return resolveLocal(doc, start) === undefined ? undefined : { pointer: start };
}

/**
 * Standalone code exporting every validator in `schemas`, compiled against the spec (`doc`, already
 * stripped of annotations) and its component schemas. Validators whose schemas are the same share
 * one function (the same component as a body, the same query parameters on many operations): its
 * code is written once, under the first name, and each other name is exported as that one (Ajv
 * would write the function again for each name).
 * @param {Record<string, object>} schemas validator name -> its schema
 * @param {string} idPrefix the URL a validator's own schema is keyed under, before its name
 */
function standaloneExports(ajv, doc, schemas, idPrefix) {
  const { standaloneCode } = ajvLibrary();
  ajv.addSchema(doc, SPEC_ID, undefined, false);
  // With one base, a schema's text says all it checks: the same text anywhere in the spec is the
  // same validator.
  const sameBase = oneBase(doc);
  const components = keyableComponents(doc, sameBase);
  for (const [name, schema] of components) ajv.addSchema(schema, componentKey(name), undefined, false);
  /** @type {Record<string, string>} the first name of each function -> the id Ajv compiles it from */
  const ids = {};
  /** @type {Map<string, string>} what a function checks -> its first name */
  const firstName = new Map();
  const aliases = [];
  for (const [name, schema] of Object.entries(schemas)) {
    const found = referencedSchema(doc, components, schema);
    let id;
    let identity;
    if (found && "component" in found) {
      id = identity = componentKey(found.component);
    } else if (found) {
      // Ajv resolves a pointer into the spec given as an id, and compiles the schema there as it is.
      id = `${SPEC_ID}${found.pointer}`;
      identity = sameBase ? JSON.stringify(resolveLocal(doc, found.pointer)) : id;
    } else {
      id = `${idPrefix}${name}`;
      identity = JSON.stringify(schema);
    }
    const first = firstName.get(identity);
    if (first !== undefined) {
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`validator name ${name} is not an identifier`);
      aliases.push(`export const ${name} = ${first};`);
      continue;
    }
    firstName.set(identity, name);
    if (!found) ajv.addSchema({ $id: id, ...schema });
    ids[name] = id;
  }
  if (Object.keys(ids).length === 0) return "";
  return `${standaloneCode(ajv, ids).replace(/^"use strict";/, "")}\n${aliases.join("\n")}`;
}

/** Emits the standalone validator module's source. */
export function emitValidatorsModule(doc, operations, header) {
  const stripped = withoutAnnotations(doc);
  const used = new Set();
  const ajv = INSTANCES.request();
  let code = standaloneExports(ajv, stripped, validatorSchemas(operations), "https://studiokit.invalid/validators/");
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

// ---- response and channel-message validators ------------------------------------------------
// A second, separate map: what a provider sends back. The facade checks every body it reads (and
// every websocket message) against these before reading it, so an off-spec answer is a typed
// ProviderError naming what was wrong instead of a TypeError deep inside an adapter. They live in
// their own module (`src/response-validators.js`) so that request validation does not carry them.

const responseValidatorName = (operationId) => `${operationId}_response`;
const messageValidatorName = (channel) => `${channel.replace(/[^A-Za-z0-9_$]/g, "_")}_message`;

/** The JSON schema pointer of an operation's first 2xx JSON response, if it has one. */
function successSchemaPointer(doc, operation) {
  const operationPointer = `#/paths/${escapeSegment(operation.path)}/${operation.method.toLowerCase()}`;
  const responses = resolveLocal(doc, operationPointer)?.responses ?? {};
  const status = Object.keys(responses)
    .filter((code) => /^2\d\d$/.test(code))
    .sort()[0];
  if (!status) return undefined;
  let pointer = `${operationPointer}/responses/${status}`;
  let response = responses[status];
  for (let hops = 0; response && typeof response.$ref === "string" && hops < 20; hops++) {
    pointer = response.$ref;
    response = resolveLocal(doc, pointer);
  }
  const type = Object.keys(response?.content ?? {}).find((candidate) => /json/.test(candidate));
  if (!type || !response.content[type].schema) return undefined;
  return `${pointer}/content/${escapeSegment(type)}/schema`;
}

const escapeSegment = (segment) => String(segment).replace(/~/g, "~0").replace(/\//g, "~1");

function resolveLocal(doc, pointer) {
  let node = doc;
  for (const segment of pointer.slice(2).split("/")) {
    if (node == null) return undefined;
    node = node[segment.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

/**
 * Schemas of every operation's success body (keyed `"METHOD /path"`) and of every websocket
 * channel's message (`x-studiokit-websockets.<channel>.message`, keyed by channel).
 */
export function responseValidatorSchemas(doc, operations) {
  /** @type {Record<string, { name: string, schema: object }>} */
  const responses = {};
  for (const operation of operations) {
    const pointer = successSchemaPointer(doc, operation);
    if (pointer) responses[`${operation.method} ${operation.path}`] = { name: responseValidatorName(operation.operationId), schema: { $ref: `${SPEC_ID}${pointer}` } };
  }
  /** @type {Record<string, { name: string, schema: object }>} */
  const messages = {};
  for (const [channel, definition] of Object.entries(doc["x-studiokit-websockets"] ?? {})) {
    const message = definition?.message;
    if (!message) continue;
    const schema = typeof message.$ref === "string" ? { $ref: `${SPEC_ID}${message.$ref}` } : message;
    messages[channel] = { name: messageValidatorName(channel), schema };
  }
  return { responses, messages };
}

/**
 * The top-level field names each request body schema declares (through `allOf`/`oneOf`/`anyOf`
 * too), keyed `"METHOD /path"`: the facade checks `providerOptions` names against them, so that a
 * misspelt field is refused with the nearest real name even where the provider's schema is open.
 */
export function requestBodyFieldNames(doc, operations) {
  /** @type {Record<string, string[]>} */
  const fields = {};
  const collect = (node, names, depth) => {
    if (!node || typeof node !== "object" || depth > 20) return;
    if (typeof node.$ref === "string") return collect(resolveLocal(doc, node.$ref), names, depth + 1);
    for (const name of Object.keys(node.properties ?? {})) names.add(name);
    for (const key of ["allOf", "oneOf", "anyOf"]) for (const part of node[key] ?? []) collect(part, names, depth + 1);
  };
  for (const operation of operations) {
    if (!operation.body) continue;
    const names = new Set();
    collect(resolveLocal(doc, operation.body.schemaPointer), names, 0);
    if (names.size > 0) fields[`${operation.method} ${operation.path}`] = [...names];
  }
  return fields;
}

/**
 * Emits `src/response-validators.js`: standalone validators and the maps that name them. Plain Ajv
 * output with nothing to bundle: string formats are not checked here (a response is refused for
 * its shape and constraints, not because a provider writes a date or URL a little differently), and
 * the one Ajv helper the code may call, a code-point length, is written into the module.
 */
export async function emitResponseValidatorsModule(doc, operations, header) {
  const ajv = INSTANCES.response();
  const { responses, messages } = responseValidatorSchemas(doc, operations);
  const schemas = Object.fromEntries([...Object.values(responses), ...Object.values(messages)].map(({ name, schema }) => [name, schema]));
  let code = standaloneExports(ajv, verdictOnly(doc), schemas, "https://studiokit.invalid/responses/");
  // Nothing reads an error's schema path; the long literals are left out.
  code = code.replace(/schemaPath: *"(?:[^"\\]|\\.)*",/g, "");
  let helpers = "";
  if (code.includes('require("ajv/dist/runtime/ucs2length")')) {
    code = code.replace(/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, "ucs2length");
    helpers = "/** String length in code points, as JSON Schema counts it. */\nconst ucs2length = (text) => [...text].length;\n";
  }
  const leftover = /require\("([^"]+)"\)/.exec(code);
  if (leftover) throw new Error(`the response validators need ${leftover[1]}; write it into the module like ucs2length`);
  const maps = [
    "/** Success-body validators, keyed `\"METHOD /path\"`. */",
    `export const responseValidators = { ${Object.entries(responses).map(([key, { name }]) => `${JSON.stringify(key)}: ${name}`).join(", ")} };`,
    "/** Websocket message validators, keyed by channel (`x-studiokit-websockets`). */",
    `export const messageValidators = { ${Object.entries(messages).map(([key, { name }]) => `${JSON.stringify(key)}: ${name}`).join(", ")} };`,
  ].join("\n");
  return `${header}${helpers}${code.trim()}\n${maps}\n`;
}

// Keywords that change no verdict, and the objects whose keys are names rather than keywords.
const NON_VERDICT_KEYWORDS = new Set(["description", "summary", "title", "example", "examples", "externalDocs", "$comment", "deprecated", "xml"]);
const NAMES_NOT_KEYWORDS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas", "paths", "webhooks", "components", "schemas", "responses", "requestBodies", "parameters", "headers", "content", "encoding", "callbacks", "pathItems"]);

/** The spec without annotations and `x-` extensions, so that Ajv's schema literals in the module stay small. */
function verdictOnly(node, keysAreNames = false) {
  if (Array.isArray(node)) return node.map((item) => verdictOnly(item));
  if (!node || typeof node !== "object") return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (!keysAreNames && (NON_VERDICT_KEYWORDS.has(key) || key.startsWith("x-"))) continue;
    copy[key] = key === "enum" || key === "const" || key === "default" ? value : verdictOnly(value, !keysAreNames && NAMES_NOT_KEYWORDS.has(key));
  }
  return copy;
}

/** `src/request-fields.ts`: each request body's top-level field names (small; loaded with the client). */
export function emitRequestFieldsModule(doc, operations, header) {
  const fields = requestBodyFieldNames(doc, operations);
  const idOf = new Map(operations.map((operation) => [`${operation.method} ${operation.path}`, operation.operationId]));
  const entries = Object.entries(fields).map(([key, names]) => ({ key, name: validatorName(idOf.get(key), "fields"), names }));
  return [
    header.trimEnd(),
    "",
    // One export per operation: a bundle keeps the lists it uses (the facade reads a few of AliveAI's
    // 92), where one object of them all came whole into every page that used any.
    "/** The top-level fields of each request body, one export per operation: `<operationId>_fields`. */",
    ...entries.map(({ name, names }) => `export const ${name} = ${JSON.stringify(names)} as const;`),
    "",
    "/** The same lists, keyed `\"METHOD /path\"`. */",
    "export const requestBodyFields = {",
    ...entries.map(({ key, name }) => `  ${JSON.stringify(key)}: ${name},`),
    "} as const satisfies Record<string, readonly string[]>;",
    "",
  ].join("\n");
}

/** The hand-off types of `src/response-validators.js`. */
export function emitResponseValidatorTypes(doc, operations, header) {
  const { responses, messages } = responseValidatorSchemas(doc, operations);
  const keys = (map) => Object.keys(map).map((key) => JSON.stringify(key)).join(" | ") || "never";
  const named = [...Object.values(responses), ...Object.values(messages)].map(({ name }) => `export declare const ${name}: CompiledValidator;`);
  return [
    header + 'import type { CompiledValidator } from "@studiokit/runtime";',
    "",
    // Each validator is also exported by name (the module is loaded whole, on first use).
    ...named,
    "/** Success-body validators, keyed `\"METHOD /path\"`. */",
    `export declare const responseValidators: Readonly<Record<${keys(responses)}, CompiledValidator>>;`,
    "/** Websocket message validators, keyed by channel (`x-studiokit-websockets`). */",
    `export declare const messageValidators: Readonly<Record<${keys(messages)}, CompiledValidator>>;`,
    "",
  ].join("\n");
}
