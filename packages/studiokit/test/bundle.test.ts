// Importing one provider's entry point must not pull the other providers into a bundle. esbuild
// bundles each built entry point and the test reads which packages ended up in it.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { providerIds } from "../src/index.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

async function bundledPackages(entry: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: packageDir,
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    logLevel: "silent",
  });
  const packages = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    // Workspace packages resolve to their own folders: packages/<id>/dist/… (inputs are relative to absWorkingDir).
    const match = /packages\/([^/]+)\/dist\//.exec(resolve(packageDir, input));
    if (match?.[1]) packages.add(match[1]);
  }
  return packages;
}

describe("per-provider entry points", () => {
  it.each(providerIds.map((id) => [id]))("studiokit/%s bundles only its own provider package", async (id) => {
    const packages = await bundledPackages(`dist/providers/${id}.js`);
    expect(packages.has(id)).toBe(true);
    for (const other of providerIds) if (other !== id) expect(packages.has(other), `${other} is in the ${id} bundle`).toBe(false);
  });

  it("the main entry point bundles all five", async () => {
    const packages = await bundledPackages("dist/index.js");
    for (const id of providerIds) expect(packages.has(id)).toBe(true);
  });
});
