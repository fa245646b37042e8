// Where things are: the repo (from the provider registry), the site it builds, this package's files.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { docsPort, repoRoot } from "@studiokit-tools/codegen";

export { docsPort, repoRoot };

/** The site `pnpm run docs` builds and `pnpm start` serves: one folder, published as is. */
export const defaultSiteDir = join(repoRoot, "site");

/** This package's own static files (stylesheet, favicon), copied to site/assets/. */
export const assetsSourceDir = join(dirname(fileURLToPath(import.meta.url)), "..", "assets");

/** The facade package, written elsewhere: its README and built entry are read when present. */
export const facadeDir = join(repoRoot, "packages", "studiokit");
export const facadeReadme = join(facadeDir, "README.md");
export const facadeEntry = join(facadeDir, "dist", "index.js");

/**
 * The CLI package: its README is the CLI page, docs/mcp.md the MCP page. `links` maps the files'
 * repo-relative links to the site's own pages, so that they do not point at files the site lacks.
 */
export const cliDir = join(repoRoot, "packages", "cli");
export const cliGuides = [
  { slug: "cli", title: "Command line", file: join(cliDir, "README.md"), baseDir: cliDir, links: { "docs/mcp.md": "../mcp/", "../../README.md": "../" } },
  { slug: "mcp", title: "MCP server", file: join(cliDir, "docs", "mcp.md"), baseDir: join(cliDir, "docs"), links: { "../README.md": "../cli/" } },
];
