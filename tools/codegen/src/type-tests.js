// Emits test/request-types.typecheck.ts for a generated package: for every operation with a body,
// the spec's example must type-check as a call of the client, and the same call with one misspelled
// field (at the top level and inside a nested object) must not. `@ts-expect-error` turns a missing
// type error into a build failure, so `pnpm typecheck` proves that the client's types reject excess
// fields. The file is compiled, never run.
import { deref, resolvePointer } from "./spec.js";
import { exampleOf, requiredParams } from "./snippets.js";

const BLOB = "__studiokit_blob__";

/** Properties and openness of an object schema, allOf parts included. */
function objectView(doc, schema) {
  const { value: s } = deref(doc, schema, "");
  const view = { properties: { ...(s?.properties ?? {}) }, open: s?.additionalProperties === true || typeof s?.additionalProperties === "object" };
  for (const part of s?.allOf ?? []) {
    const inner = objectView(doc, part);
    Object.assign(view.properties, inner.properties);
    view.open ||= inner.open;
  }
  return view;
}

/** A misspelling of `name` that is not itself a field: two letters swapped, or the last one doubled. */
function misspell(name, taken) {
  const swapped = name.length >= 3 ? name[0] + name[2] + name[1] + name.slice(3) : name + name.at(-1);
  for (const candidate of [swapped, name + name.at(-1), `${name}_`]) if (candidate !== name && !taken.has(candidate)) return candidate;
  throw new Error(`cannot misspell ${name}`);
}

/** The field a caller is most likely to mistype: an optional one the example leaves out, else the example's first. */
function fieldToMisspell(view, example) {
  const names = Object.keys(view.properties);
  return names.find((name) => !(name in example)) ?? Object.keys(example)[0] ?? names[0];
}

function literal(value) {
  return JSON.stringify(value).replace(new RegExp(`"${BLOB}"`, "g"), 'new Blob(["file"])');
}

/** @returns {string} */
export function emitRequestTypeTests(provider, doc, operations, header) {
  const factory = `create${provider.clientName}Client`;
  const lines = [
    header.trimEnd(),
    "// Compiled by `pnpm typecheck`, never run. Each spec example must type-check as a client call, and",
    "// the same call with a misspelled field must not: `@ts-expect-error` fails the build if it compiles.",
    `import { ${factory} } from "../src/index.js";`,
    "",
    `const client = ${factory}({ apiKey: "type-test-key" });`,
    "",
    "export async function requestTypes(): Promise<void> {",
  ];
  let first;
  for (const operation of operations) {
    if (!operation.body) continue;
    const media = resolvePointer(doc, operation.body.schemaPointer.replace(/\/schema$/, ""));
    const example = exampleOf(media);
    if (!example || typeof example !== "object" || Array.isArray(example)) continue;
    const body = { ...example };
    for (const field of operation.body.binaryFields) body[field] = Array.isArray(body[field]) ? [BLOB] : BLOB;

    const params = requiredParams(doc, operation);
    const paramsText = params ? `params: ${literal(params)}, ` : "";
    const call = (bodyValue) => `  await client.${operation.method}(${JSON.stringify(operation.path)}, { ${paramsText}body: ${literal(bodyValue)} });`;

    const view = objectView(doc, resolvePointer(doc, operation.body.schemaPointer));
    const taken = new Set(Object.keys(view.properties));
    const target = fieldToMisspell(view, example);
    const typo = misspell(target, taken);
    lines.push(`  // ${operation.operationId}: the spec's example, then \`${target}\` misspelled as \`${typo}\``);
    lines.push(call(body));
    lines.push(`  // @ts-expect-error \`${typo}\` is not a field of the ${operation.operationId} body`);
    lines.push(call({ ...body, [typo]: example[target] ?? true }));

    // One level down: the first nested object of the example whose schema lists its fields exactly.
    for (const [name, value] of Object.entries(example)) {
      if (!value || typeof value !== "object" || Array.isArray(value) || !view.properties[name]) continue;
      const inner = objectView(doc, view.properties[name]);
      if (inner.open || Object.keys(inner.properties).length === 0) continue;
      const innerTarget = fieldToMisspell(inner, value);
      const innerTypo = misspell(innerTarget, new Set(Object.keys(inner.properties)));
      lines.push(`  // @ts-expect-error \`${name}.${innerTypo}\` is not a field (\`${name}.${innerTarget}\` is)`);
      lines.push(call({ ...body, [name]: { ...value, [innerTypo]: value[innerTarget] ?? true } }));
      break;
    }
    first ??= { operation, paramsText, body };
  }
  if (first) {
    lines.push("  // A misspelled option of the call itself (`parms` for `params`, `bodyy` for `body`).");
    lines.push(`  // @ts-expect-error \`bodyy\` is not an option of a call`);
    lines.push(`  await client.${first.operation.method}(${JSON.stringify(first.operation.path)}, { ${first.paramsText}body: ${literal(first.body)}, bodyy: {} });`);
  }
  lines.push("}", "");
  return lines.join("\n");
}
