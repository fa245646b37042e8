// The facade package (packages/studiokit, npm name `studiokit`) is written by another part of the
// repo and may not exist yet. The contract read here:
//   packages/studiokit/README.md        the guide, rendered to site/guide/index.html
//   packages/studiokit/dist/index.js    exports `capabilities` ({ [providerId]: { [capability]: boolean } })
//                                       and `providerIds` (the order of the matrix columns)
// Neither being there is not an error (the site says the facade is not built yet); a built entry that
// cannot be loaded, or whose `capabilities` is not an object per provider, is.
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { facadeEntry, facadeReadme } from "./paths.js";

/**
 * @typedef {{ built: false, reason: string } | { built: true, providerIds: string[], providerNames: Record<string, string>, capabilityNames: string[], capabilities: Record<string, Record<string, unknown>> }} Matrix
 * @typedef {{ built: false, reason: string } | { built: true, markdown: string }} Guide
 */

/** @returns {Guide} */
export function loadFacadeGuide(readme = facadeReadme) {
  if (!existsSync(readme)) return { built: false, reason: "packages/studiokit/README.md does not exist yet" };
  return { built: true, markdown: readFileSync(readme, "utf8") };
}

/** @returns {Promise<Matrix>} */
export async function loadCapabilityMatrix(entry = facadeEntry) {
  if (!existsSync(entry)) return { built: false, reason: "packages/studiokit/dist/index.js does not exist yet (the facade is not built)" };
  let facade;
  try {
    facade = await import(pathToFileURL(entry).href);
  } catch (error) {
    throw new Error(`The facade is built but ${entry} cannot be loaded: ${error instanceof Error ? error.message : error}`);
  }
  return capabilityMatrix(facade.capabilities, facade.providerIds, entry);
}

/**
 * Checks the facade's exports and lays them out as a matrix: one column per provider, one row per
 * capability. The contract is flat (`{ [providerId]: { [capability]: boolean } }`); richer values are
 * shown too: a nested object is a group whose keys become rows (`images.seed`), `false` for a whole
 * group means each of its rows is unsupported, and any other value (a string, a number, a list, an
 * object deeper down) is shown as it is. A top-level string `name` is the provider's display name.
 * @param {unknown} capabilities
 * @param {unknown} providerIds
 * @returns {Matrix}
 */
export function capabilityMatrix(capabilities, providerIds, where = "the facade") {
  if (!isPlainObject(capabilities)) {
    throw new Error(`${where} does not export \`capabilities\` as a plain object { [providerId]: { [capability]: boolean } }`);
  }
  const ids = Array.isArray(providerIds) && providerIds.every((id) => typeof id === "string") ? [...providerIds] : [];
  for (const id of Object.keys(capabilities)) if (!ids.includes(id)) ids.push(id);
  const providerNames = {};
  /** @type {string[]} */
  const rows = [];
  const addRow = (path) => rows.includes(path) || rows.push(path);
  for (const id of ids) {
    const row = capabilities[id];
    if (row === undefined) continue;
    if (!isPlainObject(row)) throw new Error(`${where}: capabilities["${id}"] is not an object of capabilities`);
    for (const [key, value] of Object.entries(row)) {
      if (key === "name" && typeof value === "string") {
        providerNames[id] = value;
        continue;
      }
      if (isPlainObject(value)) for (const inner of Object.keys(value)) addRow(`${key}.${inner}`);
      else if (value !== false || !ids.some((other) => isPlainObject(capabilities[other]?.[key]))) addRow(key);
    }
  }
  // A group that is `false` for every provider that has it, and an object for none, is one row.
  return { built: true, providerIds: ids, providerNames, capabilityNames: rows, capabilities: /** @type {any} */ (capabilities) };
}

/**
 * The value of one matrix cell: `capabilities[id]` at a row path ("seed" or "images.seed"); a group
 * that is `false` makes each of its rows `false`; a missing entry is `undefined`.
 */
export function capabilityValue(capabilities, id, path) {
  let value = capabilities?.[id];
  for (const key of path.split(".")) {
    if (value === false) return false;
    if (!isPlainObject(value) || !(key in value)) return undefined;
    value = value[key];
  }
  return value;
}

const isPlainObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
