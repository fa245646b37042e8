// The generation cache: a hit only when nothing that decides the output changed and the generated
// files on disk are the ones written; anything else regenerates.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheKey, filesUnder, generationCache } from "../src/cache.js";
import { generate } from "../src/generate.js";

const scratch = () => mkdtempSync(join(tmpdir(), "codegen-cache-"));

describe("the generation cache", () => {
  it("keys on the contents and the names of the input files", () => {
    const root = scratch();
    mkdirSync(join(root, "spec", "parts"), { recursive: true });
    writeFileSync(join(root, "spec", "openapi.yaml"), "openapi: 3.1.0\n");
    writeFileSync(join(root, "spec", "parts", "a.yaml"), "type: string\n");
    const key = () => cacheKey(root, filesUnder(join(root, "spec")));
    const first = key();
    expect(key()).toBe(first);
    writeFileSync(join(root, "spec", "parts", "a.yaml"), "type: integer\n");
    const changed = key();
    expect(changed).not.toBe(first);
    writeFileSync(join(root, "spec", "parts", "b.yaml"), "");
    expect(key()).not.toBe(changed);
  });

  it("is fresh only for the recorded key and untouched outputs", () => {
    const root = scratch();
    const cache = generationCache(join(root, "cache"));
    const out = join(root, "package");
    mkdirSync(join(out, "src"), { recursive: true });
    const files = { "src/client.ts": "export {};\n", "README.md": "# demo\n" };
    for (const [file, contents] of Object.entries(files)) writeFileSync(join(out, file), contents);
    expect(cache.isFresh("demo", "k1", out)).toBe(false);
    cache.record("demo", "k1", files);
    expect(cache.isFresh("demo", "k1", out)).toBe(true);
    expect(cache.isFresh("demo", "k2", out)).toBe(false);
    writeFileSync(join(out, "README.md"), "# edited by hand\n");
    expect(cache.isFresh("demo", "k1", out)).toBe(false);
  });

  it("lets a second run over an unchanged spec skip generation", async () => {
    const cacheDir = join(scratch(), "cache");
    const [cold] = await generate(["supapost"], { check: true, cacheDir });
    expect(cold).toEqual({ provider: "supapost", changed: [], cached: false });
    const [warm] = await generate(["supapost"], { check: true, cacheDir });
    expect(warm).toEqual({ provider: "supapost", changed: [], cached: true });
    const [forced] = await generate(["supapost"], { check: true, cacheDir, cache: false });
    expect(forced.cached).toBe(false);
  }, 120_000);
});
