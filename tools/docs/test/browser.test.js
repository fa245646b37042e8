// The built site in a real browser (Debian's Chromium, driven by playwright-core; no browser is ever
// downloaded). The site is built from nothing into a temporary folder by startDocsServer (exactly
// what `pnpm start` does when site/ is missing), served on a free port, and every page is opened:
//   - no console error, no page error, no request to any host but the one serving it;
//   - each provider page renders every operation of its spec;
//   - the portal links every reference and lists every mock URL; the guide and the capability
//     matrix show the facade, or say it is not built yet — accepted only when it is not built.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectOperations, deref, loadBundledSpec, providers, specPath } from "@studiokit-tools/codegen";
import { startDocsServer } from "../src/index.js";
import { internalCitationsInSite } from "../src/citations.js";
import { listFiles } from "../src/offline.js";
import { cliGuides, facadeEntry, facadeReadme } from "../src/paths.js";

const CHROMIUM = process.env.STUDIOKIT_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const withSpec = providers.filter((provider) => existsSync(specPath(provider.id)));
const workDir = mkdtempSync(join(tmpdir(), "studiokit-docs-test-"));
const siteDir = join(workDir, "site");

/** @type {{ url: string, stop: () => Promise<void> }} */ let server;
/** @type {import("playwright-core").Browser} */ let browser;
/** @type {import("playwright-core").BrowserContext} */ let context;
let facadeBefore;
let facadeAfter;
let buildMs;
/** @type {(url: string) => boolean} a request to the serving host (or a data:/blob: URL of the page) */
let isLocal;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set STUDIOKIT_CHROMIUM)`);
  }
  facadeBefore = { entry: existsSync(facadeEntry), readme: existsSync(facadeReadme) };
  const started = Date.now();
  server = await startDocsServer({ port: 0, dir: siteDir }); // the folder is missing: it builds the site first
  buildMs = Date.now() - started;
  facadeAfter = { entry: existsSync(facadeEntry), readme: existsSync(facadeReadme) };
  console.log(`docs site built from nothing and served in ${(buildMs / 1000).toFixed(1)} s at ${server.url}`);

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  context = await browser.newContext({ serviceWorkers: "block" });
  const origin = new URL(server.url).origin;
  isLocal = (url) => url.startsWith("data:") || new URL(url).origin === origin; // blob: URLs carry their page's origin
  // Each page records every request it makes (see open()); as a safety net, one to another host is
  // also stopped here before it leaves the machine (and then fails the test as a failed request).
  await context.route("**/*", (route) => (isLocal(route.request().url()) ? route.continue() : route.abort("blockedbyclient")));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

/** Opens a page of the site, recording every request, console errors, page errors and failed requests. */
async function open(path) {
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  const response = await page.goto(`${server.url}/${path}`, { waitUntil: "networkidle" });
  expect(response?.status(), path).toBe(200);
  return { page, problems, requests };
}

/** Checks nothing went wrong on a page, then closes it. */
async function finish({ page, problems, requests }, path) {
  await page.waitForTimeout(200); // late console output, e.g. from effects after hydration
  await page.close();
  expect(requests.length, `${path}: requests recorded`).toBeGreaterThan(0);
  expect(requests.filter((url) => !isLocal(url)), `${path}: requests to other hosts`).toEqual([]);
  expect(problems, `${path}: console, page and request problems`).toEqual([]);
}

describe("the docs site in Chromium", () => {
  it("names no file our users do not have (seed documents, PROVIDER-FACTS.md) in any page or asset", () => {
    expect(internalCitationsInSite(siteDir)).toEqual([]);
    // The references cite the providers' public documentation instead.
    expect(readFileSync(join(siteDir, "aliveai", "index.html"), "utf8")).toContain("AliveAI API (1.0.0)");
    expect(readFileSync(join(siteDir, "aistudios", "index.html"), "utf8")).toContain("Get started with API");
  });

  it("has exactly the expected pages", () => {
    const pages = listFiles(siteDir).filter((file) => file.endsWith(".html")).map((file) => relative(siteDir, file).split(sep).join("/")).sort();
    expect(pages).toEqual(["cli/index.html", "guide/index.html", "index.html", "mcp/index.html", ...withSpec.map((provider) => `${provider.id}/index.html`)].sort());
    expect(existsSync(join(siteDir, "assets", "redoc.standalone.js"))).toBe(true);
  });

  it("portal: links every API reference, lists every mock URL, and shows the facade or says it is not built", async () => {
    const opened = await open("");
    const { page } = opened;

    for (const provider of withSpec) {
      const link = page.locator(`#api-reference a[href="${provider.id}/"]`);
      await expect.poll(() => link.count()).toBe(1);
      expect(await link.innerText()).toBe(provider.name);
    }
    for (const provider of providers) {
      const cell = page.locator(`#mocks tr[data-provider="${provider.id}"] .mock-url`);
      expect(await cell.innerText()).toBe(`http://127.0.0.1:${provider.mockPort}`);
    }
    expect(await page.locator("#quick-start").innerText()).toContain("pnpm start");

    const matrixState = await page.locator("#capabilities").getAttribute("data-facade");
    const guideState = await page.locator("#guide").getAttribute("data-facade");
    expectFacadeState(matrixState, "entry");
    expectFacadeState(guideState, "readme");
    if (matrixState === "built") {
      // Every cell holds the facade's value for its provider and capability, and nothing is left out.
      const { capabilities } = await import(pathToFileURL(facadeEntry).href);
      const cells = await page.$$eval("#capabilities td[data-provider]", (tds) =>
        tds.map((td) => ({ provider: td.dataset.provider, capability: td.dataset.capability, value: JSON.parse(td.dataset.value ?? "null"), text: td.textContent })),
      );
      expect(cells.length).toBeGreaterThan(0);
      for (const cell of cells) {
        let expected = capabilities[cell.provider];
        for (const key of cell.capability.split(".")) expected = expected === false ? false : expected?.[key];
        expect(cell.value, `${cell.provider} ${cell.capability}`).toEqual(expected ?? null);
        if (typeof expected === "boolean") expect(cell.text).toBe(expected ? "✓" : "—");
      }
      for (const [providerId, row] of Object.entries(capabilities)) {
        expect(cells.some((cell) => cell.provider === providerId), providerId).toBe(true);
        for (const key of Object.keys(row).filter((key) => !(key === "name" && typeof row[key] === "string"))) {
          expect(cells.some((cell) => cell.capability === key || cell.capability.startsWith(`${key}.`)), `${providerId} ${key}`).toBe(true);
        }
      }
    } else {
      expect(await page.locator("#capabilities").innerText()).toMatch(/not built yet/);
    }
    await finish(opened, "index.html");
  }, 60_000);

  it("guide: the facade README, or a page saying the facade is not built yet", async () => {
    const opened = await open("guide/");
    const { page } = opened;
    const built = (await page.locator("article.markdown").count()) === 1;
    expectFacadeState(built ? "built" : "not-built", "readme");
    if (built) {
      const heading = /^#\s+(.+)$/m.exec(readFileSync(facadeReadme, "utf8"))?.[1];
      if (heading) expect(await page.locator("article.markdown h1").first().innerText()).toBe(heading.replace(/[`*_]/g, "").trim());
    } else {
      expect(await page.locator("main").innerText()).toMatch(/not built yet/);
    }
    await finish(opened, "guide/index.html");
  }, 60_000);

  for (const guide of cliGuides) {
    it(`${guide.slug}: renders ${guide.file.split(sep).slice(-2).join("/")} with its first heading`, async () => {
      const opened = await open(`${guide.slug}/`);
      const { page } = opened;
      const heading = /^#\s+(.+)$/m.exec(readFileSync(guide.file, "utf8"))?.[1];
      expect(heading).toBeDefined();
      expect(await page.locator(`article.markdown[data-guide="${guide.slug}"] h1`).first().innerText()).toBe(heading.replace(/[`*_]/g, "").trim());
      await finish(opened, `${guide.slug}/index.html`);
    }, 60_000);
  }

  for (const provider of withSpec) {
    it(`${provider.id}: the Redoc page renders every operation of the spec`, async () => {
      const doc = await loadBundledSpec(specPath(provider.id));
      const operations = collectOperations(doc);
      const webhooks = webhookOperations(doc);
      const opened = await open(`${provider.id}/`);
      const { page } = opened;

      // Redoc 3 shows one tag at a time: a tag is a route (#/<tag>) that expands its operations, each
      // an element whose id is "<tag>/<operation>", rendered lazily as it scrolls into view. So: visit
      // every tag section of the page, bring every placeholder into view, and read what was rendered.
      const tagPaths = await page.$$eval("#api-content [data-section-id]", (elements) => [
        ...new Set(elements.map((element) => element.getAttribute("data-section-id")).filter((path) => path && path !== "/")),
      ]);
      expect(tagPaths.length).toBeGreaterThan(0);
      /** @type {Map<string, string>} operation slug (last path segment) -> text of its rendered section */
      const rendered = new Map();
      for (const tagPath of tagPaths) {
        const tag = tagPath.slice(1);
        await page.evaluate((hash) => (window.location.hash = hash), `#${tagPath}`);
        await page.waitForSelector(`[data-component-name="Menu/Menu"] a[href^="#${tagPath}/"]`, { timeout: 30_000 });
        for (;;) {
          const left = await page.evaluate(() => {
            const placeholders = document.querySelectorAll("[data-section-id]:empty");
            placeholders[0]?.scrollIntoView();
            return placeholders.length;
          });
          if (left === 0) break;
          // Redoc renders a section on a scroll that brings it into view; a scroll event it missed
          // (it came while the page was busy, or the section was in place already) is never repeated,
          // and the wait would run out. So every poll moves the page away and back again.
          await page.waitForFunction(
            (before) => {
              const placeholders = document.querySelectorAll("[data-section-id]:empty");
              if (placeholders.length < before) return true;
              window.scrollBy(0, -100);
              placeholders[0]?.scrollIntoView();
              return false;
            },
            left,
            { timeout: 30_000, polling: 250 },
          );
        }
        const sections = await page.$$eval(`[id^="${tag}/"]`, (elements) => elements.map((element) => [element.id, element.textContent ?? ""]));
        for (const [id, text] of sections) {
          const slug = id.slice(tag.length + 1);
          if (!slug.includes("/")) rendered.set(slug, text);
        }
      }

      const missing = [...operations, ...webhooks].filter((operation) => !rendered.get(operation.operationId.toLowerCase())?.includes(operation.summary));
      expect(missing.map((operation) => `${operation.operationId} (${operation.summary})`)).toEqual([]);
      // Nothing else is rendered as an operation: the spec's operations and its webhooks, no more.
      expect([...rendered.keys()].sort()).toEqual([...operations, ...webhooks].map((operation) => operation.operationId.toLowerCase()).sort());
      await finish(opened, `${provider.id}/index.html`);
    }, 120_000);
  }
});

/** The webhooks of an OpenAPI 3.1 spec (Redoc renders them like operations). */
function webhookOperations(doc) {
  const methods = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];
  return Object.entries(doc.webhooks ?? {}).flatMap(([name, item]) => {
    const { value } = deref(doc, item, `#/webhooks/${name}`);
    return methods.filter((method) => value?.[method]).map((method) => ({ operationId: value[method].operationId ?? name, summary: value[method].summary ?? "" }));
  });
}

/**
 * "Not built yet" is accepted only when the facade's file really was missing while the site was built
 * (checked before and after; if it appeared during the build, either state is right).
 * @param {string | null} state data-facade of the section
 * @param {"entry" | "readme"} file
 */
function expectFacadeState(state, file) {
  if (facadeBefore[file] !== facadeAfter[file]) return expect(["built", "not-built"]).toContain(state);
  expect(state).toBe(facadeBefore[file] ? "built" : "not-built");
}
