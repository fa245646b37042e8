#!/usr/bin/env node
// Build helper of the generated packages: tsc compiles the .ts sources but leaves the generated
// JavaScript validators (and their hand-off .d.ts) alone, so this copies them into dist.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

const [from = "src", to = "dist"] = process.argv.slice(2);
mkdirSync(to, { recursive: true });
for (const file of readdirSync(from)) {
  if (file.endsWith(".js") || file.endsWith(".d.ts")) copyFileSync(join(from, file), join(to, file));
}
