// Loading a spec. A spec in one file (and the bundled JSON the bench feeds in) is parsed as it is:
// bundling it would change nothing. A spec split into files (`$ref: paths/x.yaml`) is bundled by
// Redocly into one document whose internal `$ref`s stay in place, so that generated types keep their
// component names. That is the Redocly openapi-typescript already depends on and loads, loaded only
// when a spec needs it: the generator carries no Redocly of its own.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** openapi-typescript's own @redocly/openapi-core (the one it lints and bundles with). */
export function redoclyCore() {
  return createRequire(require.resolve("openapi-typescript"))("@redocly/openapi-core");
}

/** @param {string} path */
export async function loadBundledSpec(path) {
  const text = readFileSync(path, "utf8");
  // The YAML parser loads only for YAML (the bench's bundled specs are JSON).
  const doc = path.endsWith(".json") ? JSON.parse(text) : (await import("yaml")).parse(text);
  if (!hasExternalRef(doc)) return /** @type {Record<string, any>} */ (doc);
  const { bundle, createConfig } = redoclyCore();
  const config = await createConfig({}, {});
  const result = await bundle({ ref: path, config, dereference: false });
  const problems = result.problems.filter((problem) => problem.severity === "error");
  if (problems.length > 0) {
    throw new Error(`${path}: ${problems.map((problem) => problem.message).join("; ")}`);
  }
  return /** @type {Record<string, any>} */ (result.bundle.parsed);
}

/** True when some `$ref` points into another file. */
function hasExternalRef(node) {
  if (Array.isArray(node)) return node.some(hasExternalRef);
  if (!node || typeof node !== "object") return false;
  if (typeof node.$ref === "string" && !node.$ref.startsWith("#")) return true;
  return Object.values(node).some(hasExternalRef);
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
