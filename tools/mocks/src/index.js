import { packageDir, providerById, providers, repoRoot, specPath } from "@studiokit-tools/codegen/providers"; // the registry alone, not the generator
import { freePort, startPrism } from "./prism.js";

export { freePort, isPortFree, PortInUseError, startPrism } from "./prism.js";
export { providers, providerById, packageDir, specPath, repoRoot };

/**
 * Starts the Prism mock of one provider on a free port (for tests) and returns its base URL.
 * @param {string} id provider id
 */
export async function startProviderMock(id, options = {}) {
  const provider = providerById(id);
  const port = options.port ?? (await freePort());
  return startPrism({ spec: specPath(provider.id), port, name: provider.name, ...options });
}
