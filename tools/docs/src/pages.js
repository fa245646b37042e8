// The site's own pages: the portal (index.html) and the facade guide (guide/index.html). Plain HTML
// and one stylesheet, no script; every address is relative, so the folder works wherever it is
// published (GitHub Pages serves it under /<repo>/).
import { quickStartCall } from "@studiokit-tools/codegen";
import { capabilityValue } from "./facade.js";
import { escapeHtml as e } from "./markdown.js";

/** Pages without script: only our stylesheet, favicon and (for the guide) local images. */
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/**
 * @param {{ title: string, body: string, root: string, current?: string }} page root: relative path to the site root ("" or "../")
 */
export function layout({ title, body, root, current }) {
  const nav = [
    ["", "Home"],
    ["guide/", "Facade guide"],
    ["cli/", "CLI"],
    ["mcp/", "MCP server"],
  ]
    .map(([href, label]) => `<a href="${root}${href}"${current === href ? ' aria-current="page"' : ""}>${label}</a>`)
    .join("\n        ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}" />
  <meta name="referrer" content="no-referrer" />
  <title>${e(title)}</title>
  <link rel="icon" href="${root}assets/favicon.svg" type="image/svg+xml" />
  <link rel="stylesheet" href="${root}assets/site.css" />
</head>
<body>
  <header class="top">
    <div class="wrap">
      <a class="brand" href="${root}">studiokit</a>
      <nav aria-label="Site">
        ${nav}
      </nav>
    </div>
  </header>
  <main class="wrap">
${body}
  </main>
  <footer class="wrap">
    <p>Built from the OpenAPI contracts in <code>specs/</code> by <code>pnpm run docs</code>. This site loads nothing from any other host.</p>
  </footer>
</body>
</html>
`;
}

/**
 * @typedef {{ id: string, name: string, clientName: string, mockPort: number }} Provider
 * @typedef {{ provider: Provider, title: string, version: string, summary: string, operations: import("@studiokit-tools/codegen").OperationInfo[], doc: Record<string, any>, packageName: string }} Reference
 */

/**
 * @param {{ references: Reference[], providers: Provider[], docsPort: number, guide: { built: boolean }, matrix: import("./facade.js").Matrix }} data
 */
export function portalPage({ references, providers, docsPort, guide, matrix }) {
  const referenceRows = references
    .map(
      ({ provider, title, version, summary, operations }) => `          <tr>
            <th scope="row"><a href="${e(provider.id)}/">${e(provider.name)}</a></th>
            <td>${e(title)}${summary ? `<div class="muted">${e(summary)}</div>` : ""}</td>
            <td>${e(version)}</td>
            <td class="num">${operations.length}</td>
          </tr>`,
    )
    .join("\n");

  const mockRows = providers
    .map((provider) => {
      const url = `http://127.0.0.1:${provider.mockPort}`;
      const reference = references.find((candidate) => candidate.provider.id === provider.id);
      return `          <tr data-provider="${e(provider.id)}">
            <th scope="row">${reference ? `<a href="${e(provider.id)}/">${e(provider.name)}</a>` : e(provider.name)}</th>
            <td><code class="mock-url">${e(url)}</code></td>
            <td><code>STUDIOKIT_PORT_${e(provider.id.replace(/-/g, "_").toUpperCase())}</code></td>
            <td><code>create${e(provider.clientName)}Client</code>${reference ? ` from <code>${e(reference.packageName)}</code>` : ""}</td>
          </tr>`;
    })
    .join("\n");

  const example = quickStartExample(references);
  const body = `    <h1>studiokit API docs</h1>
    <p class="lead">Typed OpenAPI contracts, generated clients and a local sandbox for ${references.length} AI media studio APIs. Each API reference below is generated from its contract in <code>specs/</code>.</p>

    <section id="api-reference" aria-labelledby="api-reference-title">
      <h2 id="api-reference-title">API reference</h2>
      <table>
        <thead>
          <tr><th scope="col">Provider</th><th scope="col">API</th><th scope="col">Version</th><th scope="col" class="num">Operations</th></tr>
        </thead>
        <tbody>
${referenceRows}
        </tbody>
      </table>
    </section>

    <section id="quick-start" aria-labelledby="quick-start-title">
      <h2 id="quick-start-title">Quick start</h2>
      <ol>
        <li>Install everything (Node 20.19 or later; the script installs pnpm 10 and the locked dependencies, with no install scripts): <pre><code>bash tools/scripts/bootstrap.sh</code></pre></li>
        <li>Start the sandbox — all ${providers.length} providers in one process, behaving like the real services: state, jobs that move, real image and video files, websockets, webhooks, credits — plus this site on <code>http://127.0.0.1:${docsPort}</code>. Nothing is spent and no key is needed.<pre><code>pnpm start</code></pre></li>
        <li>In a second terminal, run the first example: a character, two images of it, the job waited for with progress.<pre><code>node examples/quickstart.mjs</code></pre></li>
        <li>Everything the facade does with one provider, including a failing job and running out of credits: <pre><code>node examples/aliveai.mjs</code></pre> (or <code>influencer-studio.mjs</code>, <code>supapost.mjs</code>, <code>ai-media-studio.mjs</code>, <code>aistudios.mjs</code>). The same scripts run against the real service with <code>STUDIOKIT_API_KEY</code> set (and <code>STUDIOKIT_BASE_URL</code> for another host).</li>
${example ? `        <li>Or point a generated client at the sandbox:<pre><code>${e(example)}</code></pre></li>\n` : ""}        <li>For one client for every provider, read the <a href="guide/">facade guide</a>. Rebuild this site with <code>pnpm run docs</code>.</li>
      </ol>
    </section>

    <section id="mocks" aria-labelledby="mocks-title">
      <h2 id="mocks-title">Local sandbox</h2>
      <p><code>pnpm start</code> serves each provider on a fixed port (from <code>specs/providers.json</code>). Move one with its variable, or all of them with <code>STUDIOKIT_PORT_BASE</code>. Jobs take a few seconds (<code>--speed</code>, <code>--paused</code>); faults on demand with the header <code>x-studiokit-fault: fail-job | timeout | 503</code>; every request and answer is checked against the contract. <code>pnpm start --static</code> serves the static Prism mocks instead. From the terminal, <code>studiokit --sandbox …</code> sends every command there with no key (<a href="cli/#try-it-against-the-sandbox">try the CLI against the sandbox</a>), and <code>studiokit --sandbox mcp</code> does the same for agents (<a href="mcp/#try-it-against-the-sandbox">MCP guide</a>).</p>
      <table>
        <thead>
          <tr><th scope="col">Provider</th><th scope="col">Sandbox URL</th><th scope="col">Port variable</th><th scope="col">Client</th></tr>
        </thead>
        <tbody>
${mockRows}
        </tbody>
      </table>
    </section>

    <section id="guide" aria-labelledby="guide-title" data-facade="${guide.built ? "built" : "not-built"}">
      <h2 id="guide-title">Facade guide</h2>
${
  guide.built
    ? `      <p>The <code>studiokit</code> package puts the five clients behind one interface. <a href="guide/">Read the facade guide</a>.</p>`
    : `      <p class="notice">The facade is not built yet: its guide (<code>packages/studiokit/README.md</code>) does not exist, so there is none here. It appears once it does and the site is rebuilt (<code>pnpm run docs</code>).</p>`
}
    </section>

    <section id="capabilities" aria-labelledby="capabilities-title" data-facade="${matrix.built ? "built" : "not-built"}">
      <h2 id="capabilities-title">Capability matrix</h2>
${matrix.built ? capabilityTable(matrix, providers) : `      <p class="notice">The facade is not built yet (<code>packages/studiokit/dist/index.js</code> does not exist), so there is no capability matrix. It appears once the facade is built and the site is rebuilt (<code>pnpm run docs</code>).</p>`}
    </section>`;
  return layout({ title: "studiokit API docs", body, root: "", current: "" });
}

