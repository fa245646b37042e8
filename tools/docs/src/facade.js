// The facade package (packages/studiokit, npm name `studiokit`) is written by another part of the
// repo and may not exist yet. The contract read here:
//   packages/studiokit/README.md        the guide, rendered to site/guide/index.html
//   packages/studiokit/dist/index.js    exports `capabilities` ({ [providerId]: { [capability]: boolean } })
//                                       and `providerIds` (the order of the matrix columns)
// Neither being there is not an error (the site says the facade is not built yet); a built entry that
// breaks the contract is, so that a wrong matrix is never published.
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { facadeEntry, facadeReadme } from "./paths.js";

/**
 * @typedef {{ built: false, reason: string } | { built: true, providerIds: string[], capabilityNames: string[], capabilities: Record<string, Record<string, boolean>> }} Matrix
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
 * Checks the facade's exports and puts them in matrix order.
 * @param {unknown} capabilities
 * @param {unknown} providerIds
 * @returns {Matrix}
 */
export function capabilityMatrix(capabilities, providerIds, where = "the facade") {
  const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isObject(capabilities)) throw new Error(`${where} does not export \`capabilities\` as a plain object { [providerId]: { [capability]: boolean } }`);
  const ids = Array.isArray(providerIds) && providerIds.every((id) => typeof id === "string") ? [...providerIds] : Object.keys(capabilities);
  for (const id of Object.keys(capabilities)) if (!ids.includes(id)) ids.push(id);
  const names = [];
  for (const id of ids) {
    const row = capabilities[id];
    if (row === undefined) continue;
    if (!isObject(row)) throw new Error(`${where}: capabilities["${id}"] is not an object of booleans`);
    for (const [name, value] of Object.entries(row)) {
      if (typeof value !== "boolean") throw new Error(`${where}: capabilities["${id}"]["${name}"] is ${typeof value}, not a boolean`);
      if (!names.includes(name)) names.push(name);
    }
  }
  return { built: true, providerIds: ids, capabilityNames: names, capabilities: /** @type {any} */ (capabilities) };
}
