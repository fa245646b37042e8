// The specs are built from files our users do not have: the provider source documents kept in the
// repo's shared seeds folder (named like `003_0a49d1611fc28051.txt`) and the notes beside them
// (`PROVIDER-FACTS.md`). A published page must cite the providers' public documentation instead, so
// the build refuses a spec whose text (descriptions, `x-evidence-note`, any string Redoc embeds in
// the page) names one of those files, and checks the finished site for them as well.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { listFiles } from "./offline.js";

/** A seed file name, the provider-facts notes, or a path into the shared seeds folder. */
export const INTERNAL_CITATION = /\b\d{3}_[0-9a-f]{16}\.txt\b|PROVIDER[-_ ]FACTS(?:\.md)?|shared\/seeds\b|\.\.\/shared\//gi;

/**
 * Every string of a (bundled) spec that names an internal file, with its JSON pointer.
 * @param {unknown} doc
 * @returns {{ pointer: string, citation: string }[]}
 */
export function internalCitationsInSpec(doc) {
  const found = [];
  const walk = (node, pointer) => {
    if (typeof node === "string") {
      for (const [citation] of node.matchAll(INTERNAL_CITATION)) found.push({ pointer: pointer || "/", citation });
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, `${pointer}/${index}`));
    } else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        walk(key, pointer);
        walk(value, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
      }
    }
  };
  walk(doc, "");
  return found;
}

/**
 * Every text file of a built site that names an internal file.
 * @param {string} dir
 * @returns {{ file: string, citation: string }[]}
 */
export function internalCitationsInSite(dir) {
  const found = [];
  for (const file of listFiles(dir)) {
    if (!/\.(html|css|js|json|txt|svg|md)$/i.test(file)) continue;
    const text = readFileSync(file, "utf8");
    for (const [citation] of text.matchAll(INTERNAL_CITATION)) found.push({ file: relative(dir, file), citation });
  }
  return found;
}
