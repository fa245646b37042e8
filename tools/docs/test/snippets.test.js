// Every TypeScript snippet we publish compiles, strict, against the built packages as a user installs
// them: the root README, every package README (the generated ones included) and the docs portal's
// quick start. Each snippet becomes a module in a scratch folder inside the repo (so that @types/node
// resolves) whose node_modules links each package folder, so imports resolve through the packages'
// own `exports` to their dist/ types, exactly as after `npm install`.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { collectOperations, docsPort, loadBundledSpec, packageDir, providers, repoRoot, specPath } from "@studiokit-tools/codegen";
import { loadCapabilityMatrix, loadFacadeGuide } from "../src/facade.js";
import { portalPage } from "../src/pages.js";

const FENCE = /^```(ts|typescript|tsx|mts)[^\n]*\n([\s\S]*?)^```/gm;

/** Fenced TypeScript blocks of a Markdown file. */
function markdownSnippets(file) {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(FENCE)].map((match, index) => ({ source: `${relative(repoRoot, file)} snippet ${index + 1}`, code: match[2] }));
}

/** `<pre><code>` blocks of a page that are TypeScript (they import something). */
function htmlSnippets(html, source) {
  const unescape = (text) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  return [...html.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)]
    .map((match) => unescape(match[1]))
    .filter((code) => /^import\s/m.test(code))
    .map((code, index) => ({ source: `${source} snippet ${index + 1}`, code }));
}

const packagesDir = join(repoRoot, "packages");
const readmes = [
  join(repoRoot, "README.md"),
  ...readdirSync(packagesDir).map((name) => join(packagesDir, name, "README.md")).filter(existsSync),
];

const references = await Promise.all(
  providers.filter((provider) => existsSync(specPath(provider.id))).map(async (provider) => {
    const doc = await loadBundledSpec(specPath(provider.id));
    const packageName = JSON.parse(readFileSync(join(packageDir(provider.id), "package.json"), "utf8")).name;
    return { provider, title: doc.info.title, version: doc.info.version, summary: doc.info.summary ?? "", operations: collectOperations(doc), doc, packageName };
  }),
);
const portal = portalPage({ references, providers, docsPort, guide: loadFacadeGuide(), matrix: await loadCapabilityMatrix() });

const snippets = [...readmes.flatMap(markdownSnippets), ...htmlSnippets(portal, "docs portal (index.html)")];

const scratch = join(repoRoot, ".cache", `snippets-${process.pid}-${Date.now()}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Compiles each code string as its own module; returns the diagnostics of each, formatted. */
function compile(codes) {
  mkdirSync(join(scratch, "node_modules", "@studiokit"), { recursive: true });
  for (const name of readdirSync(packagesDir)) {
    const pkg = JSON.parse(readFileSync(join(packagesDir, name, "package.json"), "utf8")).name;
    const link = join(scratch, "node_modules", ...pkg.split("/"));
    if (!existsSync(link)) symlinkSync(join(packagesDir, name), link, "dir");
  }
  const files = codes.map((code, index) => {
    const file = join(scratch, `snippet-${index}.mts`);
    writeFileSync(file, /^\s*(import|export)\s/m.test(code) ? code : `${code}\nexport {};\n`);
    return file;
  });
  const base = ts.getParsedCommandLineOfConfigFile(join(repoRoot, "tsconfig.base.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const options = { ...base.options, noEmit: true, declaration: false, declarationMap: false, sourceMap: false, skipLibCheck: true, typeRoots: [join(repoRoot, "node_modules", "@types")] };
  const program = ts.createProgram(files, options);
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => scratch, getNewLine: () => "\n" };
  return files.map((file) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((diagnostic) => ts.formatDiagnostic(diagnostic, host).trim()),
  );
}

describe("published code snippets", () => {
  const controls = [
    // What the AliveAI README showed before: `GET /prompts` without its required `page`.
    'import { createAliveAIClient } from "@studiokit/aliveai";\nconst client = createAliveAIClient({ apiKey: "k" });\nconst { data } = await client.GET("/prompts");\nconsole.log(data);',
    // A misspelled body field.
    'import { createInfluencerStudioClient } from "@studiokit/influencer-studio";\nconst client = createInfluencerStudioClient({ apiKey: "k" });\nawait client.POST("/images/generate", { body: { prompt: "x", batchh: 2 } });',
  ];
  const results = compile([...snippets.map((snippet) => snippet.code), ...controls]);

  it("finds the snippets of the root README, every package README and the docs portal", () => {
    const sources = new Set(snippets.map((snippet) => snippet.source.replace(/ snippet \d+$/, "")));
    expect(sources).toContain("README.md");
    expect(sources).toContain("docs portal (index.html)");
    for (const id of providers.map((provider) => provider.id)) expect(sources).toContain(join("packages", id, "README.md"));
    expect(sources).toContain(join("packages", "studiokit", "README.md"));
  });

  snippets.forEach((snippet, index) => {
    it(`${snippet.source} compiles (strict)`, () => {
      expect(results[index]).toEqual([]);
    });
  });

  it("the check fails on a snippet that does not compile (the old AliveAI quick start, a misspelled field)", () => {
    const [missingPage, typo] = results.slice(snippets.length);
    expect(missingPage.join("\n")).toMatch(/error TS\d+/);
    expect(typo.join("\n")).toMatch(/batchh/);
  });
});
