/**
 * A scripted provider on 127.0.0.1 (node:http, port 0): each route answers from a list, one answer
 * per request, the last one repeating — so a job can be moved through queued → running → succeeded
 * (or to a failure) request by request. Every scripted 2xx body is checked against the provider's
 * spec before the server starts, so a script cannot drift from the contract the clients are built on.
 */
import { createServer, type IncomingMessage } from "node:http";
import { createAjv, loadBundledSpec, specPath } from "@studiokit-tools/codegen";
import type { ProviderId } from "../../src/index.js";

export interface ScriptedAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw bytes instead of a JSON body (e.g. an image to download). */
  bytes?: Uint8Array;
  /** A deliberately off-spec body (tests of what the clients do with one): not checked against the spec. */
  offSpec?: true;
  /** Answer only after this long (or never, when the client gives up first). */
  delayMs?: number;
}

export interface ServedRequest {
  method: string;
  path: string;
  body: string;
  headers: IncomingMessage["headers"];
}

export interface ScriptedServer {
  url: string;
  requests: ServedRequest[];
  /** The requests whose "METHOD /path" matches. */
  requestsTo(route: string): ServedRequest[];
  stop(): Promise<void>;
}

/** Routes are keyed `"METHOD /concrete/path"` (query ignored). */
export type Script = Record<string, ScriptedAnswer[]>;

export async function startScriptedServer(provider: ProviderId, script: Script): Promise<ScriptedServer> {
  await checkAgainstSpec(provider, script);
  const served = new Map<string, number>();
  const requests: ServedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = new URL(request.url ?? "/", "http://localhost").pathname;
      const route = `${request.method} ${path}`;
      requests.push({ method: request.method ?? "", path, body: Buffer.concat(chunks).toString("utf8"), headers: request.headers });
      const answers = script[route];
      if (!answers || answers.length === 0) {
        response.writeHead(599, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: `no scripted answer for ${route}` }));
        return;
      }
      const index = served.get(route) ?? 0;
      served.set(route, index + 1);
      const answer = answers[Math.min(index, answers.length - 1)]!;
      if (answer.delayMs !== undefined) {
        const timer = setTimeout(() => respond(answer), answer.delayMs);
        response.once("close", () => clearTimeout(timer));
        return;
      }
      respond(answer);
    });
    function respond(answer: ScriptedAnswer) {
      const status = answer.status ?? 200;
      if (answer.bytes) {
        response.writeHead(status, { "content-type": "application/octet-stream", ...answer.headers });
        response.end(Buffer.from(answer.bytes));
      } else if (answer.body === undefined) {
        response.writeHead(status, answer.headers);
        response.end();
      } else {
        response.writeHead(status, { "content-type": "application/json", ...answer.headers });
        response.end(JSON.stringify(answer.body));
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (route) => requests.filter((request) => `${request.method} ${request.path}` === route),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const specCache = new Map<ProviderId, Promise<{ doc: Record<string, any>; ajv: ReturnType<typeof createAjv> }>>();

function loadSpec(provider: ProviderId) {
  let loaded = specCache.get(provider);
  if (!loaded) {
    loaded = loadBundledSpec(specPath(provider)).then((doc) => {
      const ajv = createAjv();
      ajv.addSchema(doc, SPEC_ID, undefined, false);
      return { doc, ajv };
    });
    specCache.set(provider, loaded);
  }
  return loaded;
}

const SPEC_ID = "https://studiokit.invalid/spec";

/** Throws when a scripted 2xx JSON body does not match the spec's response schema for that route. */
async function checkAgainstSpec(provider: ProviderId, script: Script): Promise<void> {
  const { doc, ajv } = await loadSpec(provider);
  for (const [route, answers] of Object.entries(script)) {
    const [method, path] = route.split(" ") as [string, string];
    const template = Object.keys(doc.paths ?? {}).find((candidate) => templateMatches(candidate, path));
    if (!template) continue; // not an API route (e.g. an image to download)
    for (const answer of answers) {
      const status = answer.status ?? 200;
      if (status < 200 || status > 299 || answer.body === undefined || answer.offSpec) continue;
      const pointer = responseSchemaPointer(doc, template, method.toLowerCase(), status);
      if (!pointer) throw new Error(`${provider}: the spec has no JSON ${status} response for ${method} ${template}`);
      const validate = ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
      if (!validate(answer.body)) {
        throw new Error(`${provider}: scripted answer for ${route} does not match the spec: ${JSON.stringify(validate.errors)}`);
      }
    }
  }
}

function templateMatches(template: string, path: string): boolean {
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
  return new RegExp(`^${pattern}$`).test(path);
}

const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

function resolve(doc: Record<string, any>, pointer: string): any {
  return pointer
    .slice(2)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((node, key) => node?.[key], doc);
}

function responseSchemaPointer(doc: Record<string, any>, template: string, method: string, status: number): string | undefined {
  let pointer = `#/paths/${escapePointer(template)}/${method}/responses/${status}`;
  let response = resolve(doc, pointer);
  while (response && typeof response.$ref === "string") {
    pointer = response.$ref;
    response = resolve(doc, pointer);
  }
  const type = Object.keys(response?.content ?? {}).find((candidate) => /json/.test(candidate));
  return type ? `${pointer}/content/${escapePointer(type)}/schema` : undefined;
}
