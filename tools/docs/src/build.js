// `pnpm run docs` (after the packages are built): the static docs site into site/, or into --out <dir>.
import { relative } from "node:path";
import { repoRoot } from "./paths.js";
import { buildSite } from "./site.js";

const outIndex = process.argv.indexOf("--out");
const outDir = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
if (outIndex > 0 && !outDir) {
  console.error("Usage: node tools/docs/src/build.js [--out <dir>]");
  process.exit(2);
}

try {
  console.log("Building the docs site…");
  const site = await buildSite({ ...(outDir ? { outDir } : {}), log: (line) => console.log(line) });
  const where = relative(process.cwd(), site.outDir) || ".";
  const operations = site.references.reduce((sum, reference) => sum + reference.operations, 0);
  console.log(
    `\nDocs site in ${where}/: ${site.pages.length} pages, ${site.references.length} API references (${operations} operations, Redoc ${site.redocVersion}), ` +
      `${(site.bytes / 1024 / 1024).toFixed(1)} MiB, built in ${(site.ms / 1000).toFixed(1)} s.` +
      (site.guide ? "" : "\nNo facade guide yet (packages/studiokit/README.md is missing): the guide page says so.") +
      (site.matrix ? "" : "\nNo capability matrix yet (packages/studiokit is not built): the portal says so.") +
      `\nServe it: pnpm start (or open ${relative(process.cwd(), repoRoot) || "."}/site/index.html through any static server).`,
  );
} catch (error) {
  console.error(`Docs build failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
