#!/usr/bin/env node
// `pnpm start --static`: one Prism mock per provider spec (static examples, no state; `pnpm start`
// without the flag serves the stateful sandbox, tools/sandbox) on its fixed port (specs/providers.json) and the docs
// site on one more, a table of where everything is, and a clean stop on Ctrl-C or SIGTERM: every child
// is stopped and every port released before this process exits.
//
// Ports can be moved with STUDIOKIT_PORT_BASE (mocks on BASE+10…BASE+14, docs on BASE) or one by one
// with STUDIOKIT_PORT_<PROVIDER> (e.g. STUDIOKIT_PORT_ALIVEAI=5013) and STUDIOKIT_DOCS_PORT.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { docsPort as defaultDocsPort, providers, repoRoot, specPath } from "@studiokit-tools/codegen/providers"; // the registry alone, not the generator
import { isPortFree, PortInUseError, startPrism } from "./prism.js";
import { printTable } from "../../scripts/table.js";

const portBase = process.env.STUDIOKIT_PORT_BASE ? Number(process.env.STUDIOKIT_PORT_BASE) : undefined;
const envKey = (id) => `STUDIOKIT_PORT_${id.replace(/-/g, "_").toUpperCase()}`;
const portOf = (provider) =>
  Number(process.env[envKey(provider.id)] ?? (portBase !== undefined ? portBase + (provider.mockPort - defaultDocsPort) : provider.mockPort));
const docsPort = Number(process.env.STUDIOKIT_DOCS_PORT ?? portBase ?? defaultDocsPort);

const started = Date.now();
const stops = [];
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled(stops.map((stop) => stop()));
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

try {
  const wanted = [...providers.filter((p) => existsSync(specPath(p.id))).map((p) => [portOf(p), `${p.name} mock`, envKey(p.id)]), [docsPort, "docs site", "STUDIOKIT_DOCS_PORT"]];
  for (const [port, what, variable] of wanted) {
    if (!(await isPortFree(port))) throw new PortInUseError(port, what, variable);
  }
  // Everything starts at once: the mocks and the docs server (which builds the site first if needed).
  const docsReady = startDocs(docsPort).then((docs) => {
    if (docs) stops.push(docs.stop);
    return docs;
  });
  docsReady.catch(() => {}); // awaited below; this only keeps a failure during a mock's start from going unhandled
  const mocks = await Promise.all(
    providers
      .filter((provider) => existsSync(specPath(provider.id)))
      .map(async (provider) => {
        const mock = await startPrism({ spec: specPath(provider.id), port: portOf(provider), name: provider.name });
        stops.push(mock.stop);
        return { provider, mock };
      }),
  );
  const docs = await docsReady;

  const rows = mocks.map(({ provider, mock }) => [
    provider.name,
    mock.url,
    docs ? `${docs.url}/${provider.id}/` : "-",
    `create${provider.clientName}Client({ apiKey: "any", baseUrl: "${mock.url}" })`,
  ]);
  printTable(["provider", "mock URL", "docs", "point the client at it"], rows);
  console.log(`\nAll ${mocks.length} mocks${docs ? " and the docs site" : ""} ready in ${((Date.now() - started) / 1000).toFixed(1)} s.` +
    (docs ? ` Docs: ${docs.url}/` : " (docs site not built: run pnpm docs)") + "\nCtrl-C stops everything.");
} catch (error) {
  if (error instanceof PortInUseError) {
    console.error(`${error.message}\nStop whatever listens there, or choose another port: ${error.variable}=<port> pnpm start` +
      ` (or STUDIOKIT_PORT_BASE=5000 pnpm start to move them all).`);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  await shutdown(1);
}

/** Serves the built docs site, building it first when it is missing. */
async function startDocs(port) {
  const docsEntry = join(repoRoot, "tools", "docs", "src", "index.js");
  if (!existsSync(docsEntry)) return undefined;
  const docs = await import(docsEntry);
  return docs.startDocsServer({ port });
}
