// Part 2: bundle size. Each entry is bundled by esbuild as a browser ESM bundle (minified, tree-shaken,
// every dependency included, code splitting on) and gzipped file by file; the metafile proves that a
// one-provider bundle carries no file of another provider's package. "Initial" is the entry chunk
// and what it imports statically (what a page loads before the first call); "lazy" is what dynamic
// imports load later (the validators and the request check, on the first call that validates).
//
//   node src/bundle.js > result.json
import { build } from "esbuild";
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { benchDir, facadeBuilt, FACADE_MISSING, freshDir, providers, repoRoot, workDir } from "./common.js";

const dir = freshDir(join(workDir, "bundle"));
const first = providers[0];
const factory = (p) => `create${p.clientName}Client`;

/** What a consumer imports; each entry keeps the import alive by exporting it. */
const entries = [
  { id: "openapi-fetch", label: "openapi-fetch alone (the baseline)", source: `export { default } from "openapi-fetch";` },
  ...providers.map((p) => ({
    id: `client-${p.id}`,
    label: `generated client \`@studiokit/${p.id}\``,
    provider: p.id,
    source: `export { ${factory(p)} } from "@studiokit/${p.id}";`,
  })),
  {
    id: "facade-one",
    label: `facade, one provider (\`studiokit/${first.id}\`)`,
    provider: first.id,
    facade: true,
    source: `export { createStudio } from "studiokit/${first.id}";`,
  },
  { id: "facade-all", label: "facade, all providers (`studiokit`)", facade: true, source: `export { createStudio } from "studiokit";` },
  // Diagnostics for the size target: where a provider client's bytes come from.
  {
    id: "runtime-only",
    label: "diagnostic: `createApiClient` from `@studiokit/runtime` alone",
    diagnostic: true,
    source: `export { createApiClient } from "@studiokit/runtime";`,
  },
  {
    id: "client-without-validators",
    label: `diagnostic: \`@studiokit/${first.id}\` with its validators.js stubbed out`,
    diagnostic: true,
    provider: first.id,
    stubValidators: true,
    source: `export { ${factory(first)} } from "@studiokit/${first.id}";`,
  },
];

