/**
 * The local servers the CLI and MCP tests talk to, in one place. Today: the static Prism mock of each
 * provider (tools/mocks, free ports), reached exactly as a user reaches `pnpm start` — through
 * `--sandbox` and the `STUDIOKIT_PORT_<PROVIDER>` variables. When the stateful sandbox lands, start
 * it here instead and every test follows.
 *
 * Prism answers every job as finished, so the tests that need a job to move (the progress bar,
 * Ctrl-C, downloads) put `startStagedJobs` in front of the Influencer Studio mock: it forwards every
 * request to Prism and only rewrites the status answer's state and URLs, so that what the CLI reads
 * keeps the spec's shape.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startProviderMock, type RunningMock } from "@studiokit-tools/mocks";
import { providerIds, type ProviderId } from "studiokit";

export interface LocalProviders {
  /** Environment for the CLI: with `--sandbox`, every provider goes to its mock. */
  env: Record<string, string>;
  urls: Record<ProviderId, string>;
  stop(): Promise<void>;
}

export const portVariable = (provider: string) => `STUDIOKIT_PORT_${provider.replace(/-/g, "_").toUpperCase()}`;

export async function startLocalProviders(ids: readonly ProviderId[] = providerIds): Promise<LocalProviders> {
  const mocks: [ProviderId, RunningMock][] = await Promise.all(ids.map(async (id) => [id, await startProviderMock(id)] as [ProviderId, RunningMock]));
  return {
    env: Object.fromEntries(mocks.map(([id, mock]) => [portVariable(id), String(mock.port)])),
    urls: Object.fromEntries(mocks.map(([id, mock]) => [id, mock.url])) as Record<ProviderId, string>,
    stop: async () => {
      await Promise.all(mocks.map(([, mock]) => mock.stop()));
    },
  };
}

/** How a staged job moves: one entry per status request, the last one repeating. */
export type Stage = { status: "queued" | "processing" | "completed" | "failed"; completed: number };

export const FINISHING: Stage[] = [
  { status: "queued", completed: 0 },
  { status: "processing", completed: 1 },
  { status: "processing", completed: 1 },
  { status: "completed", completed: 2 },
];
export const NEVER_FINISHING: Stage[] = [{ status: "processing", completed: 1 }];

/** A tiny valid PNG header and a marker, enough to tell a downloaded file from anything else. */
export const PNG_BYTES = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("studiokit-test-image")]);

export interface StagedJobs {
  url: string;
  port: number;
  /** Every request that reached this server (method and path), to prove what was or was not sent. */
  requests: { method: string; path: string; authorization: string | undefined }[];
  /** Answer the next generation POST with a 401 whose body echoes the Authorization header (as a careless provider might). */
  echoAuthorizationOnce(): void;
  stop(): Promise<void>;
}

export async function startStagedJobs(prismUrl: string, stages: Stage[]): Promise<StagedJobs> {
  const requests: StagedJobs["requests"] = [];
  const polls = new Map<string, number>();
  let echo = false;
  let submitted = 0;
  let self = "";
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = request.url ?? "/";
      const authorization = request.headers.authorization;
      requests.push({ method: request.method ?? "GET", path, authorization });
      if (path.startsWith("/media/")) {
        response.writeHead(200, { "content-type": "image/png", "content-length": PNG_BYTES.length }).end(PNG_BYTES);
        return;
      }
      const body = await readBody(request);
      if (echo && request.method === "POST") {
        echo = false;
        response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: `invalid key ${authorization}` }));
        return;
      }
      const forwarded = await fetch(prismUrl + path, {
        method: request.method ?? "GET",
        headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => !["host", "content-length", "connection"].includes(name)) as [string, string][]),
        ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
      });
      let text = await forwarded.text();
      // Prism answers every submission with the example's id; a fresh id per job keeps the stages apart.
      if (request.method === "POST" && forwarded.status === 200 && text.includes('"generation_id"')) {
        const answer = JSON.parse(text);
        answer.generation_id = `staged-${++submitted}`;
        text = JSON.stringify(answer);
      }
      const status = /\/generations\/([^/?]+)\/status$/.exec(path);
      if (!status || forwarded.status !== 200) {
        response.writeHead(forwarded.status, { "content-type": forwarded.headers.get("content-type") ?? "application/json" }).end(text);
        return;
      }
      const id = decodeURIComponent(status[1]!);
      const count = polls.get(id) ?? 0;
      polls.set(id, count + 1);
      const stage = stages[Math.min(count, stages.length - 1)]!;
      const answer = JSON.parse(text);
      const done = stage.status === "completed";
      const urls = [`${self}/media/${id}-1.png`, `${self}/media/${id}-2.png`];
      answer.generation_id = id;
      answer.status = stage.status;
      answer.total_items = 2;
      answer.completed_items = stage.completed;
      answer.failed_items = 0;
      answer.result_urls = done ? urls : [];
      answer.items = answer.items.slice(0, 2).map((item: Record<string, unknown>, index: number) => ({
        ...item,
        status: index < stage.completed ? "COMPLETED" : "PROCESSING",
        url: index < stage.completed ? urls[index] : null,
      }));
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  self = `http://127.0.0.1:${port}`;
  return {
    url: self,
    port,
    requests,
    echoAuthorizationOnce: () => {
      echo = true;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