/** @param {Extract<import("./facade.js").Matrix, { built: true }>} matrix @param {Provider[]} providers */
function capabilityTable(matrix, providers) {
  const nameOf = (id) => providers.find((provider) => provider.id === id)?.name ?? matrix.providerNames[id] ?? id;
  const header = matrix.providerIds.map((id) => `<th scope="col" data-provider="${e(id)}">${e(nameOf(id))}</th>`).join("");
  const width = matrix.providerIds.length + 1;
  let group;
  const rows = [];
  for (const path of matrix.capabilityNames) {
    const dot = path.indexOf(".");
    const rowGroup = dot > 0 ? path.slice(0, dot) : undefined;
    if (rowGroup !== group && rowGroup !== undefined) rows.push(`          <tr class="group"><th scope="rowgroup" colspan="${width}">${e(rowGroup)}</th></tr>`);
    group = rowGroup;
    const cells = matrix.providerIds
      .map((id) => {
        const value = capabilityValue(matrix.capabilities, id, path);
        const cell = formatCapability(value);
        return `<td class="${cell.kind}" data-provider="${e(id)}" data-capability="${e(path)}" data-value="${e(JSON.stringify(value ?? null))}">${cell.html}</td>`;
      })
      .join("");
    const label = rowGroup !== undefined ? path.slice(dot + 1) : path;
    rows.push(`          <tr${rowGroup !== undefined ? ' class="in-group"' : ""}><th scope="row"><code>${e(label)}</code></th>${cells}</tr>`);
  }
  return `      <p>What each provider can do through the facade, from the <code>capabilities</code> that <code>studiokit</code> exports: ✓ supported, — not supported; other values are shown as they are.</p>
      <div class="scroll">
      <table class="matrix">
        <thead>
          <tr><th scope="col">Capability</th>${header}</tr>
        </thead>
        <tbody>
${rows.join("\n")}
        </tbody>
      </table>
      </div>`;
}

