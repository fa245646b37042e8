// Reading a provider's contract: Redocly bundles the (possibly multi-file) spec into one document,
// and this module turns it into what the sandbox routes on: operations with their path matcher,
// parameters, request and response definitions and `x-studiokit-*` declarations.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** specs/providers.json, read directly (no generator import: starting the sandbox must stay light). */
export function readRegistry() {
  return JSON.parse(readFileSync(join(repoRoot, "specs", "providers.json"), "utf8"));
}

export const specPath = (id) => join(repoRoot, "specs", id, "openapi.yaml");

const METHODS = ["get", "put", "post", "patch", "delete", "head", "options"];

/** Where a provider's bundled spec is kept between starts (tools/sandbox/dist, git-ignored). */
const bundleDir = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "specs");

/** A hash of every file of a provider's spec folder: a bundle is reused only while it matches. */
export function specSourceHash(id) {
  const root = dirname(specPath(id));
  const hash = createHash("sha256");
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(relative(root, path)).update("\0").update(readFileSync(path)).update("\0");
    }
  };
  walk(root);
  return hash.digest("hex");
}

/**
 * The bundled spec of a provider. Bundling (Redocly) costs over a second, most of it loading Redocly,
 * so the bundle is kept in dist/specs (written by this package's build, and here when missing) and
 * reused while the spec's files hash the same; a changed spec is bundled again at start.
 */
export async function loadProviderSpec(id) {
  const cached = join(bundleDir, `${id}.json`);
  const hash = specSourceHash(id);
  if (existsSync(cached)) {
    try {
      const saved = JSON.parse(readFileSync(cached, "utf8"));
      if (saved.hash === hash) return saved.doc;
    } catch {
      // unreadable: bundle again below
    }
  }
  const doc = await loadSpec(specPath(id));
  mkdirSync(bundleDir, { recursive: true });
  writeFileSync(cached, JSON.stringify({ hash, doc }));
  return doc;
}

/** @param {string} path */
export async function loadSpec(path) {
  const { bundle, createConfig } = await import("@redocly/openapi-core");
  const config = await createConfig({});
  const result = await bundle({ ref: path, config, dereference: false });
  const errors = result.problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0) throw new Error(`${path}: ${errors.map((problem) => problem.message).join("; ")}`);
  return result.bundle.parsed;
}

/** Follows `$ref`s inside the bundled document. */
export function deref(doc, node) {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === "string"; hops++) {
    if (hops > 20) throw new Error(`$ref cycle at ${current.$ref}`);
    current = current.$ref
      .slice(2)
      .split("/")
      .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((at, key) => at?.[key], doc);
  }
  return current;
}

/** The first example of a media-type object (`example`, or the first of `examples`). */
export function exampleOf(doc, media) {
  if (!media) return undefined;
  if (media.example !== undefined) return structuredClone(media.example);
  const first = media.examples && Object.values(media.examples)[0];
  const value = first && deref(doc, first).value;
  return value === undefined ? undefined : structuredClone(value);
}

/**
 * Every operation of the spec, ready to route on.
 * @returns {{ doc: any, basePath: string, operations: any[], byId: Map<string, any> }}
 */
export function describeSpec(doc) {
  const basePath = new URL(doc.servers?.[0]?.url ?? "http://localhost/").pathname.replace(/\/$/, "");
  const operations = [];
  for (const [template, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = deref(doc, rawItem);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((param) => deref(doc, param));
      const names = [];
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_, a, b) => {
        names.push(a ?? b);
        return "([^/]+)";
      });
      const requestBody = op.requestBody ? deref(doc, op.requestBody) : undefined;
      operations.push({
        id: op.operationId,
        method: method.toUpperCase(),
        template,
        matcher: new RegExp(`^${pattern}$`),
        pathNames: names,
        // Literal segments win over parameters (`/prompts/pending` before `/prompts/{promptId}`).
        specificity: template.split("/").filter((segment) => segment && !segment.startsWith("{")).length,
        parameters,
        requestBody,
        responses: Object.fromEntries(Object.entries(op.responses ?? {}).map(([status, response]) => [status, deref(doc, response)])),
        security: op.security ?? doc.security ?? [],
        job: op["x-studiokit-job"],
        resource: op["x-studiokit-resource"],
        credits: op["x-studiokit-credits"],
        raw: op,
      });
    }
  }
  operations.sort((a, b) => b.specificity - a.specificity);
  return { doc, basePath, operations, byId: new Map(operations.map((op) => [op.id, op])) };
}

/** The operation a request is for, with its path parameters. */
export function matchOperation(described, method, pathname) {
  const candidates = [pathname];
  if (described.basePath && pathname.startsWith(described.basePath)) candidates.push(pathname.slice(described.basePath.length) || "/");
  for (const path of candidates) {
    for (const op of described.operations) {
      if (op.method !== method) continue;
      const match = op.matcher.exec(path);
      if (!match) continue;
      const params = Object.fromEntries(op.pathNames.map((name, index) => [name, decodeURIComponent(match[index + 1])]));
      return { op, params };
    }
  }
  return undefined;
}

/** The example body of `op`'s response for `status` (and its media type). */
export function responseExample(described, op, status) {
  const response = op.responses[String(status)];
  if (!response?.content) return { contentType: undefined, body: undefined };
  const [contentType, media] = Object.entries(response.content)[0];
  return { contentType, body: exampleOf(described.doc, media) };
}

/** The first declared status among `statuses` (e.g. the provider's 404, or 400 where it has none). */
export function firstDeclared(op, statuses) {
  return statuses.find((status) => op.responses[String(status)]);
}
