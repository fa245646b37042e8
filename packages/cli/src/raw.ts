/**
 * Raw operations, from the generated catalog alone: the flags and help of `studiokit call`, the
 * input schemas of the MCP server's raw tools, and the request either sends. Nothing here names a
 * provider or an operation, so a new operation in a spec shows up in both without code.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { CatalogOperation, CatalogParameter, JsonSchema } from "@studiokit/runtime";
import type { ProviderId, Studio } from "studiokit";
import { CliError } from "./errors.js";

/** One field a caller sets: a path/query/header parameter or a top-level body property. */
export interface RawField {
  name: string;
  location: "path" | "query" | "header" | "body";
  required: boolean;
  schema: JsonSchema;
  description: string | undefined;
  /** A multipart file field: the CLI reads `@path` into a file. */
  binary: boolean;
}

/** The body schema's top-level properties, following `allOf` (the only composition our specs use at the top). */
export function bodyProperties(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: string[] } {
  const properties: Record<string, JsonSchema> = { ...((schema.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  const required = [...((schema.required as string[] | undefined) ?? [])];
  for (const part of (schema.allOf as JsonSchema[] | undefined) ?? []) {
    const inner = bodyProperties(part);
    Object.assign(properties, inner.properties);
    required.push(...inner.required);
  }
  return { properties, required: [...new Set(required)] };
}

export function rawFields(operation: CatalogOperation): RawField[] {
  const fields: RawField[] = operation.parameters.map((param: CatalogParameter) => ({
    name: param.name,
    location: param.in,
    required: param.required,
    schema: param.schema,
    description: param.description ?? (param.schema.description as string | undefined),
    binary: false,
  }));
  if (operation.body) {
    const { properties, required } = bodyProperties(operation.body.schema);
    for (const [name, schema] of Object.entries(properties)) {
      if (schema.readOnly === true) continue;
      fields.push({
        name,
        location: "body",
        required: operation.body.required && required.includes(name),
        schema,
        description: schema.description as string | undefined,
        binary: operation.body.binaryFields?.includes(name) ?? false,
      });
    }
  }
  return fields;
}

/** What the spec says about a field's values, in words: type, enum, range, length, default. */
export function describeConstraints(schema: JsonSchema, options: { omitEnum?: boolean } = {}): string {
  const parts: string[] = [];
  const type = Array.isArray(schema.type) ? (schema.type as string[]).join("|") : (schema.type as string | undefined);
  if (type) parts.push(schema.format ? `${type} (${String(schema.format)})` : type);
  if (Array.isArray(schema.enum) && !options.omitEnum) parts.push(`one of: ${(schema.enum as unknown[]).map(String).join(", ")}`);
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  if (min !== undefined || max !== undefined) parts.push(`range ${min ?? "…"}..${max ?? "…"}`);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) parts.push(`length ${schema.minLength ?? 0}..${schema.maxLength ?? "…"}`);
  if (schema.minItems !== undefined || schema.maxItems !== undefined) parts.push(`${schema.minItems ?? 0}..${schema.maxItems ?? "…"} items`);
  if (schema.items && Array.isArray((schema.items as JsonSchema).enum)) parts.push(`items one of: ${((schema.items as JsonSchema).enum as unknown[]).join(", ")}`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join("; ");
}

const typeOf = (schema: JsonSchema): string | undefined => {
  if (typeof schema.type === "string") return schema.type;
  if (Array.isArray(schema.type)) return (schema.type as string[]).find((type) => type !== "null");
  if (Array.isArray(schema.enum)) return typeof (schema.enum as unknown[])[0];
  return undefined;
};

/**
 * A flag's text value as the schema's type. Only the syntax is checked here (a number is a number);
 * ranges, enums and required fields are left to the generated validator, which names the field the
 * same way for the CLI, the MCP server and the library.
 */
export async function parseFieldValue(field: RawField, values: string[]): Promise<unknown> {
  const type = typeOf(field.schema);
  if (field.binary) return readFileField(field, values[0]!);
  if (type === "array") {
    const items = (field.schema.items as JsonSchema | undefined) ?? {};
    // `--tags a --tags b`, or one JSON array.
    if (values.length === 1 && values[0]!.trim().startsWith("[")) return parseJson(field, values[0]!);
    return Promise.all(values.map((value) => parseFieldValue({ ...field, schema: items }, [value])));
  }
  const value = values[values.length - 1]!;
  switch (type) {
    case "integer":
    case "number": {
      const number = Number(value);
      if (value.trim() === "" || !Number.isFinite(number)) throw new CliError(`${field.name} must be a number (got "${value}")`, "usage");
      return number;
    }
    case "boolean":
      if (value === "true" || value === "") return true;
      if (value === "false") return false;
      throw new CliError(`${field.name} must be true or false (got "${value}")`, "usage");
    case "object":
      return parseJson(field, value);
    case "string":
      return value;
    default:
      // No single type (oneOf, free-form): JSON when it parses, the text otherwise.
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
  }
}

function parseJson(field: RawField, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${field.name} must be JSON (${describeConstraints(field.schema) || "any"})`, "usage");
  }
}

async function readFileField(field: RawField, value: string): Promise<Blob> {
  const path = value.startsWith("@") ? value.slice(1) : value;
  try {
    const bytes = await readFile(path);
    return new File([bytes], basename(path));
  } catch (error) {
    throw new CliError(`${field.name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`, "usage");
  }
}

/** A request split by where each value goes. */
export interface RawRequest {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, string>;
  body: unknown;
}

/** Places flat values (field name → value) and an optional base body into a request. */
export function buildRequest(operation: CatalogOperation, values: Record<string, unknown>, baseBody?: unknown): RawRequest {
  const request: RawRequest = { path: {}, query: {}, header: {}, body: baseBody };
  const fields = rawFields(operation);
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const field = fields.find((candidate) => candidate.name === name);
    if (!field) throw new CliError(`${operation.operationId} has no field "${name}"`, "usage");
    if (field.location === "body") {
      const body = request.body === undefined ? {} : request.body;
      if (!body || typeof body !== "object" || Array.isArray(body)) throw new CliError(`the body of ${operation.operationId} is not an object; set it with --body`, "usage");
      request.body = { ...(body as object), [name]: value };
    } else if (field.location === "header") {
      request.header[name] = String(value);
    } else {
      request[field.location][name] = value;
    }
  }
  return request;
}

/** Sends one raw operation through the provider's generated client (validated there before sending). */
export async function sendRaw(studio: Studio<ProviderId>, operation: CatalogOperation, request: RawRequest, signal?: AbortSignal): Promise<unknown> {
  const method = operation.method as "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  const client = studio.raw as unknown as Record<string, (path: string, init: Record<string, unknown>) => Promise<{ data: unknown }>>;
  const send = client[method];
  if (typeof send !== "function") throw new CliError(`${operation.method} is not supported by the client`, "usage");
  const params: Record<string, unknown> = {};
  if (Object.keys(request.path).length > 0) params.path = request.path;
  if (Object.keys(request.query).length > 0) params.query = request.query;
  if (Object.keys(request.header).length > 0) params.header = request.header;
  const init: Record<string, unknown> = { params, ...(signal ? { signal } : {}) };
  if (request.body !== undefined) init.body = request.body;
  const { data } = await send.call(client, operation.path, init);
  return data ?? null;
}

/** The JSON Schema of a raw tool's arguments: the parameters flat, the body under `body`. */
export function rawInputSchema(operation: CatalogOperation): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const param of operation.parameters) {
    properties[param.name] = { ...param.schema, ...(param.description ? { description: param.description } : {}) };
    if (param.required) required.push(param.name);
  }
  if (operation.body && !operation.body.binaryFields?.length) {
    properties.body = operation.body.schema;
    if (operation.body.required) required.push("body");
  }
  return { type: "object", properties, required, additionalProperties: false };
}
