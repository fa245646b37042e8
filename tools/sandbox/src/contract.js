// The contract as referee: every request the sandbox receives and every response (and websocket
// message, and webhook payload) it sends is checked against the provider's spec with Ajv, compiled
// in this process from the same bundled document and with the same options as the generated clients'
// validators (tools/codegen/src/validators.js). Compilation is lazy, per operation, so that start-up
// stays fast; a verdict is cached per schema.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const SPEC_ID = "https://studiokit.invalid/spec";

function createAjv(options = {}) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true, allowMatchingProperties: true, validateFormats: true, ...options });
  addFormats(ajv);
  return ajv;
}

const escape = (segment) => String(segment).replace(/~/g, "~0").replace(/\//g, "~1");

/** A problem list as short lines (`/images/0/url must be string`). */
export function describeErrors(errors) {
  return (errors ?? []).map((error) => `${error.instancePath || "(root)"} ${error.message}${error.params?.additionalProperty ? ` (${error.params.additionalProperty})` : ""}`);
}

/** A request problem as one line: `body /prompt must be string`, `query pageSize must be <= 20`. */
export const problemText = (problem) => `${problem.in} ${problem.field} ${problem.message}`;

export function createContract(described) {
  const ajv = createAjv();
  ajv.addSchema(described.doc, SPEC_ID, undefined, false);
  // Query and path values arrive as text: this instance coerces them to the schema's types, as Prism does.
  const coercing = createAjv({ coerceTypes: "array" });
  coercing.addSchema(described.doc, SPEC_ID, undefined, false);
  const cache = new Map();
  const paramValidators = new Map();

  /** A validator for the schema at a JSON pointer inside the spec (`#/paths/~1x/post/...`). */
  function at(pointer, instance = ajv) {
    const key = `${instance === ajv ? "" : "c:"}${pointer}`;
    if (!cache.has(key)) cache.set(key, instance.compile({ $ref: `${SPEC_ID}${pointer}` }));
    return cache.get(key);
  }

  function opPointer(op) {
    return `#/paths/${escape(op.template)}/${op.method.toLowerCase()}`;
  }

  /** Where an operation's request body schema lives, for a media type. */
  function requestSchemaPointer(op, contentType) {
    const raw = op.raw.requestBody;
    const base = raw?.$ref ? raw.$ref.slice(1) : `${opPointer(op).slice(1)}/requestBody`;
    return `#${base}/content/${escape(contentType)}/schema`;
  }

  function responseSchemaPointer(op, status, contentType) {
    const raw = op.raw.responses[status];
    const base = raw?.$ref ? raw.$ref.slice(1) : `${opPointer(op).slice(1)}/responses/${escape(status)}`;
    return `#${base}/content/${escape(contentType)}/schema`;
  }

  return {
    /**
     * Checks a request; returns the problems as `{ in, field, message }` (empty when it keeps the contract).
     * @param {{ op: any, params: Record<string,string>, query: URLSearchParams, headers: Record<string,string|undefined>, contentType?: string, body?: unknown }} request
     */
    checkRequest({ op, params, query, headers, contentType, body }) {
      const problems = [];
      for (const param of op.parameters) {
        const source = param.in === "path" ? params : param.in === "header" ? headers : param.in === "query" ? null : undefined;
        if (source === undefined) continue;
        const name = param.in === "header" ? param.name.toLowerCase() : param.name;
        const present = param.in === "query" ? query.has(name) : source[name] !== undefined;
        if (!present) {
          if (param.required) problems.push({ in: param.in, field: param.name, message: "is required" });
          continue;
        }
        const value = param.in === "query" ? (query.getAll(name).length > 1 ? query.getAll(name) : query.get(name)) : source[name];
        const holder = { value };
        if (!paramValidators.has(param)) paramValidators.set(param, coercing.compile({ type: "object", properties: { value: param.schema ?? {} } }));
        const validate = paramValidators.get(param);
        if (!validate(holder)) problems.push(...validate.errors.map((error) => ({ in: param.in, field: param.name, message: error.message })));
      }
      const requestBody = op.requestBody;
      if (requestBody?.content) {
        if (body === undefined) {
          if (requestBody.required) problems.push({ in: "body", field: "", message: "the request body is required" });
        } else {
          const mediaType = contentType?.split(";")[0].trim().toLowerCase();
          const declared = Object.keys(requestBody.content);
          const match = declared.find((type) => type.toLowerCase() === mediaType) ?? (declared.includes("*/*") ? "*/*" : undefined);
          if (!match) problems.push({ in: "header", field: "content-type", message: `${mediaType ?? "(none)"} is not one of ${declared.join(", ")}` });
          else if (match !== "application/octet-stream" && requestBody.content[match].schema) {
            const validate = at(requestSchemaPointer(op, match));
            if (!validate(body)) {
              problems.push(
                ...validate.errors.map((error) => {
                  const field = error.params?.missingProperty ? `${error.instancePath}/${error.params.missingProperty}` : error.params?.additionalProperty ? `${error.instancePath}/${error.params.additionalProperty}` : error.instancePath;
                  return { in: "body", field: field || "/", message: error.message };
                }),
              );
            }
          }
        }
      }
      return problems;
    },

    /** Checks a response; returns the problems (empty when it keeps the contract). */
    checkResponse(op, status, contentType, body) {
      const key = op.responses[String(status)] ? String(status) : op.responses[`${String(status)[0]}XX`] ? `${String(status)[0]}XX` : op.responses.default ? "default" : undefined;
      if (!key) return [`status ${status} is not declared for ${op.id}`];
      const content = op.responses[key].content;
      if (!content) return body === undefined ? [] : [`${op.id} ${status} declares no body, but one was sent`];
      if (body === undefined) return [`${op.id} ${status} declares a body, but none was sent`];
      const mediaType = contentType?.split(";")[0].trim();
      if (!content[mediaType]) return [`${op.id} ${status}: media type ${mediaType} is not one of ${Object.keys(content).join(", ")}`];
      const validate = at(responseSchemaPointer(op, key, mediaType));
      return validate(body) ? [] : describeErrors(validate.errors).map((line) => `${op.id} ${status} body ${line}`);
    },

    /** Checks a value against the schema at any pointer (websocket messages, webhook payloads). */
    checkAt(pointer, value) {
      const validate = at(pointer);
      return validate(value) ? [] : describeErrors(validate.errors);
    },
  };
}
