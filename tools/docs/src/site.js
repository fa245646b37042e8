// Builds the whole static site into one folder (site/ by default), ready to publish as is:
//   index.html                 portal: API references, quick start, mock URLs, facade guide, capability matrix
//   <provider-id>/index.html   Redoc API reference, one per provider (redocly build-docs)
//   guide/index.html           the facade's README
//   cli/index.html, mcp/index.html  the CLI's README and its MCP guide (packages/cli)
//   assets/                    redoc.standalone.js, site.css, favicon.svg
// The site is built in a sibling folder and swapped in at the end, so a failed build leaves the
// previous site untouched. It fails when any page would fetch from another host.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { collectOperations, docsPort, loadBundledSpec, packageDir, providers, repoRoot, specPath } from "@studiokit-tools/codegen";
import { internalCitationsInSite, internalCitationsInSpec } from "./citations.js";
import { loadCapabilityMatrix, loadFacadeGuide } from "./facade.js";
import { renderMarkdown } from "./markdown.js";
import { externalReferencesInSite, listFiles } from "./offline.js";
import { guidePage, markdownPage, portalPage } from "./pages.js";
import { assetsSourceDir, cliGuides, defaultSiteDir, facadeDir } from "./paths.js";
import { loadRedocBundle, localizeRedocPage, runBuildDocs } from "./redoc.js";

/**
 * @param {{ outDir?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<{ outDir: string, pages: string[], references: { id: string, operations: number }[], guide: boolean, matrix: boolean, redocVersion: string, bytes: number, ms: number }>}
 */
export async function buildSite({ outDir = defaultSiteDir, log = () => {} } = {}) {
  const started = performance.now();
  const target = resolve(outDir);
  assertReplaceable(target);
  mkdirSync(dirname(target), { recursive: true });
  removeStaleStaging(target);
  const staging = join(dirname(target), `.${basename(target)}.building-${process.pid}-${Date.now()}`);
  mkdirSync(join(staging, "assets"), { recursive: true });
  try {
    const bundle = loadRedocBundle();
    writeFileSync(join(staging, "assets", "redoc.standalone.js"), bundle.code);
    cpSync(assetsSourceDir, join(staging, "assets"), { recursive: true });

    const withSpec = providers.filter((provider) => existsSync(specPath(provider.id)));
    const references = await Promise.all(
      withSpec.map(async (provider) => {
        const doc = await loadBundledSpec(specPath(provider.id));
        // Redoc publishes the whole spec (rendered text and the embedded state alike): it must cite
        // the provider's public documentation, never a file of ours.
        const citations = internalCitationsInSpec(doc);
        if (citations.length > 0) {
          throw new Error(`specs/${provider.id} names files our users do not have; cite the provider's public documentation instead:\n` +
            citations.map(({ pointer, citation }) => `  ${pointer}: ${citation}`).join("\n"));
        }
        const page = join(staging, provider.id, "index.html");
        mkdirSync(dirname(page), { recursive: true });
        await runBuildDocs(provider, page, specPath(provider.id));
        writeFileSync(page, localizeRedocPage(readFileSync(page, "utf8"), bundle, `${provider.id}/index.html`));
        log(`  ${provider.id}/index.html  ${provider.name} API reference`);
        return {
          provider,
          title: String(doc.info?.title ?? provider.name),
          version: String(doc.info?.version ?? ""),
          summary: String(doc.info?.summary ?? ""),
          operations: collectOperations(doc),
          doc,
          packageName: packageNameOf(provider.id),
        };
      }),
    );

    const guide = loadFacadeGuide();
    const matrix = await loadCapabilityMatrix();
    const guideDir = join(staging, "guide");
    mkdirSync(guideDir, { recursive: true });
    const rendered = guide.built ? renderMarkdown(guide.markdown, { baseDir: facadeDir, outDir: guideDir }) : undefined;
    writeFileSync(join(guideDir, "index.html"), guidePage({ guide, rendered }));
    log(`  guide/index.html  facade guide${guide.built ? "" : " (facade not built yet)"}`);
    for (const { slug, title, file, baseDir, links } of cliGuides) {
      const dir = join(staging, slug);
      mkdirSync(dir, { recursive: true });
      const rendered = existsSync(file) ? renderMarkdown(readFileSync(file, "utf8"), { baseDir, outDir: dir }) : undefined;
      if (rendered) {
        for (const [from, to] of Object.entries(links)) rendered.html = rendered.html.replaceAll(`href="${from}"`, `href="${to}"`);
      }
      writeFileSync(join(dir, "index.html"), markdownPage({ slug, title, file: relative(repoRoot, file), rendered }));
      log(`  ${slug}/index.html  ${title}${rendered ? "" : " (not written yet)"}`);
    }
    writeFileSync(join(staging, "index.html"), portalPage({ references, providers, docsPort, guide, matrix }));
    log(`  index.html  portal${matrix.built ? "" : " (no capability matrix: facade not built yet)"}`);

    const external = externalReferencesInSite(staging);
    if (external.length > 0) {
      throw new Error(`The site would load from other hosts:\n${external.map(({ file, reference }) => `  ${file}: ${reference}`).join("\n")}`);
    }

    const internal = internalCitationsInSite(staging);
    if (internal.length > 0) {
      throw new Error(`The site names files our users do not have:\n${internal.map(({ file, citation }) => `  ${file}: ${citation}`).join("\n")}`);
    }

    const files = listFiles(staging);
    const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    return {
      outDir: target,
      pages: files.filter((file) => file.endsWith(".html")).map((file) => relative(staging, file)).sort(),
      references: references.map(({ provider, operations }) => ({ id: provider.id, operations: operations.length })),
      guide: guide.built,
      matrix: matrix.built,
      redocVersion: bundle.version,
      bytes,
      ms: Math.round(performance.now() - started),
    };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Folders left by a build that was killed (its process is gone). */
function removeStaleStaging(target) {
  const prefix = `.${basename(target)}.building-`;
  for (const entry of readdirSync(dirname(target))) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split("-")[0]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    rmSync(join(dirname(target), entry), { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === "EPERM";
  }
}

function packageNameOf(id) {
  try {
    return JSON.parse(readFileSync(join(packageDir(id), "package.json"), "utf8")).name;
  } catch {
    return `@studiokit/${id}`;
  }
}

/** The build replaces outDir wholesale: refuse anything that is not empty, missing or a site we built. */
function assertReplaceable(dir) {
  const fromRepo = relative(dir, repoRoot);
  if (dir === dirname(dir) || fromRepo === "" || !fromRepo.startsWith("..")) {
    throw new Error(`Refusing to build the docs site into ${dir}: it is the repo or one of its parents`);
  }
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new Error(`Refusing to build the docs site into ${dir}: it is a file`);
  const isSite = existsSync(join(dir, "index.html")) && existsSync(join(dir, "assets", "redoc.standalone.js"));
  if (!isSite && readdirSync(dir).length > 0) {
    throw new Error(`Refusing to replace ${dir}: it is not empty and is not a docs site built by tools/docs`);
  }
}
