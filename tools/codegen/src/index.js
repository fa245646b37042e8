// Generates packages/<provider> for every spec in specs/ (or the ones named).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { emitPackage } from "./emit.js";
import { packageDir, providerById, providers, specPath } from "./providers.js";
import { loadBundledSpec } from "./spec.js";

export { emitPackage } from "./emit.js";
export { collectOperations, collectAuthSchemes, collectServers } from "./operations.js";
export { compileValidators, createAjv, responseValidatorSchemas, validatorName } from "./validators.js";
export { loadBundledSpec, deref, resolvePointer } from "./spec.js";
export { quickStartCall, requiredParams, objectLiteral } from "./snippets.js";
export { providers, providerById, specPath, packageDir, repoRoot, docsPort } from "./providers.js";

/**
 * @param {string[]} ids providers to generate; all with a spec when empty
 * @param {{ check?: boolean }} options check: report what would change, write nothing
 * @returns {Promise<{ provider: string, changed: string[] }[]>}
 */
export async function generate(ids = [], options = {}) {
  const selected = ids.length > 0 ? ids.map(providerById) : providers.filter((provider) => existsSync(specPath(provider.id)));
  const report = [];
  for (const provider of selected) {
    const doc = await loadBundledSpec(specPath(provider.id));
    const dir = packageDir(provider.id);
    const packageJsonPath = join(dir, "package.json");
    // The version belongs to changesets, not to the generator: keep whatever is there.
    const version = existsSync(packageJsonPath) ? JSON.parse(readFileSync(packageJsonPath, "utf8")).version : undefined;
    const files = await emitPackage(provider, doc, { version });
    const changed = [];
    for (const [relative, contents] of Object.entries(files)) {
      const target = join(dir, relative);
      const current = existsSync(target) ? readFileSync(target, "utf8") : undefined;
      if (current === contents) continue;
      changed.push(relative);
      if (!options.check) {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, contents);
      }
    }
    report.push({ provider: provider.id, changed });
  }
  return report;
}
