// Answers are the spec's own examples with the sandbox's state written into them at the places the
// spec declares (`respond` maps of JSON pointer → value expression, see specs/CONVENTIONS.md). The
// example keeps every field the state says nothing about, so an answer has the provider's shape; the
// contract check then proves it.

/** Sets (or, for `undefined`, removes) the value at a JSON pointer; "" replaces the whole document. */
export function setPointer(document, pointer, value) {
  if (pointer === "") return value;
  const keys = pointer.slice(1).split("/").map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node = document;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== "object") node[key] = {};
    node = node[key];
  }
  const last = keys.at(-1);
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return document;
}

export function getPointer(document, pointer) {
  if (pointer === "" || pointer === undefined) return document;
  return pointer
    .slice(1)
    .split("/")
    .map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((node, key) => (node === undefined || node === null ? undefined : node[key]), document);
}

const FILTERS = {
  upper: (value) => (typeof value === "string" ? value.toUpperCase() : value),
  string: (value) => (value === undefined || value === null ? value : String(value)),
  or_null: (value) => (value === undefined ? null : value),
};

/**
 * Evaluates one expression of a `respond` map against `scope`:
 * - a string names a value (`id`, `state`, `output.url`, `request/prompt`), optionally piped through
 *   filters (`kind|upper`; `request/name|or_example` keeps the example's value when there is none);
 * - `{ value: X }` is the literal X;
 * - `{ each: <list>, set: { pointer: expression } }` builds an array with one element per entry of a
 *   list in scope (`items`, `outputs`, `jobs`, `job.outputs`), each the example's first element with
 *   `set` applied and the entry in scope under the singular name (`item`, `output`, `job`);
 * - `omit` removes the field.
 */
export function evaluate(expression, scope, template) {
  if (expression && typeof expression === "object") {
    if ("value" in expression) return structuredClone(expression.value);
    if ("each" in expression) {
      const list = lookup(scope, expression.each) ?? [];
      const element = Array.isArray(template) && template.length > 0 ? template[0] : {};
      return list.map((entry) => apply(structuredClone(element), expression.set ?? {}, { ...scope, [singular(expression.each.split(".").pop())]: entry }));
    }
    throw new Error(`Unknown respond expression ${JSON.stringify(expression)}`);
  }
  const [name, ...filters] = String(expression).split("|");
  // `omit` removes the example's field (e.g. an echo of a request that belongs to another record).
  if (name === "omit") return undefined;
  let value;
  if (name.startsWith("request/")) value = getPointer(scope.request ?? {}, name.slice("request".length));
  else value = lookup(scope, name);
  if (typeof value === "function") value = value();
  for (const filter of filters) {
    // `or_example`: a value the request left out keeps the example's (a field the contract requires).
    if (filter === "or_example") {
      value ??= structuredClone(template);
      continue;
    }
    if (!FILTERS[filter]) throw new Error(`Unknown filter ${filter} in ${expression}`);
    value = FILTERS[filter](value);
  }
  return value;
}

const lookup = (scope, name) => name.split(".").reduce((node, key) => (node === undefined || node === null ? undefined : node[key]), scope);

const singular = (name) => ({ items: "item", outputs: "output", jobs: "job" })[name] ?? name;

/** Applies a `respond` map to a document (usually an example), returning the new document. */
export function apply(document, respond, scope) {
  let result = document;
  for (const [pointer, expression] of Object.entries(respond ?? {})) {
    const value = evaluate(expression, scope, getPointer(result, pointer));
    result = setPointer(result ?? {}, pointer, value);
  }
  return result;
}
