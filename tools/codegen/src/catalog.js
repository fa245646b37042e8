// The operation catalog: every operation of a spec with its summary and self-contained JSON Schemas
// (body, path, query and header parameters), for tools that build an interface from the spec at run
// time — the studiokit CLI derives its `call` flags and `--help` from it, and the MCP server its raw
// tools' input schemas. References are inlined so that each schema stands alone (MCP clients do not
// follow `$ref`); examples and `x-` extensions are dropped because they only add weight there.
import { deref, resolvePointer } from "./spec.js";

const DROPPED_KEYS = new Set(["example", "examples", "xml", "externalDocs", "discriminator"]);

/** A copy of `node` with every local `$ref` inlined; a cycle becomes `{}` with a note. */
export function inlineSchema(doc, node, seen = []) {
  if (Array.isArray(node)) return node.map((item) => inlineSchema(doc, item, seen));
  if (!node || typeof node !== "object") return node;
  if (typeof node.$ref === "string") {
    if (seen.includes(node.$ref)) return { description: `Recursive: see ${node.$ref.split("/").pop()}` };
    const { $ref, ...siblings } = node;
    const target = inlineSchema(doc, resolvePointer(doc, $ref), [...seen, $ref]);
    // 3.1 allows keywords beside $ref (e.g. a description): they refine the target.
    return Object.keys(siblings).length > 0 ? { ...target, ...inlineSchema(doc, siblings, seen) } : target;
  }
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-") || DROPPED_KEYS.has(key)) continue;
    // Property names are data, not keywords: an `example` property must survive.
    if (key === "properties" || key === "patternProperties" || key === "$defs") {
      copy[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, inlineSchema(doc, schema, seen)]));
    } else {
      copy[key] = inlineSchema(doc, value, seen);
    }
  }
  return copy;
}

/**
 * @param {import('./providers.js').Provider} provider
 * @param {Record<string, any>} doc
 * @param {import('./operations.js').OperationInfo[]} operations
 * @param {number} docsPort
 */
export function buildCatalog(provider, doc, operations, docsPort) {
  const envPrefix = provider.id.replace(/-/g, "_").toUpperCase();
  const login = operations.find((operation) => operation.login);
  return {
    provider: provider.id,
    name: provider.name,
    title: doc.info.title,
    apiKeyEnv: `${envPrefix}_API_KEY`,
    // A provider that also signs in (x-studiokit-login): which fields, and where the CLI reads them.
    ...(login
      ? {
          login: {
            operationId: login.operationId,
            fields: Object.fromEntries(login.login.fields.map((field) => [field, `${envPrefix}_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`])),
          },
        }
      : {}),
    mockPort: provider.mockPort,
    // `pnpm start` moves every port by STUDIOKIT_PORT_BASE; this is the provider's distance from it.
    mockPortOffset: provider.mockPort - docsPort,
    operations: operations.map((operation) => {
      const { value: item } = deref(doc, doc.paths[operation.path], "");
      const raw = item[operation.method.toLowerCase()];
      const parameters = ["path", "query", "header"].flatMap((location) =>
        operation.params[location].map((param) => {
          const declared = findParameter(doc, [raw.parameters, item.parameters], location, param.name);
          return {
            name: param.name,
            in: location,
            required: param.required,
            ...(declared?.description ? { description: declared.description.trim() } : {}),
            schema: inlineSchema(doc, resolvePointer(doc, param.schemaPointer)),
          };
        }),
      );
      return {
        operationId: operation.operationId,
        method: operation.method,
        path: operation.path,
        summary: operation.summary,
        ...(raw.description ? { description: raw.description.trim() } : {}),
        tag: operation.tag,
        idempotent: operation.idempotent,
        ...(operation.evidence ? { evidence: operation.evidence } : {}),
        parameters,
        ...(operation.body
          ? {
              body: {
                contentType: operation.body.contentType,
                required: operation.body.required,
                ...(operation.body.binaryFields.length ? { binaryFields: operation.body.binaryFields } : {}),
                schema: inlineSchema(doc, resolvePointer(doc, operation.body.schemaPointer)),
              },
            }
          : {}),
      };
    }),
  };
}

/** The declared parameter (operation level first, as it overrides the path level). */
function findParameter(doc, lists, location, name) {
  for (const list of lists) {
    for (const raw of list ?? []) {
      const { value } = deref(doc, raw, "");
      if (value.in === location && value.name === name) return value;
    }
  }
  return undefined;
}
