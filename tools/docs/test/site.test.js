// The parts of the build that keep the site offline and the facade sections right, without a browser.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { collectOperations, loadBundledSpec, providers, specPath } from "@studiokit-tools/codegen";
import { internalCitationsInSite, internalCitationsInSpec } from "../src/citations.js";
import { buildSite, capabilityMatrix, externalReferencesInCss, externalReferencesInHtml, loadRedocBundle, localizeRedocPage, renderMarkdown } from "../src/index.js";

const workDir = mkdtempSync(join(tmpdir(), "studiokit-docs-unit-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("externalReferencesInHtml", () => {
  it("finds everything the browser would fetch from another host", () => {
    const html = `
      <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Inter">
      <link rel="modulepreload" href="//cdn.example/x.js">
      <script src="https://cdn.example/redoc.js"></script>
      <img src='http://img.example/a.png'><img srcset="a.png 1x, https://img.example/b.png 2x">
      <iframe src=https://frame.example/></iframe>
      <div style="background: url(https://bg.example/x.png)"></div>
      <style>@import url("https://css.example/a.css"); .a { background: url('//bg.example/y.png') }</style>
      <script type="module">import { hydrate } from "https://cdn.redocly.com/redoc/v3/bundles/redoc.standalone.js";</script>`;
    const found = externalReferencesInHtml(html);
    for (const host of ["fonts.googleapis.com", "//cdn.example/x.js", "cdn.example/redoc.js", "img.example/a.png", "img.example/b.png",
      "frame.example", "bg.example/x.png", "css.example", "bg.example/y.png", "cdn.redocly.com"]) {
      expect(found.some((reference) => reference.includes(host)), host).toBe(true);
    }
  });

  it("leaves links, local files and text alone", () => {
    const html = `<a href="https://redocly.com/redoc/">Redocly</a> <link rel="stylesheet" href="../assets/site.css">
      <script type="module" src="../assets/redoc.standalone.js"></script><img src="data:image/svg+xml,%3Csvg%3E">
      <p>Point the client at http://127.0.0.1:4010</p><script>const spec = {"url":"https://api.example"};</script>`;
    expect(externalReferencesInHtml(html)).toEqual([]);
    expect(externalReferencesInCss("a { color: red } b { background: url(../assets/x.svg) }")).toEqual([]);
  });
});

describe("the Redoc bundle and pages", () => {
  const bundle = loadRedocBundle();

  it("is Redoc's ES module build, with the attribution logo inlined instead of loaded from the CDN", () => {
    expect(bundle.version).toMatch(/^3\./);
    expect(bundle.code).toMatch(/export\s*\{[^}]*hydrate/);
    expect(bundle.code).not.toContain("cdn.redoc.ly");
    expect(bundle.integrity).toMatch(/^sha384-/);
  });

  it("points a build-docs page at the local bundle and refuses anything else", () => {
    const cdn = `https://cdn.redocly.com/redoc/v${bundle.version}/bundles/redoc.standalone.js`;
    const page = `<head><link rel="modulepreload" href="${cdn}" integrity="sha384-x" crossorigin="anonymous" /></head>
      <script type="module">import { hydrate } from "${cdn}"; const __redoc_options = {"skipBundle":true,"disableTelemetry":true};</script>`;
    const local = localizeRedocPage(page, bundle, "test");
    expect(local).not.toContain("cdn.redocly.com");
    expect(local).toContain(`import { hydrate } from "../assets/redoc.standalone.js"`);
    expect(local).toContain(`<link rel="modulepreload" href="../assets/redoc.standalone.js" integrity="${bundle.integrity}" />`);
    expect(externalReferencesInHtml(local)).toEqual([]);

    expect(() => localizeRedocPage(page.replaceAll(bundle.version, "9.9.9"), bundle, "test")).toThrow(/Redoc 9\.9\.9/);
    expect(() => localizeRedocPage(page.replace('"disableTelemetry":true', '"disableTelemetry":false'), bundle, "test")).toThrow(/telemetry/);
    expect(() => localizeRedocPage("<html></html>", bundle, "test")).toThrow(/no Redoc bundle address/);
  });
});

