// Loading a spec: Redocly bundles the (possibly multi-file) spec into one document whose internal
// `$ref`s stay in place, so that generated types keep their component names.
import { bundle, createConfig } from "@redocly/openapi-core";

/** @param {string} path */
export async function loadBundledSpec(path) {
  const config = await createConfig({});
  const result = await bundle({ ref: path, config, dereference: false });
  const problems = result.problems.filter((problem) => problem.severity === "error");
  if (problems.length > 0) {
    throw new Error(`${path}: ${problems.map((problem) => problem.message).join("; ")}`);
  }
  return /** @type {Record<string, any>} */ (result.bundle.parsed);
}

/** Follows a local `$ref` (`#/components/...`) inside `doc`. */
export function resolvePointer(doc, ref) {
  if (!ref.startsWith("#/")) throw new Error(`Only local $refs are supported after bundling: ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .map(unescapePointer)
    .reduce((node, key) => {
      if (node == null || !(key in node)) throw new Error(`Unresolvable $ref ${ref}`);
      return node[key];
    }, doc);
}

/** Resolves an object that may be a `$ref`; returns the object and the JSON pointer it lives at. */
export function deref(doc, node, pointer) {
  let current = node;
  let at = pointer;
  for (let hops = 0; current && typeof current.$ref === "string"; hops++) {
    if (hops > 20) throw new Error(`$ref cycle at ${at}`);
    at = current.$ref;
    current = resolvePointer(doc, current.$ref);
  }
  return { value: current, pointer: at };
}

export const escapePointer = (segment) => String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
export const unescapePointer = (segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~");
