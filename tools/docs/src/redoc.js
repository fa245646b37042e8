// One Redoc page per provider, built with Redocly CLI's `build-docs`, made to work offline.
//
// `build-docs` (Redocly CLI 2.x) server-renders the page with Redoc 3 and then hydrates it in the
// browser with `import { hydrate } from "https://cdn.redocly.com/redoc/v<version>/bundles/redoc.standalone.js"`,
// preloaded by a `<link rel="modulepreload">` to the same CDN address. Both come out of the CLI inside
// `{{{redocHTML}}}` and `{{{redocHead}}}`, so a template cannot change them; instead:
//   1. the Redoc browser bundle is copied to `site/assets/redoc.standalone.js` (once for all pages);
//   2. each page is built with our own template (templates/redoc.hbs: a Content-Security-Policy that
//      allows no other host, a favicon of ours, a link back to the portal);
//   3. the CDN address in the output is rewritten to `../assets/redoc.standalone.js`, with the
//      Subresource Integrity hash of our copy — and the build fails if anything of the CDN is left.
//
// Where the bundle comes from: the `redoc` npm package 3.0.1 holds the bundle that matches the CLI
// (`bundles/redoc.standalone.js`), but cannot be installed from the registry (its dependency
// `@redocly/redoc-opentelemetry@^0.5.1` is not published there), and redoc 2.x is a different API
// (a UMD global whose `Redoc.hydrate` takes a serialized Redoc 2 store, not the Redoc 3 markup the
// CLI renders). The CLI ships that very file itself (`lib/chunks/redoc.standalone.js`, byte for byte
// the npm package's, used by its `--inlineBundle` option), so it is taken from there: it is always the
// version the CLI rendered the markup with, and the build checks that the versions agree.
//
// One change is made to the copy: Redoc's sidebar footer ("API docs by <Redocly logo>") loads the
// logo from https://cdn.redoc.ly once the page is interactive; the two logo addresses are replaced by
// an inline SVG of ours (a data: URL, so no request at all).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { repoRoot } from "./paths.js";
import { noTelemetryEnv } from "../../scripts/env.js";

const require = createRequire(import.meta.url);
const cliDir = dirname(require.resolve("@redocly/cli/package.json"));
export const redoclyCli = join(cliDir, "bin", "cli.js");
export const redocBundleSource = join(cliDir, "lib", "chunks", "redoc.standalone.js");
export const redocTemplate = join(dirname(fileURLToPath(import.meta.url)), "..", "templates", "redoc.hbs");
export const redoclyConfig = join(repoRoot, "redocly.yaml");

/** Where a provider page finds the bundle (pages live at site/<provider-id>/index.html). */
export const BUNDLE_HREF = "../assets/redoc.standalone.js";

const CDN_BUNDLE = /https:\/\/cdn\.redocly\.com\/redoc\/v([^/"'\s]+)\/bundles\/redoc\.standalone\.js/g;
const ATTRIBUTION_LOGOS = {
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg": logo(54, "Redocly"),
  "https://cdn.redoc.ly/redoc/logo-mini.svg": logo(16, "R"),
};

/** A small text logo of our own, as a data: URL (it may sit inside a JS template literal). */
function logo(width, text) {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16" viewBox="0 0 ${width} 16">` +
    `<text x="0" y="12.5" font-family="system-ui,sans-serif" font-size="13" font-weight="600" fill="#4d5bce">${text}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * The Redoc browser bundle as it goes into the site: version, code and its SRI hash.
 * @returns {{ version: string, code: string, integrity: string, source: string }}
 */
export function loadRedocBundle() {
  const original = readFileSync(redocBundleSource, "utf8");
  const version = /^\s*\*\s*Version:\s*(\S+)/m.exec(original)?.[1];
  if (!version) throw new Error(`${redocBundleSource}: no "Version:" line in the bundle header`);
  if (!/\bexport\s*\{[^}]*\bhydrate\b/.test(original.slice(-2000))) {
    throw new Error(`${redocBundleSource}: the bundle does not export hydrate() (not the Redoc 3 ES module build-docs expects)`);
  }
  let code = original;
  for (const [from, to] of Object.entries(ATTRIBUTION_LOGOS)) {
    const count = code.split(from).length - 1;
    if (count !== 1) throw new Error(`Redoc ${version}: expected the logo address ${from} once in the bundle, found it ${count} times`);
    code = code.replace(from, to);
  }
  if (code.includes("cdn.redoc.ly")) throw new Error(`Redoc ${version}: the bundle still loads something from cdn.redoc.ly`);
  return { version, code, integrity: sri(code), source: redocBundleSource };
}

export const sri = (text) => `sha384-${createHash("sha384").update(text).digest("base64")}`;

/** The `apis` aliases of redocly.yaml (one per provider). */
export function redoclyApis() {
  return parseYaml(readFileSync(redoclyConfig, "utf8"))?.apis ?? {};
}

/**
 * Runs `redocly build-docs` for one provider with our template, telemetry off.
 * @param {{ id: string, name: string }} provider
 * @param {string} output file to write
 * @param {string} specFile used when redocly.yaml has no `apis` entry for the provider
 */
export function runBuildDocs(provider, output, specFile) {
  const api = provider.id in redoclyApis() ? provider.id : specFile;
  const args = [redoclyCli, "build-docs", api, "--config", redoclyConfig, "--template", redocTemplate, "--output", output,
    `--templateOptions.providerName=${provider.name}`, `--templateOptions.providerId=${provider.id}`];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: noTelemetryEnv({ NO_COLOR: "1" }), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`redocly build-docs ${api} failed (${signal ?? `exit ${code}`}):\n${out.trim()}`));
    });
  });
}

/**
 * Points a page written by build-docs at our copy of the bundle instead of the CDN.
 * @param {string} html
 * @param {{ version: string, integrity: string }} bundle
 * @param {string} what page name for error messages
 */
export function localizeRedocPage(html, bundle, what) {
  const versions = [...html.matchAll(CDN_BUNDLE)].map((match) => match[1]);
  if (versions.length === 0) throw new Error(`${what}: build-docs output has no Redoc bundle address to replace (did the CLI change?)`);
  const wrong = versions.find((version) => version !== bundle.version);
  if (wrong) throw new Error(`${what}: build-docs rendered with Redoc ${wrong} but the bundle copied is Redoc ${bundle.version}`);

  const preloads = html.match(/<link\s+rel="modulepreload"[^>]*>/g) ?? [];
  if (preloads.length !== 1) throw new Error(`${what}: expected one modulepreload link from build-docs, found ${preloads.length}`);
  let page = html.replace(preloads[0], `<link rel="modulepreload" href="${BUNDLE_HREF}" integrity="${bundle.integrity}" />`);
  page = page.replace(CDN_BUNDLE, BUNDLE_HREF);
  if (/cdn\.redocly\.com|cdn\.redoc\.ly/.test(page)) throw new Error(`${what}: a Redocly CDN address is left in the page`);
  if (!/"disableTelemetry":true/.test(page)) throw new Error(`${what}: Redoc telemetry is not disabled in the page options`);
  return page;
}
