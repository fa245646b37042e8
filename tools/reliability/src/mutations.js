// fast-check arbitraries of request bodies derived from a valid one: each run takes a field somewhere
// in the body and removes it, replaces it with an arbitrary JSON value, pushes a number past its
// bounds, or adds an unknown field. Most results are invalid, some stay valid; either way the verdict
// of our validator is compared with Prism's.
import fc from "fast-check";

/** Every path (array of keys) to a value inside `value`, the root included. */
export function pathsOf(value, prefix = []) {
  const paths = [prefix];
  if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) paths.push(...pathsOf(inner, [...prefix, Array.isArray(value) ? Number(key) : key]));
  }
  return paths;
}

function setAt(root, path, update) {
  if (path.length === 0) return update(root);
  const copy = Array.isArray(root) ? [...root] : { ...root };
  const [head, ...rest] = path;
  copy[head] = setAt(root[head], rest, update);
  return copy;
}

function removeAt(root, path) {
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1];
  return setAt(root, parentPath, (parent) => {
    if (Array.isArray(parent)) return parent.filter((_, index) => index !== key);
    const { [key]: _removed, ...rest } = parent;
    return rest;
  });
}

/** JSON values of every kind, small. */
const jsonValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", " ", "not a url", "https://example.com/x.png", "2026-01-01T00:00:00Z", "1234", "-1", "x".repeat(3000)),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

/** Arbitrary mutated bodies of `valid`, each with a description of what was done. */
export function mutatedBodies(valid) {
  const paths = pathsOf(valid);
  const nonRoot = paths.filter((path) => path.length > 0);
  const objectPaths = paths.filter((path) => {
    const value = path.reduce((node, key) => node?.[key], valid);
    return value && typeof value === "object" && !Array.isArray(value);
  });
  const mutations = [
    fc.constantFrom(...(nonRoot.length ? nonRoot : [[]])).map((path) =>
      path.length ? { what: `remove ${path.join(".")}`, body: removeAt(valid, path) } : { what: "unchanged", body: valid },
    ),
    fc.tuple(fc.constantFrom(...paths), jsonValue).map(([path, value]) => ({
      what: `set ${path.join(".") || "(root)"} to ${JSON.stringify(value)?.slice(0, 40)}`,
      body: setAt(valid, path, () => value),
    })),
    fc.tuple(fc.constantFrom(...paths), fc.constantFrom(-1, 0, 1e9, 0.5, -0.5, 2 ** 31, 1e-9)).map(([path, value]) => ({
      what: `set ${path.join(".") || "(root)"} to the number ${value}`,
      body: setAt(valid, path, () => value),
    })),
    fc.tuple(fc.constantFrom(...objectPaths), fc.constantFrom("unknown_field", "x", "__proto_like"), jsonValue).map(([path, key, value]) => ({
      what: `add ${[...path, key].join(".")}`,
      body: setAt(valid, path, (object) => ({ ...object, [key]: value })),
    })),
  ];
  return fc.oneof(...mutations);
}

