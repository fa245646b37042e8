// The one example call the README and the docs portal show for a generated client. It must compile
// as written, so it carries the operation's required parameters (AliveAI's `GET /prompts` needs its
// `page`), taken from the spec's examples.
import { deref, resolvePointer } from "./spec.js";

/** The first example a media type, parameter or schema carries. */
export function exampleOf(node) {
  if (!node) return undefined;
  if (node.example !== undefined) return node.example;
  if (Array.isArray(node.examples)) return node.examples[0];
  const first = node.examples && Object.values(node.examples)[0];
  if (first && typeof first === "object" && "value" in first) return first.value;
  return undefined;
}

/** A value for a parameter: its example, else its schema's example, default or first enum value, else one of its type. */
export function parameterValue(doc, param) {
  const example = exampleOf(param);
  if (example !== undefined) return example;
  const { value: schema } = deref(doc, param.schema ?? {}, "");
  const fromSchema = exampleOf(schema) ?? schema.default ?? schema.enum?.[0];
  if (fromSchema !== undefined) return fromSchema;
  if (schema.type === "integer" || schema.type === "number") return schema.minimum ?? 1;
  if (schema.type === "boolean") return true;
  if (schema.type === "array") return [];
  return "x";
}

/** `{ path: {...}, query: {...} }` of an operation's required parameters, or undefined when it has none. */
export function requiredParams(doc, operation) {
  const params = {};
  for (const part of ["path", "query"]) {
    const values = {};
    for (const param of operation.params[part].filter((p) => p.required)) {
      values[param.name] = parameterValue(doc, resolvePointer(doc, param.schemaPointer.replace(/\/schema$/, "")));
    }
    if (Object.keys(values).length > 0) params[part] = values;
  }
  return Object.keys(params).length > 0 ? params : undefined;
}

/** A JavaScript object literal of `value` (keys unquoted where they can be). */
export function objectLiteral(value) {
  if (Array.isArray(value)) return `[${value.map(objectLiteral).join(", ")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([key, inner]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${objectLiteral(inner)}`);
    return entries.length > 0 ? `{ ${entries.join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}

/**
 * The quick-start call: the first GET without path parameters (a listing, usually), with its
 * required query parameters; the first operation when there is no such GET.
 * @returns {{ operation: import('./operations.js').OperationInfo, call: string } | undefined}
 */
export function quickStartCall(doc, operations, clientName = "client") {
  const operation = operations.find((candidate) => candidate.method === "GET" && candidate.params.path.length === 0) ?? operations[0];
  if (!operation) return undefined;
  const params = requiredParams(doc, operation);
  const init = params ? `, { params: ${objectLiteral(params)} }` : "";
  return { operation, call: `${clientName}.${operation.method}(${JSON.stringify(operation.path)}${init})` };
}
