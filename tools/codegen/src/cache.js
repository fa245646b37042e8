// The generation cache: `pnpm generate` (and every `turbo build`, which runs it first) skips a
// provider whose inputs and outputs are what they were after its last generation. The key hashes
// everything that decides the output: the provider's spec files, the registry, the generator's own
// source and the lockfile (the versions of openapi-typescript, Ajv, TypeScript). A hit also checks
// that every generated file on disk still has the bytes that were written, so a hand edit or a
// checkout of other files is regenerated, never trusted.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

/** Every file under `path` (or `path` itself), sorted, so that the key does not depend on readdir order. */
export function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

/** A hash of the files' paths (relative to `root`) and contents. */
export function cacheKey(root, files) {
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(relative(root, file)).update("\0");
    hash.update(existsSync(file) ? readFileSync(file) : "(missing)").update("\0");
  }
  return hash.digest("hex");
}

/**
 * @param {string} cacheDir where the records live (one JSON file per provider)
 */
export function generationCache(cacheDir) {
  const recordPath = (id) => join(cacheDir, `${id}.json`);
  return {
    /** True when `key` matches the last record and every recorded output is unchanged on disk. */
    isFresh(id, key, outputDir) {
      let record;
      try {
        record = JSON.parse(readFileSync(recordPath(id), "utf8"));
      } catch {
        return false;
      }
      if (record.key !== key) return false;
      return Object.entries(record.outputs).every(([file, hash]) => {
        const target = join(outputDir, file);
        return existsSync(target) && sha256(readFileSync(target)) === hash;
      });
    },
    /** Records what was generated for `key` (call only once the files on disk are these). */
    record(id, key, files) {
      mkdirSync(dirname(recordPath(id)), { recursive: true });
      const outputs = Object.fromEntries(Object.entries(files).map(([file, contents]) => [file, sha256(contents)]));
      writeFileSync(recordPath(id), JSON.stringify({ key, outputs }, null, 2) + "\n");
    },
  };
}
