// Reads every operation of a bundled spec into the table the generated client is built from.
import { deref, escapePointer, resolvePointer } from "./spec.js";

const METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];
const IDEMPOTENT_METHODS = new Set(["get", "put", "delete", "options", "head", "trace"]);

/**
 * @typedef {object} OperationInfo
 * @property {string} operationId
 * @property {string} method upper case
 * @property {string} path
 * @property {string} summary
 * @property {string} tag
 * @property {boolean} idempotent
 * @property {boolean} public  true when `security: []`
 * @property {number | undefined} timeoutMs
 * @property {{ contentType: string, required: boolean, schemaPointer: string, binaryFields: string[] } | undefined} body
 * @property {Record<'path'|'query'|'header', { name: string, required: boolean, schemaPointer: string }[]>} params
 * @property {string | undefined} evidence
 * @property {{ scheme: string, token: string, fields: string[], secretFields: string[] } | undefined} login
 */

/** @returns {OperationInfo[]} */
export function collectOperations(doc) {
  const operations = [];
  const seen = new Set();
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const itemPointer = `#/paths/${escapePointer(path)}`;
    const { value: item } = deref(doc, rawItem, itemPointer);
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const pointer = `${itemPointer}/${method}`;
      if (!operation.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      if (seen.has(operation.operationId)) throw new Error(`operationId ${operation.operationId} is used twice`);
      seen.add(operation.operationId);
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? "",
        tag: operation.tags?.[0] ?? "",
        idempotent: IDEMPOTENT_METHODS.has(method) || operation["x-studiokit-idempotent"] === true,
        public: Array.isArray(operation.security) && operation.security.length === 0,
        timeoutMs: operation["x-studiokit-timeout-ms"],
        body: collectBody(doc, operation, pointer),
        params: collectParams(doc, item, operation, itemPointer, pointer),
        evidence: operation["x-evidence"],
        login: collectLogin(doc, operation, pointer),
      });
    }
  }
  return operations;
}

function collectBody(doc, operation, pointer) {
  if (!operation.requestBody) return undefined;
  const { value: body, pointer: bodyPointer } = deref(doc, operation.requestBody, `${pointer}/requestBody`);
  const contentTypes = Object.keys(body.content ?? {});
  const contentType = contentTypes.find((type) => /json/.test(type)) ?? contentTypes[0];
  if (!contentType) throw new Error(`${operation.operationId}: request body has no content`);
  const schemaPointer = `${bodyPointer}/content/${escapePointer(contentType)}/schema`;
  const { value: schema } = deref(doc, body.content[contentType].schema, schemaPointer);
  const binaryFields = Object.entries(schema?.properties ?? {})
    .filter(([, property]) => isBinary(deref(doc, property, "").value))
    .map(([name]) => name);
  return { contentType, required: body.required === true, schemaPointer, binaryFields };
}

function isBinary(schema) {
  if (!schema) return false;
  if (schema.format === "binary" || schema.contentMediaType) return true;
  return schema.type === "array" && schema.items ? isBinary(schema.items) : false;
}

function collectParams(doc, item, operation, itemPointer, pointer) {
  /** @type {Record<string, Map<string, { name: string, required: boolean, schemaPointer: string }>>} */
  const byLocation = { path: new Map(), query: new Map(), header: new Map() };
  const add = (list, base) =>
    (list ?? []).forEach((raw, index) => {
      const { value: param, pointer: paramPointer } = deref(doc, raw, `${base}/parameters/${index}`);
      if (!byLocation[param.in]) return; // cookies are not used by any of our providers
      byLocation[param.in].set(param.name, {
        name: param.name,
        required: param.in === "path" || param.required === true,
        schemaPointer: `${paramPointer}/schema`,
      });
    });
  add(item.parameters, itemPointer);
  add(operation.parameters, pointer); // operation-level parameters override path-level ones
  return {
    path: [...byLocation.path.values()],
    query: [...byLocation.query.values()],
    header: [...byLocation.header.values()],
  };
}

/** The auth schemes of the root `security`, in order, as the runtime's AuthScheme objects. */
export function collectAuthSchemes(doc) {
  const schemes = doc.components?.securitySchemes ?? {};
  const names = [...new Set((doc.security ?? []).flatMap((requirement) => Object.keys(requirement)))];
  return names.map((name) => {
    const { value: scheme } = deref(doc, schemes[name], `#/components/securitySchemes/${name}`);
    if (!scheme) throw new Error(`security names an undeclared scheme ${name}`);
    if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "bearer") return { name, scheme: { type: "bearer" } };
    if (scheme.type === "apiKey" && scheme.in === "header") {
      const prefix = scheme["x-studiokit-prefix"];
      return { name, scheme: { type: "header", name: scheme.name, ...(prefix ? { prefix } : {}) } };
    }
    throw new Error(`Security scheme ${name} (${scheme.type}) is not supported by the runtime`);
  });
}

/** Servers, with the short name a caller picks them by (`x-studiokit-region`). */
export function collectServers(doc) {
  return (doc.servers ?? []).map((server) => ({
    url: server.url.replace(/\/+$/, ""),
    ...(server.description ? { description: server.description.trim() } : {}),
    ...(server["x-studiokit-region"] ? { name: server["x-studiokit-region"] } : {}),
  }));
}

/** `x-studiokit-login`: the operation trades its body's required fields for a token. */
function collectLogin(doc, operation, pointer) {
  const login = operation["x-studiokit-login"];
  if (!login) return undefined;
  if (!login.scheme || !login.token) throw new Error(`${operation.operationId}: x-studiokit-login needs scheme and token`);
  const body = collectBody(doc, operation, pointer);
  if (!body || !/json/.test(body.contentType)) throw new Error(`${operation.operationId}: a login takes a JSON body`);
  const { value: schema } = deref(doc, resolvePointer(doc, body.schemaPointer), body.schemaPointer);
  const fields = schema.required ?? [];
  const secretFields = fields.filter((name) => {
    const { value: property } = deref(doc, schema.properties?.[name] ?? {}, "");
    return property.format === "password" || property.writeOnly === true;
  });
  return { scheme: login.scheme, token: login.token, fields, secretFields };
}

