/**
 * The request check itself, loaded with a provider's validators on the first call that needs them
 * (see request-validation.ts): a client that never validates never loads this or the validators.
 */
import type { OperationDefinition } from "./client.js";
import { assertValid, type CompiledValidator } from "./validation.js";

type ValidatorRef = CompiledValidator | string | undefined;

/** Checks one call's path parameters, query and body; throws a ValidationError naming each bad field. */
export function createRequestCheck(provider: string, validators: Readonly<Record<string, unknown>>) {
  const resolve = (ref: ValidatorRef): CompiledValidator | undefined => {
    if (typeof ref !== "string") return ref;
    const validator = validators[ref];
    if (typeof validator !== "function") throw new TypeError(`${provider}: the generated validators have no "${ref}" (regenerate the package)`);
    return validator as CompiledValidator;
  };
  return (operation: OperationDefinition, init: Record<string, any>): void => {
    // Each validator runs on its own first; the error (and its context) is only built for a failure.
    const pathParams = resolve(operation.pathParams);
    const path = init.params?.path ?? {};
    if (pathParams && !pathParams(path)) fail(pathParams, path, "path");
    const query = resolve(operation.query);
    const search = init.params?.query ?? {};
    if (query && !query(search)) fail(query, search, "query");
    const body = operation.body;
    const validateBody = resolve(body?.validate);
    if (body && validateBody && (init.body !== undefined || body.required)) {
      const value = withFilePlaceholders(init.body, body.binaryFields);
      if (!validateBody(value)) fail(validateBody, value, "body");
    }

    function fail(validator: CompiledValidator, value: unknown, part: "path" | "query" | "body"): never {
      assertValid(validator, value, part, { provider, operation: operation.operationId });
      throw new Error("unreachable: the validator rejected the value once and accepted it the second time");
    }
  };
}

/**
 * The spec types file fields as binary strings; at run time they hold Blobs or bytes. The validator
 * checks everything else, so each file is swapped for an empty string placeholder first.
 */
function withFilePlaceholders(body: unknown, binaryFields: readonly string[] | undefined): unknown {
  if (!binaryFields?.length || !body || typeof body !== "object") return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const field of binaryFields) {
    const value = copy[field];
    if (value === undefined) continue;
    copy[field] = Array.isArray(value) ? value.map(placeholderFor) : placeholderFor(value);
  }
  return copy;
}

const placeholderFor = (value: unknown) =>
  value instanceof Blob || value instanceof Uint8Array || value instanceof ArrayBuffer ? "" : value;
