// A scripted local HTTP server for fault injection. Each request takes the next fault from the
// script (or none); a request without a fault gets the operation's documented success answer — the
// spec's own example, which the examples test validates — so everything that is not a fault is
// checked against the spec. Every request received is counted per operation.
import { createServer } from "node:http";

/**
 * The faults, each a function (req, res, normal, where) that answers badly. `normal` is the spec
 * answer `{ status, body }` the request would have had; `where.elsewhere` is the URL of another
 * origin, which counts every request it gets (none may ever arrive: credentials go nowhere else).
 */
export const FAULTS = {
  "429": (req, res) => send(res, 429, { error: "rate limited" }),
  "429 + Retry-After": (req, res) => send(res, 429, { error: "rate limited" }, { "retry-after": "2" }),
  "500": (req, res) => send(res, 500, { error: "internal" }),
  "502": (req, res) => send(res, 502, { error: "bad gateway" }),
  "503": (req, res) => send(res, 503, { error: "unavailable" }),
  "504": (req, res) => send(res, 504, { error: "gateway timeout" }),
  "reset before response": (req) => req.socket.destroy(),
  "reset mid-body": (req, res, normal) => {
    const text = JSON.stringify(normal.body ?? { padding: "x".repeat(200) });
    res.writeHead(normal.status, { "content-type": "application/json", "content-length": String(text.length + 100) });
    res.write(text.slice(0, Math.max(1, text.length >> 1)));
    setTimeout(() => req.socket.destroy(), 10);
  },
  "slower than the timeout": (req, res, normal) => {
    const timer = setTimeout(() => send(res, normal.status, normal.body), 3_000);
    res.once("close", () => clearTimeout(timer));
  },
  "truncated body": (req, res, normal) => {
    const text = JSON.stringify(normal.body ?? { padding: "x".repeat(200) });
    res.writeHead(normal.status, { "content-type": "application/json", "content-length": String(text.length + 50) });
    res.end(text.slice(0, Math.max(1, text.length - 5)));
    req.socket.end();
  },
  "malformed JSON": (req, res) => sendRaw(res, 200, "application/json", '{"generation_id": "x", "status": '),
  "HTML page, 200": (req, res) => sendRaw(res, 200, "text/html", "<!doctype html><title>Maintenance</title><h1>Back soon</h1>"),
  "HTML page, 502": (req, res) => sendRaw(res, 502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"),
  "wrong content type": (req, res, normal) => sendRaw(res, normal.status, "text/plain", normal.body === undefined ? "" : JSON.stringify(normal.body)),
  // A redirect elsewhere: a client that followed it would hand the other origin the key (a custom
  // header survives fetch's own redirect handling) and, on 307, the body.
  "307 to another origin": (req, res, normal, where) => send(res, 307, undefined, { location: `${where.elsewhere}${req.url}` }),
  "302 to another origin": (req, res, normal, where) => send(res, 302, undefined, { location: `${where.elsewhere}${req.url}` }),
  // Scripted for every request (see REPEATED_FAULTS): each hop comes back to the same URL (307, so
  // that a POST stays a POST and loops too).
  "redirect loop": (req, res) => send(res, 307, undefined, { location: req.url }),
  "unexpectedly large body": (req, res) => {
    // 2 MiB streamed without a length, against a client limited to 1 MiB.
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = "x".repeat(64 * 1024);
    res.write('{"padding":"');
    let sent = 0;
    const pump = () => {
      while (sent < 32) {
        sent++;
        if (!res.write(chunk)) return res.once("drain", pump);
      }
      res.end('"}');
    };
    pump();
  },
};

/** Faults that answer every request while scripted, not only the next one. */
export const REPEATED_FAULTS = new Set(["redirect loop"]);

/** Faults of a job wait's status request, run with a wait timeout far shorter than the request's. */
export const WAIT_FAULTS = {
  // Reads the request and never answers: only the wait's own deadline can end the wait in time.
  "status poll hangs": () => {},
};

function send(res, status, body, headers = {}) {
  if (body === undefined) {
    res.writeHead(status, headers);
    return res.end();
  }
  sendRaw(res, status, "application/json", JSON.stringify(body), headers);
}

function sendRaw(res, status, type, text, headers = {}) {
  res.writeHead(status, { "content-type": type, "content-length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/**
 * @param {{ match: (method: string, path: string) => { name: string, normal: { status: number, body?: unknown } } | undefined }} routes
 */
export async function startFaultServer(routes) {
  const script = [];
  const counts = new Map();
  // Another origin (another port): it answers like the provider would, and counts what it gets.
  let elsewhereRequests = 0;
  const elsewhere = createServer((req, res) => {
    elsewhereRequests++;
    req.resume();
    send(res, 200, { elsewhere: true });
  });
  await new Promise((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
  const where = { elsewhere: `http://127.0.0.1:${elsewhere.address().port}` };
  const server = createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = routes.match(req.method ?? "GET", url.pathname);
    if (!route) return send(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
    counts.set(route.name, (counts.get(route.name) ?? 0) + 1);
    const fault = REPEATED_FAULTS.has(script[0]) ? script[0] : script.shift();
    const answerBadly = fault && (FAULTS[fault] ?? WAIT_FAULTS[fault]);
    req.once("end", () => (answerBadly ? answerBadly(req, res, route.normal, where) : send(res, route.normal.status, route.normal.body)));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    /** The next requests answer with these faults, in order; later ones are normal. */
    script(...faults) {
      script.length = 0;
      script.push(...faults);
    },
    count: (name) => counts.get(name) ?? 0,
    /** Requests that reached the other origin (always 0, or a credential went where it must not). */
    elsewhereCount: () => elsewhereRequests,
    reset() {
      script.length = 0;
      counts.clear();
      elsewhereRequests = 0;
    },
    close: () =>
      Promise.all(
        [server, elsewhere].map(
          (s) =>
            new Promise((resolve) => {
              s.closeAllConnections?.();
              s.close(() => resolve());
            }),
        ),
      ),
  };
}
