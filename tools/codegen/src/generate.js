// Generates packages/<provider> for every spec in specs/ (or the ones named). Light to import: the
// spec loader and the emitter (openapi-typescript, TypeScript, Ajv) load only for a provider whose
// cache record is stale, so an unchanged tree is checked in a few milliseconds.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheKey, filesUnder, generationCache } from "./cache.js";
import { packageDir, providerById, providers, repoRoot, specPath } from "./providers.js";

const codegenSrc = dirname(fileURLToPath(import.meta.url));
const defaultCacheDir = join(repoRoot, "node_modules", ".cache", "studiokit-codegen");

/**
 * @param {string[]} ids providers to generate; all with a spec when empty
 * @param {{ check?: boolean, cache?: boolean, cacheDir?: string }} options check: report what would
 *   change, write nothing; cache: false ignores the cache (it is still updated)
 * @returns {Promise<{ provider: string, changed: string[], cached: boolean }[]>}
 */
export async function generate(ids = [], options = {}) {
  const selected = ids.length > 0 ? ids.map(providerById) : providers.filter((provider) => existsSync(specPath(provider.id)));
  const cache = generationCache(options.cacheDir ?? defaultCacheDir);
  // Hashed once per run: the same for every provider.
  const generatorKey = cacheKey(repoRoot, [...filesUnder(codegenSrc), join(repoRoot, "specs", "providers.json"), join(repoRoot, "pnpm-lock.yaml")]);
  const report = [];
  // Every stale provider's package is emitted at once, then written in order: emitPackage hands its
  // types to the generator's types thread and queues its validators in this one (threads.js), and
  // the two stay busy side by side only when every provider's jobs are queued. Each provider's
  // output depends on its spec alone.
  const jobs = selected.map((provider) => {
    const dir = packageDir(provider.id);
    const key = `${generatorKey}:${cacheKey(repoRoot, filesUnder(dirname(specPath(provider.id))))}`;
    if (options.cache !== false && cache.isFresh(provider.id, key, dir)) return { provider, dir, key, cached: true };
    const files = emitProvider(provider, dir);
    // Awaited below, in order; until then a failure must not count as unhandled.
    files.catch(() => {});
    return { provider, dir, key, files };
  });
  for (const { provider, dir, key, cached, files: pending } of jobs) {
    if (cached) {
      report.push({ provider: provider.id, changed: [], cached: true });
      continue;
    }
    const files = await pending;
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
    // What is on disk now is exactly this output (unless --check left stale files there).
    if (!options.check || changed.length === 0) cache.record(provider.id, key, files);
    report.push({ provider: provider.id, changed, cached: false });
  }
  return report;
}

/** Loads a provider's spec and emits its package (nothing written). */
async function emitProvider(provider, dir) {
  const [{ loadBundledSpec }, { emitPackage }, { startThreads }] = await Promise.all([import("./spec.js"), import("./emit.js"), import("./threads.js")]);
  // TypeScript loads in the types thread while the spec is read (and, for a spec split into files,
  // bundled by Redocly).
  startThreads();
  const doc = await loadBundledSpec(specPath(provider.id));
  const packageJsonPath = join(dir, "package.json");
  // The version belongs to changesets, not to the generator: keep whatever is there.
  const version = existsSync(packageJsonPath) ? JSON.parse(readFileSync(packageJsonPath, "utf8")).version : undefined;
  return emitPackage(provider, doc, { version });
}