/** Replaces a generated package's validators.js with an empty module (the size without request validation). */
const stubValidators = {
  name: "stub-validators",
  setup(build) {
    build.onResolve({ filter: /^\.\/validators\.js$/ }, (args) =>
      /[\\/]packages[\\/][^\\/]+[\\/]dist[\\/]/.test(args.importer) ? { path: args.importer, namespace: "stub-validators" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "stub-validators" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

const facadeReady = facadeBuilt();
const rows = [];
for (const entry of entries) {
  if (entry.facade && !facadeReady) {
    rows.push({ id: entry.id, label: entry.label, available: false, note: FACADE_MISSING });
    continue;
  }
  const entryFile = join(dir, `${entry.id}.entry.js`);
  const outdir = join(dir, entry.id);
  writeFileSync(entryFile, entry.source + "\n");
  try {
    const result = await build({
      entryPoints: [entryFile],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      // Resolve packages from bench/ (which depends on every workspace package), not from .work/.
      nodePaths: [join(benchDir, "node_modules")],
      absWorkingDir: benchDir,
      metafile: true,
      splitting: true,
      outdir,
      write: false,
      logLevel: "silent",
      legalComments: "none",
      plugins: entry.stubValidators ? [stubValidators] : [],
    });
    // Sizes per output file: a browser fetches (and gzips) each chunk on its own.
    const sizes = new Map(result.outputFiles.map((file) => [relative(benchDir, file.path), { minified: file.contents.byteLength, gzip: gzipSync(file.contents, { level: 9 }).byteLength }]));
    // The chunk of our entry file (a dynamic import's target is an entry point of its own too).
    const [entryOutput] = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === relative(benchDir, entryFile));
    const initialFiles = staticClosure(result.metafile.outputs, entryOutput);
    const sum = (files, key) => files.reduce((total, file) => total + (sizes.get(file)?.[key] ?? 0), 0);
    const lazyFiles = [...sizes.keys()].filter((file) => !initialFiles.includes(file) && file.endsWith(".js"));
    for (const file of result.outputFiles) writeFileSync(join(dir, `${entry.id}.${relative(outdir, file.path).replace(/[\\/]/g, "_")}`), file.contents);
    const inputs = Object.keys(result.metafile.inputs)
      .filter((input) => !input.startsWith("stub-validators:"))
      .map((input) => relative(repoRoot, join(benchDir, input)));
    // Minified bytes each package contributes to the initial chunks (esbuild's bytesInOutput, before gzip).
    const bytesByPackage = {};
    const bytesByFile = {};
    for (const outputFile of initialFiles) {
      for (const [input, { bytesInOutput }] of Object.entries(result.metafile.outputs[outputFile].inputs).filter(([input]) => !input.startsWith("stub-validators:"))) {
        const file = relative(repoRoot, join(benchDir, input));
        const name = packageOf(file);
        bytesByPackage[name] = (bytesByPackage[name] ?? 0) + bytesInOutput;
        bytesByFile[file.replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, "")] = bytesInOutput;
      }
    }
    const row = {
      id: entry.id,
      label: entry.label,
      available: true,
      ...(entry.diagnostic ? { diagnostic: true } : {}),
      minifiedBytes: sum(initialFiles, "minified"),
      gzipBytes: sum(initialFiles, "gzip"),
      lazyMinifiedBytes: sum(lazyFiles, "minified"),
      lazyGzipBytes: sum(lazyFiles, "gzip"),
      chunks: { initial: initialFiles.length, lazy: lazyFiles.length },
      inputs: inputs.length,
      bytesByPackage,
      largestFiles: Object.entries(bytesByFile)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([file, bytes]) => ({ file, bytes })),
    };
    if (entry.provider) {
      // The proof: no input file lives in another provider's package (packages/<other>/…).
      const others = providers.filter((p) => p.id !== entry.provider).map((p) => p.id);
      const leaked = inputs.filter((input) => others.some((id) => input.startsWith(`packages/${id}/`) || input.includes(`/@studiokit/${id}/`)));
      row.isolation = { otherProviders: others, filesFromOtherProviders: leaked, ok: leaked.length === 0 };
    } else if (entry.id === "facade-all") {
      // The control: the same check finds every provider in the all-provider bundle, so it can fail.
      const found = providers.filter((p) => inputs.some((input) => input.startsWith(`packages/${p.id}/`))).map((p) => p.id);
      row.control = { providersFound: found, ok: found.length === providers.length };
    }
    rows.push(row);
  } catch (error) {
    rows.push({ id: entry.id, label: entry.label, available: false, note: `esbuild failed: ${firstLine(error)}` });
  }
}

const baseline = rows.find((row) => row.id === "openapi-fetch");
for (const row of rows) {
  if (row.available && row !== baseline) {
    row.gzipBeyondOpenapiFetch = row.gzipBytes - baseline.gzipBytes;
    row.minifiedBeyondOpenapiFetch = row.minifiedBytes - baseline.minifiedBytes;
  }
}

process.stdout.write(
  JSON.stringify({
    esbuild: (await import("esbuild")).version,
    settings: "esbuild --bundle --minify --splitting --format=esm --platform=browser --target=es2022; gzip level 9, each chunk on its own",
    rows,
  }),
);

/** The entry chunk and every chunk it imports statically (not through `import()`). */
function staticClosure(outputs, entry) {
  const seen = [entry];
  for (let i = 0; i < seen.length; i++) {
    for (const { path, kind } of outputs[seen[i]].imports) {
      if (kind === "import-statement" && !seen.includes(path)) seen.push(path);
    }
  }
  return seen;
}

/** The package (npm name, or packages/<dir> for a workspace package) an input file belongs to. */
function packageOf(input) {
  const npm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (npm) return npm[1];
  if (input.startsWith("packages/")) return `packages/${input.split("/")[1]}`;
  return "(entry)";
}

function firstLine(error) {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}
