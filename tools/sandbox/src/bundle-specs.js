#!/usr/bin/env node
// The package's build: bundles every provider's spec into dist/specs/<id>.json (with a hash of its
// source files), so that `pnpm start` loads JSON instead of Redocly. A stale bundle is redone at start.
import { existsSync } from "node:fs";
import { loadProviderSpec, readRegistry, specPath } from "./spec.js";

for (const provider of readRegistry().providers) {
  if (existsSync(specPath(provider.id))) await loadProviderSpec(provider.id);
}