describe("renderMarkdown", () => {
  it("keeps the guide offline: remote images become links, raw HTML that fetches is shown as text", () => {
    const base = join(workDir, "readme");
    const out = join(workDir, "readme-out");
    mkdirSync(join(base, "docs"), { recursive: true });
    writeFileSync(join(base, "docs", "diagram.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    const markdown = [
      "# studiokit `facade`",
      "[![npm](https://img.shields.io/npm/v/studiokit.svg)](https://www.npmjs.com/package/studiokit)",
      "![diagram](docs/diagram.svg) ![outside](../../etc/passwd) ![missing](nope.png)",
      '<img src="https://tracker.example/pixel.gif">',
      "<details><summary>More</summary>Local HTML stays.</details>",
      "## Usage",
      "## Usage",
    ].join("\n\n");
    const { html, title, copied } = renderMarkdown(markdown, { baseDir: base, outDir: out });
    expect(title).toBe("studiokit facade");
    expect(externalReferencesInHtml(html)).toEqual([]);
    expect(html).toContain('<a class="external-image" href="https://img.shields.io/npm/v/studiokit.svg">npm</a>');
    expect(html).toContain('<img src="docs/diagram.svg" alt="diagram" />');
    expect(copied).toEqual([join("docs", "diagram.svg")]);
    expect(existsSync(join(out, "docs", "diagram.svg"))).toBe(true);
    expect(html).not.toContain('src="../../etc/passwd"');
    expect(html).toContain("&lt;img src=&quot;https://tracker.example/pixel.gif&quot;&gt;");
    expect(html).toContain("<details><summary>More</summary>");
    expect(html).toContain('<h2 id="usage">');
    expect(html).toContain('<h2 id="usage-1">');
  });
});

describe("capabilityMatrix", () => {
  it("lays out the contract's flat booleans: one column per provider, one row per capability", () => {
    const matrix = capabilityMatrix({ b: { images: true, videos: false }, a: { images: false, speech: true } }, ["a", "b"]);
    expect(matrix).toMatchObject({ built: true, providerIds: ["a", "b"], capabilityNames: ["images", "speech", "videos"] });
  });

  it("shows richer values too: nested groups become rows, a group that is false is unsupported throughout", () => {
    const matrix = capabilityMatrix({
      x: { name: "X", images: { seed: true, ratios: ["1:1"] }, jobs: "polling" },
      y: { name: "Y", images: false, jobs: false },
    });
    expect(matrix).toMatchObject({ providerIds: ["x", "y"], providerNames: { x: "X", y: "Y" }, capabilityNames: ["images.seed", "images.ratios", "jobs"] });
  });

  it("refuses a facade whose capabilities are not an object per provider", () => {
    expect(() => capabilityMatrix(undefined)).toThrow(/does not export `capabilities`/);
    expect(() => capabilityMatrix({ x: true })).toThrow(/capabilities\["x"\]/);
  });
});

describe("buildSite", () => {
  it("refuses to replace a folder that is not a docs site, or the repo", async () => {
    const precious = join(workDir, "precious");
    mkdirSync(precious);
    writeFileSync(join(precious, "keep.txt"), "keep me");
    await expect(buildSite({ outDir: precious })).rejects.toThrow(/not a docs site/);
    expect(existsSync(join(precious, "keep.txt"))).toBe(true);
    await expect(buildSite({ outDir: join(import.meta.dirname, "..", "..", "..") })).rejects.toThrow(/the repo or one of its parents/);
  });
});

describe("citations", () => {
  it("finds seed file names, PROVIDER-FACTS.md and seed paths anywhere in a spec, with their pointers", () => {
    const doc = {
      info: { description: "Source document: `003_0a49d1611fc28051.txt`." },
      paths: { "/a": { get: { "x-evidence-note": "Path from PROVIDER-FACTS.md.", description: "see ../shared/seeds/README.md" } } },
    };
    expect(internalCitationsInSpec(doc)).toEqual([
      { pointer: "/info/description", citation: "003_0a49d1611fc28051.txt" },
      { pointer: "/paths/~1a/get/x-evidence-note", citation: "PROVIDER-FACTS.md" },
      { pointer: "/paths/~1a/get/description", citation: "../shared/" },
    ]);
    expect(internalCitationsInSpec({ info: { description: "AliveAI's public API reference, version 1.0.0" } })).toEqual([]);
  });

  it("finds them in the files of a built site", () => {
    const dir = join(workDir, "cited");
    mkdirSync(join(dir, "x"), { recursive: true });
    writeFileSync(join(dir, "x", "index.html"), "<script>const state = {\"note\":\"from PROVIDER-FACTS.md\"}</script>");
    writeFileSync(join(dir, "index.html"), "<p>Influencer Studio API Reference v1</p>");
    expect(internalCitationsInSite(dir)).toEqual([{ file: join("x", "index.html"), citation: "PROVIDER-FACTS.md" }]);
  });

  for (const provider of providers) {
    it(`specs/${provider.id} cites only the provider's public documentation`, async () => {
      const doc = await loadBundledSpec(specPath(provider.id));
      expect(collectOperations(doc).length).toBeGreaterThan(0);
      expect(internalCitationsInSpec(doc)).toEqual([]);
    });
  }
});
