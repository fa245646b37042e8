// The provider registry (specs/providers.json) and where each provider's files live, read directly:
// starting the mocks must not load the generator (openapi-typescript, TypeScript, esbuild) for this.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

const registry = JSON.parse(readFileSync(join(repoRoot, "specs", "providers.json"), "utf8"));

/** @type {{ id: string, name: string, clientName: string, mockPort: number }[]} */
export const providers = registry.providers;
export const docsPort = registry.docsPort;

export function providerById(id) {
  const provider = providers.find((candidate) => candidate.id === id);
  if (!provider) throw new Error(`Unknown provider "${id}"; known: ${providers.map((p) => p.id).join(", ")}`);
  return provider;
}

export const specPath = (id) => join(repoRoot, "specs", id, "openapi.yaml");
export const packageDir = (id) => join(repoRoot, "packages", id);