/** One matrix cell: true and false as marks, anything else as compact text. */
function formatCapability(value) {
  if (value === true) return { kind: "yes", html: `<span aria-label="supported">✓</span>` };
  if (value === false || value === undefined) return { kind: "no", html: `<span aria-label="not supported">—</span>` };
  return { kind: "value", html: e(describe(value)) };
}

function describe(value) {
  if (value === null) return "not set";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(describe).join(value.some((item) => typeof item === "object" && item !== null) ? "; " : ", ");
  if (typeof value === "object") return Object.entries(value).map(([key, inner]) => `${key}: ${describe(inner)}`).join(", ");
  return String(value);
}

/**
 * A call against the first provider in the sandbox: the generator's quick-start call (a GET without path
 * parameters, with its required query parameters), as the package README shows it.
 */
function quickStartExample(references) {
  const reference = references[0];
  if (!reference) return undefined;
  const { provider, packageName, operations, doc } = reference;
  const example = quickStartCall(doc, operations);
  return [
    `import { create${provider.clientName}Client } from "${packageName}";`,
    ``,
    `const client = create${provider.clientName}Client({ apiKey: "any", baseUrl: "http://127.0.0.1:${provider.mockPort}" });`,
    ...(example ? [`const { data } = await ${example.call}; // ${example.operation.operationId}: ${example.operation.summary}`] : []),
  ].join("\n");
}

/**
 * @param {{ guide: import("./facade.js").Guide, rendered?: { html: string, title?: string } }} data
 */
export function guidePage({ guide, rendered }) {
  const body = guide.built && rendered
    ? `    <article class="markdown" data-facade="built">
${rendered.html}
    </article>`
    : `    <h1>Facade guide</h1>
    <p class="notice" data-facade="not-built">The facade is not built yet: its README (<code>packages/studiokit/README.md</code>), which this page shows, does not exist. Rebuild the site with <code>pnpm run docs</code> once it does.</p>`;
  const title = guide.built && rendered?.title ? `${rendered.title} · studiokit docs` : "Facade guide · studiokit docs";
  return layout({ title, body, root: "../", current: "guide/" });
}

/**
 * A page rendered from one markdown file of the repo (the CLI and MCP guides), or a notice while
 * that file does not exist.
 * @param {{ slug: string, title: string, file: string, rendered?: { html: string, title?: string } }} data
 */
export function markdownPage({ slug, title, file, rendered }) {
  const body = rendered
    ? `    <article class="markdown" data-guide="${e(slug)}">
${rendered.html}
    </article>`
    : `    <h1>${e(title)}</h1>
    <p class="notice">This page shows <code>${e(file)}</code>, which does not exist yet. Rebuild the site with <code>pnpm run docs</code> once it does.</p>`;
  return layout({ title: `${rendered?.title ?? title} · studiokit docs`, body, root: "../", current: `${slug}/` });
}
