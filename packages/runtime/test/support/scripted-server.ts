/**
 * A real HTTP server on 127.0.0.1 that plays a per-test script of answers, in order, and records
 * every request it receives. The runtime under test talks to it over real sockets, so resets,
 * stalls and truncated bodies are the genuine article, not mocks.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path and query string, e.g. `/jobs/1?verbose=true`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The server's `now()` when the request had fully arrived (a simulated clock in most tests). */
  at: number;
}

export type Answer =
  | { kind: "respond"; status: number; headers?: Record<string, string>; body?: string | Buffer; delayMs?: number }
  /** Destroys the socket before writing anything. */
  | { kind: "reset" }
  /** Sends the status line, headers and part of the body, then destroys the socket. */
  | { kind: "reset-mid-body"; status: number; headers?: Record<string, string>; partial: string }
  /** Reads the request and never answers. */
  | { kind: "stall" }
  /** Sends the head and part of the body, then nothing more (the connection stays open). */
  | { kind: "stall-mid-body"; status: number; headers?: Record<string, string>; partial: string }
  /** Declares a Content-Length larger than what is sent, then half-closes (`end`) or destroys the socket. */
  | { kind: "truncated"; status: number; headers?: Record<string, string>; sent: string; declaredLength: number; ending: "end" | "destroy" }
  /** Streams `chunks` copies of `chunk` without a Content-Length (chunked encoding). */
  | { kind: "stream"; status: number; headers?: Record<string, string>; chunk: string; chunks: number };

/** A scripted answer, or a function that picks one from the request (to echo headers, count, …). */
export type ScriptEntry = Answer | ((request: RecordedRequest, server: ScriptedServer) => Answer);

/** Shorthands for the answers tests use most. */
export const answer = {
  json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
    return { kind: "respond", status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
  },
  problem(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Answer {
    return { kind: "respond", status, headers: { "content-type": "application/problem+json", ...headers }, body: JSON.stringify(body) };
  },
  text(status: number, body: string, contentType = "text/plain; charset=utf-8", headers: Record<string, string> = {}): Answer {
    return { kind: "respond", status, headers: { "content-type": contentType, ...headers }, body };
  },
  html(status: number, body: string): Answer {
    return { kind: "respond", status, headers: { "content-type": "text/html; charset=utf-8" }, body };
  },
  empty(status: number, headers: Record<string, string> = {}): Answer {
    return { kind: "respond", status, headers };
  },
  delayed(delayMs: number, inner: Answer): Answer {
    if (inner.kind !== "respond") throw new TypeError("only plain responses can be delayed");
    return { ...inner, delayMs };
  },
  reset(): Answer {
    return { kind: "reset" };
  },
  resetMidBody(status = 200, partial = '{"id":"gen_1","status":"que'): Answer {
    return { kind: "reset-mid-body", status, headers: { "content-type": "application/json", "content-length": "4096" }, partial };
  },
  stall(): Answer {
    return { kind: "stall" };
  },
  stallMidBody(status = 200, partial = '{"items":['): Answer {
    return { kind: "stall-mid-body", status, headers: { "content-type": "application/json", "content-length": "4096" }, partial };
  },
  truncated(ending: "end" | "destroy", status = 200): Answer {
    const sent = '{"id":"gen_1","status":"queued","note":"';
    return { kind: "truncated", status, headers: { "content-type": "application/json" }, sent, declaredLength: sent.length + 500, ending };
  },
};

export interface ScriptedServerOptions {
  /** Stamps each recorded request; pass a simulated clock's `now` to see requests on its timeline. */
  now?: () => number;
}

export class ScriptedServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests that arrived after the script ran out and no fallback was set. */
  readonly unscripted: RecordedRequest[] = [];
  /** Answers whose connection closed before they were complete (the client gave up, or we reset). */
  abandoned = 0;
  private readonly script: ScriptEntry[] = [];
  private fallback: ScriptEntry | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server: Server;
  private readonly now: () => number;
  private port = 0;

  constructor(options: ScriptedServerOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  /** The base URL, e.g. `http://127.0.0.1:53124`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Queues answers, played one per request in the order given. */
  reply(...entries: ScriptEntry[]): this {
    this.script.push(...entries);
    return this;
  }

  /** The answer for every request once the script has run out. */
  always(entry: ScriptEntry): this {
    this.fallback = entry;
    return this;
  }

  /** Answers not yet played. */
  get remaining(): number {
    return this.script.length;
  }

  /** Waits until `condition` holds (see `waitUntil`), e.g. until a request has arrived. */
  until(condition: () => boolean, what = "the expected server state"): Promise<void> {
    return waitUntil(condition, what);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    res.on("close", () => {
      if (!res.writableFinished) this.abandoned++;
    });
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: this.now(),
      };
      this.requests.push(recorded);
      let entry = this.script.shift() ?? this.fallback;
      if (!entry) {
        this.unscripted.push(recorded);
        entry = answer.text(599, "the test script has no answer for this request");
      }
      this.play(typeof entry === "function" ? entry(recorded, this) : entry, req, res);
    });
  }

  private play(step: Answer, req: IncomingMessage, res: ServerResponse): void {
    switch (step.kind) {
      case "respond": {
        const send = () => {
          res.writeHead(step.status, step.headers);
          res.end(step.body);
        };
        if (step.delayMs) this.later(step.delayMs, send);
        else send();
        return;
      }
      case "reset":
        req.socket.destroy();
        return;
      case "reset-mid-body":
        res.writeHead(step.status, step.headers);
        // Let the head and the partial body reach the client before the socket goes.
        res.write(step.partial, () => this.later(20, () => req.socket.destroy()));
        return;
      case "stall":
        return;
      case "stall-mid-body":
        res.writeHead(step.status, step.headers);
        res.write(step.partial);
        return;
      case "truncated":
        res.writeHead(step.status, { ...step.headers, "content-length": String(step.declaredLength) });
        res.write(step.sent, () =>
          this.later(20, () => (step.ending === "end" ? req.socket.end() : req.socket.destroy())),
        );
        return;
      case "stream": {
        res.writeHead(step.status, step.headers);
        let sent = 0;
        const pump = () => {
          while (sent < step.chunks) {
            sent++;
            if (!res.write(step.chunk)) {
              res.once("drain", pump);
              return;
            }
          }
          res.end();
        };
        // A client that refuses the body closes the socket; stop writing then.
        res.on("close", () => (sent = step.chunks));
        pump();
        return;
      }
    }
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}

/**
 * Polls `condition` every few milliseconds of real time, for acting at a known point of a request
 * (abort once it has arrived). It never decides a test's outcome: it only gives up, loudly, when the
 * condition has not held after 10 s.
 */
export async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 2) {
    if (waited > 10_000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export async function startScriptedServer(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  return new ScriptedServer(options).listen();
}
