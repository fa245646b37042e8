// One provider of the sandbox as an HTTP (and websocket) server: auth, rate limit, faults, the
// contract check both ways, and dispatch to the generic engine. Nothing here names a provider.
import { createServer } from "node:http";
import { makeMedia, MEDIA } from "./media.js";
import { apply, getPointer } from "./render.js";
import { problemText } from "./contract.js";
import { foreignRequest } from "./local-only.js";
import { firstDeclared, matchOperation, responseExample } from "./spec.js";

export const FAULT_HEADER = "x-studiokit-fault";
export const VIOLATION_HEADER = "x-studiokit-contract-violation";
const CONTROL_PREFIX = "/_sandbox";

/** Which answers a fault name stands for. */
function parseFault(name) {
  const text = String(name ?? "").trim().toLowerCase();
  if (text === "fail-job" || text === "timeout") return { kind: text };
  if (/^[1-5]\d\d$/.test(text)) return { kind: "status", status: Number(text) };
  return undefined;
}

/**
 * @param {{ engine: any, contract: any, clock: any, webhooks: any, violations: any[], rejections: any[],
 *   options: { host?: string, rateLimitPerMinute?: number, timeoutFaultMs?: number, transformResponse?: Function, log?: Function } }} setup
 */
export function createProviderServer({ engine, contract, clock, webhooks, violations, rejections, options = {} }) {
  const { described, provider } = engine;
  const doc = described.doc;
  const log = options.log ?? (() => {});
  const queuedFaults = [];
  const rateWindow = [];
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      log(`${provider}: ${error?.stack ?? error}`);
      if (!response.headersSent) send(response, 500, "application/json", { sandbox: "internal error", message: String(error?.message ?? error) });
    });
  });
  let baseUrl = "";

  // ---- helpers -------------------------------------------------------------------------------------

  function send(response, status, contentType, body, headers = {}) {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    response.writeHead(status, { ...(payload && contentType ? { "content-type": contentType } : {}), ...headers });
    response.end(payload);
  }

  async function readBody(request) {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  /** The request body as the schema sees it: parsed JSON, or multipart fields (files as their names). */
  async function parseBody(request, raw) {
    if (raw.length === 0) return undefined;
    const type = (request.headers["content-type"] ?? "").toLowerCase();
    if (type.includes("json")) {
      try {
        return JSON.parse(raw.toString("utf8"));
      } catch {
        return { __unparseable: raw.toString("utf8").slice(0, 200) };
      }
    }
    if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) {
      const form = await new Request("http://sandbox.invalid/", { method: "POST", headers: { "content-type": request.headers["content-type"] }, body: raw }).formData();
      const fields = {};
      for (const [name, value] of form) fields[name] = typeof value === "string" ? value : `(file ${value.name ?? "blob"}, ${value.size} bytes)`;
      return fields;
    }
    return raw;
  }

  /**
   * The operation's own example for an error status (the provider's words: its 401, 402, 404 body).
   * With `explain`, the example's message is replaced by what went wrong (validation, staged faults).
   */
  function errorAnswer(path, op, statuses, message, explain = false) {
    const status = firstDeclared(op, statuses) ?? statuses[0];
    const { contentType, body } = responseExample(described, op, status);
    // "fallback": explain only when the operation lacks the first status asked for (AliveAI has no 404).
    const replace = explain === "fallback" ? status !== statuses[0] : explain;
    if (body && typeof body === "object" && message && replace) {
      for (const key of ["error", "message", "detail"]) if (typeof body[key] === "string") body[key] = message;
      if (typeof body.instance === "string") body.instance = path;
    }
    return { status, contentType: contentType ?? "application/json", body: body ?? { error: message } };
  }

  function authorised(securityAlternatives, headers, query) {
    if (!securityAlternatives || securityAlternatives.length === 0) return true;
    const schemes = doc.components?.securitySchemes ?? {};
    return securityAlternatives.some((alternative) =>
      Object.keys(alternative).every((name) => {
        const scheme = schemes[name];
        if (!scheme) return false;
        if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "bearer") return /^bearer\s+\S+/i.test(headers.authorization ?? "");
        if (scheme.type === "apiKey") {
          const value = scheme.in === "header" ? headers[scheme.name.toLowerCase()] : scheme.in === "query" ? query.get(scheme.name) : undefined;
          if (typeof value !== "string" || value.trim() === "") return false;
          const prefix = scheme["x-studiokit-prefix"];
          // A raw-key scheme on Authorization takes any value but a bare scheme word.
          return prefix ? value.startsWith(prefix) && value.length > prefix.length : !/^(bearer|basic|key)\s*$/i.test(value);
        }
        return false;
      }),
    );
  }

  function rateLimited() {
    const limit = options.rateLimitPerMinute;
    if (!limit) return undefined;
    const now = Date.now();
    while (rateWindow.length > 0 && rateWindow[0] <= now - 60_000) rateWindow.shift();
    if (rateWindow.length >= limit) return Math.max(1, Math.ceil((rateWindow[0] + 60_000 - now) / 1000));
    rateWindow.push(now);
    return undefined;
  }

  function takeFault(op, headerValue) {
    if (headerValue) return parseFault(headerValue);
    // A queued job failure waits for the next call that creates a job; other faults hit the next call.
    const index = queuedFaults.findIndex((fault) => (fault.operation ? fault.operation === op.id : fault.fault !== "fail-job" || Boolean(op.job?.output)));
    if (index === -1) return undefined;
    const fault = queuedFaults[index];
    if (--fault.times <= 0) queuedFaults.splice(index, 1);
    return parseFault(fault.fault);
  }

  const fileUrl = (name) => `${baseUrl}${CONTROL_PREFIX}/files/${name}`;

  // ---- request handling ----------------------------------------------------------------------------

  async function handle(request, response) {
    const foreign = foreignRequest(request.headers, options.host ?? "127.0.0.1");
    if (foreign) return send(response, 403, "application/json", { sandbox: foreign });
    const url = new URL(request.url ?? "/", "http://sandbox.invalid");
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) return control(request, response, url);
    const method = (request.method ?? "GET").toUpperCase();
    const matched = matchOperation(described, method, url.pathname);
    if (!matched) return send(response, 404, "application/json", { sandbox: `no ${method} ${url.pathname} in the ${provider} spec` });
    const { op, params } = matched;
    const raw = await readBody(request);
    const body = await parseBody(request, raw);
    const headers = request.headers;

    let answer;
    let checked = true;
    const extraHeaders = {};
    if (!authorised(op.security, headers, url.searchParams)) {
      answer = errorAnswer(url.pathname, op, [401], "Missing or invalid credentials");
    } else {
      const retryAfter = rateLimited();
      const fault = retryAfter ? undefined : takeFault(op, headers[FAULT_HEADER]);
      if (retryAfter) {
        answer = errorAnswer(url.pathname, op, [429], "Too many requests");
        extraHeaders["retry-after"] = String(retryAfter);
        checked = Boolean(op.responses["429"]);
      } else if (fault?.kind === "timeout") {
        // The call never answers (within any sensible client timeout); the socket is closed at last.
        await new Promise((resolve) => setTimeout(resolve, options.timeoutFaultMs ?? 120_000).unref());
        request.socket.destroy();
        return;
      } else if (fault?.kind === "status") {
        answer = errorAnswer(url.pathname, op, [fault.status], `The sandbox was asked to answer ${fault.status}`, true);
        if (fault.status === 429) extraHeaders["retry-after"] = "1";
        // A status the operation does not declare is served as asked, marked, and not held to the contract.
        checked = Boolean(op.responses[String(fault.status)]);
      } else {
        const problems = contract.checkRequest({ op, params, query: url.searchParams, headers, contentType: headers["content-type"], body: Buffer.isBuffer(body) ? undefined : body });
        if (problems.length > 0) {
          rejections.push({ provider, operation: op.id, problems: problems.map(problemText) });
          answer = errorAnswer(url.pathname, op, [400, 422], `Invalid request: ${problems.map(problemText).join("; ")}`, true);
          // A body that lists violations one by one (RFC 9457 problems) gets one per problem.
          if (Array.isArray(answer.body?.violations)) {
            const template = answer.body.violations[0] ?? {};
            answer.body.violations = problems.map((problem) => ({ ...template, field: problem.field.replace(/^\//, "").replace(/\//g, "."), in: problem.in, message: problem.message }));
          }
        } else {
          answer = await dispatch(op, params, body, url, headers, { failJob: fault?.kind === "fail-job" });
        }
      }
      if (fault) extraHeaders[FAULT_HEADER] = headers[FAULT_HEADER] ?? "queued";
    }

    if (options.transformResponse) answer = options.transformResponse({ provider, operation: op.id, ...answer }) ?? answer;
    if (checked) {
      const problems = contract.checkResponse(op, answer.status, answer.contentType, answer.body);
      if (problems.length > 0) {
        // Never served silently: the caller gets a 500 naming the breach, and the breach is recorded.
        violations.push({ provider, operation: op.id, direction: "response", status: answer.status, problems });
        log(`CONTRACT VIOLATION ${provider} ${op.id} ${answer.status}: ${problems.join("; ")}`);
        return send(response, 500, "application/json", { sandbox: "contract violation", operation: op.id, problems }, { [VIOLATION_HEADER]: "response" });
      }
    }
    const bodyOut = answer.body;
    const contentType = answer.contentType;
    const payload = bodyOut === undefined ? undefined : contentType?.includes("json") || typeof bodyOut !== "string" ? bodyOut : Buffer.from(bodyOut);
    send(response, answer.status, contentType, payload, extraHeaders);
  }

  /** The answer of a contract-keeping request: a job, a record, the balance, or the spec's example. */
  async function dispatch(op, params, body, url, headers, { failJob }) {
    const job = op.job;
    if (job?.output) {
      const count = Math.max(1, Number(body && job.count ? getPointer(body, job.count) ?? 1 : 1));
      const short = engine.shortOfCredits(op, count);
      if (short) return errorAnswer(url.pathname, op, [short], "Insufficient credits", true);
      const record = engine.createJob(op, body, { fail: failJob, params });
      engine.spend(record.cost);
      // `synchronous: true` always waits; `{ header }` only when the request sends that header as true.
      const waits = job.synchronous === true || (job.synchronous?.header && String(headers[job.synchronous.header.toLowerCase()]).toLowerCase() === "true");
      if (waits) await settled(record);
      return { status: 200, contentType: "application/json", body: engine.renderJob(record, op) };
    }
    if (job?.reads) {
      const record = engine.state.jobs.get(String(params[job.reads]));
      if (!record) return errorAnswer(url.pathname, op, [404, 400], "Not found", "fallback");
      return { status: 200, contentType: responseExample(described, op, 200).contentType, body: engine.renderJob(record, op) };
    }
    if (job?.deletes) {
      // A parameter names one job; a body pointer (`/ids`) may name several.
      const named = job.deletes.startsWith("/") ? getPointer(body, job.deletes) : params[job.deletes] ?? url.searchParams.get(job.deletes);
      const ids = (Array.isArray(named) ? named : [named]).map(String);
      const count = ids.filter((id) => engine.state.jobs.delete(id)).length;
      if (count === 0 && !Array.isArray(named)) return errorAnswer(url.pathname, op, [404, 400], "Not found", "fallback");
      const status = firstDeclared(op, [200, 204]);
      const { contentType, body: example } = responseExample(described, op, status);
      return { status, contentType, body: example === undefined ? undefined : apply(example, job.respond, { count }) };
    }
    if (job?.lists) {
      const { template, declaration } = engine.templateOf(op);
      const listed = job.lists === "all" ? engine.allJobs() : engine.activeJobs();
      const jobs = listed.map((record) => engine.jobScope(record, declaration.states));
      return { status: 200, contentType: "application/json", body: apply(template, declaration.respond, { jobs, count: jobs.length }) };
    }
    if (op.resource) {
      const short = engine.shortOfCredits(op);
      if (short) return errorAnswer(url.pathname, op, [short], "Insufficient credits", true);
      const result = engine.handleResource(op, params, body && !Buffer.isBuffer(body) ? body : undefined);
      if (result.status === 404) return errorAnswer(url.pathname, op, [404, 400], "Not found", "fallback");
      engine.spend(engine.costOf(op));
      return { status: result.status, contentType: responseExample(described, op, result.status).contentType, body: result.body };
    }
    const status = firstDeclared(op, [200, 201, 202, 204]) ?? 200;
    const { contentType, body: example } = responseExample(described, op, status);
    const short = engine.shortOfCredits(op);
    if (short) return errorAnswer(url.pathname, op, [short], "Insufficient credits", true);
    engine.spend(engine.costOf(op));
    const respond = op.credits?.respond;
    return { status, contentType, body: respond ? apply(example, respond, { balance: engine.state.credits }) : example };
  }

  /** Resolves when the job has ended on the sandbox clock (a synchronous provider answers then). */
  function settled(record) {
    return new Promise((resolve) => {
      const check = () => {
        if (["succeeded", "failed"].includes(engine.phaseOf(record).phase)) {
          stopListening();
          clearInterval(timer);
          resolve();
        }
      };
      const stopListening = engine.onJobChange((changed) => changed.id === record.id && check());
      const timer = setInterval(check, 50);
      check();
    });
  }

  // ---- the control API -----------------------------------------------------------------------------

  async function control(request, response, url) {
    const path = url.pathname.slice(CONTROL_PREFIX.length) || "/";
    const method = request.method ?? "GET";
    const json = async () => {
      const raw = await readBody(request);
      return raw.length > 0 ? JSON.parse(raw.toString("utf8")) : {};
    };
    if (method === "GET" && path.startsWith("/files/")) {
      const name = decodeURIComponent(path.slice("/files/".length));
      const extension = name.split(".").pop();
      const kind = Object.entries(MEDIA).find(([, media]) => media.extension === extension)?.[0];
      if (!kind || !/^[\w.-]+$/.test(name)) return send(response, 404, "application/json", { sandbox: "no such file" });
      return send(response, 200, MEDIA[kind].type, makeMedia(kind, name), { "cache-control": "no-store" });
    }
    if (method === "GET" && path === "/") return send(response, 200, "application/json", status());
    if (method === "GET" && path === "/jobs") {
      return send(response, 200, "application/json", [...engine.state.jobs.values()].map((record) => ({ id: record.id, operation: record.operation, ...engine.phaseOf(record) })));
    }
    if (method === "GET" && path === "/violations") return send(response, 200, "application/json", violations.filter((entry) => entry.provider === provider));
    if (method === "GET" && path === "/webhooks") return send(response, 200, "application/json", webhooks.deliveries.filter((entry) => entry.provider === provider));
    if (method === "POST" && path === "/clock") {
      const body = await json();
      if (body.speed !== undefined) clock.setSpeed(Number(body.speed));
      if (body.paused === true) clock.pause();
      if (body.paused === false) clock.resume();
      if (body.advanceSeconds !== undefined) clock.advance(Number(body.advanceSeconds) * 1000);
      if (body.advanceMs !== undefined) clock.advance(Number(body.advanceMs));
      return send(response, 200, "application/json", clock.toJSON());
    }
    if (method === "PUT" && path === "/credits") {
      const body = await json();
      if (!(Number(body.balance) >= 0)) return send(response, 400, "application/json", { sandbox: "balance must be a number ≥ 0" });
      engine.setCredits(Number(body.balance));
      return send(response, 200, "application/json", { balance: engine.state.credits });
    }
    if (method === "POST" && path === "/faults") {
      const body = await json();
      if (!parseFault(body.fault)) return send(response, 400, "application/json", { sandbox: 'fault must be "fail-job", "timeout" or an HTTP status such as "503"' });
      if (body.operation && !described.byId.has(body.operation)) return send(response, 400, "application/json", { sandbox: `no operation ${body.operation} in the ${provider} spec` });
      queuedFaults.push({ fault: String(body.fault), operation: body.operation, times: Math.max(1, Number(body.times ?? 1)) });
      return send(response, 200, "application/json", { faults: queuedFaults });
    }
    if (method === "DELETE" && path === "/faults") {
      queuedFaults.length = 0;
      return send(response, 200, "application/json", { faults: [] });
    }
    if (method === "POST" && path === "/reset") {
      engine.reset();
      queuedFaults.length = 0;
      return send(response, 200, "application/json", status());
    }
    return send(response, 404, "application/json", { sandbox: `no control ${method} ${CONTROL_PREFIX}${path}; see tools/sandbox/README.md` });
  }

  function status() {
    return {
      sandbox: true,
      provider,
      clock: clock.toJSON(),
      credits: engine.state.credits,
      jobs: engine.state.jobs.size,
      faults: queuedFaults,
      violations: violations.filter((entry) => entry.provider === provider).length,
    };
  }

  // ---- jobs that end: webhooks ---------------------------------------------------------------------

  engine.onJobChange((record, phase) => {
    if (!["succeeded", "failed"].includes(phase) || !record.webhook?.url || record.notified) return;
    record.notified = true;
    const { schemaPointer } = engine.templateOf(record.webhook.send);
    const payload = engine.renderJob(record, record.webhook.send);
    const problems = schemaPointer
      ? contract.checkAt(schemaPointer, payload)
      : contract.checkResponse(described.byId.get(record.webhook.send), 200, "application/json", payload);
    if (problems.length > 0) {
      violations.push({ provider, operation: record.webhook.send, direction: "webhook", problems });
      log(`CONTRACT VIOLATION ${provider} webhook ${record.webhook.send}: ${problems.join("; ")}`);
      return;
    }
    webhooks.send({ provider, jobId: record.id, url: record.webhook.url, payload });
  });

  // ---- websockets ----------------------------------------------------------------------------------

  const channels = Object.entries(doc["x-studiokit-websockets"] ?? {}).map(([name, channel]) => {
    const template = new URL(channel.url.split("?")[0].replace(/\{(\w+)\}/g, "__$1__")).pathname;
    const names = [];
    const pattern = template.replace(/__(\w+)__/g, (_, name) => {
      names.push(name);
      return "([^/]+)";
    });
    return { name, channel, names, matcher: new RegExp(`^${pattern}$`), declaration: channel["x-studiokit-job"] ?? {} };
  });
  // ws is loaded on the first upgrade: most providers have no channel, and start-up stays light.
  let sockets;
  server.on("upgrade", async (request, socket, head) => {
    const url = new URL(request.url ?? "/", "http://sandbox.invalid");
    const found = channels.map((entry) => ({ entry, match: entry.matcher.exec(url.pathname) })).find(({ match }) => match);
    const refuse = (status, text) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    };
    if (foreignRequest(request.headers, options.host ?? "127.0.0.1")) return refuse(403, "Forbidden");
    if (!found) return refuse(404, "Not Found");
    const params = Object.fromEntries(found.entry.names.map((name, index) => [name, decodeURIComponent(found.match[index + 1])]));
    // A channel authenticates like REST (the spec's security), or with the token its URL carries.
    const tokenInUrl = /\{token\}/.test(found.entry.channel.url) && (url.searchParams.get("token") ?? "").length > 0;
    if (!tokenInUrl && !authorised(doc.security, request.headers, url.searchParams)) return refuse(401, "Unauthorized");
    if (!sockets) {
      const { WebSocketServer } = await import("ws");
      sockets ??= new WebSocketServer({ noServer: true });
    }
    sockets.handleUpgrade(request, socket, head, (ws) => follow(ws, found.entry, params));
  });

  /** Streams a channel's messages: the job's state whenever it moves (a job channel), or every job's (a queue channel). */
  function follow(ws, { name, declaration }, params) {
    const pointer = `#/x-studiokit-websockets/${name}/message`;
    const template = (() => {
      const message = doc["x-studiokit-websockets"][name].message;
      const schema = message?.$ref ? message.$ref.slice(2).split("/").reduce((node, key) => node?.[key], doc) : message;
      return structuredClone(schema?.example ?? schema?.examples?.[0] ?? {});
    })();
    const deliver = (scope) => {
      const message = apply(structuredClone(template), declaration.respond, scope);
      const problems = contract.checkAt(pointer, message);
      if (problems.length > 0) {
        violations.push({ provider, operation: `websocket ${name}`, direction: "websocket", problems });
        log(`CONTRACT VIOLATION ${provider} websocket ${name}: ${problems.join("; ")}`);
        ws.close(1011, "contract violation");
        return false;
      }
      ws.send(JSON.stringify(message));
      return true;
    };
    const jobScopeWithContainer = (record) => {
      const scope = engine.jobScope(record, declaration.states);
      // A job channel may embed what the job's read operation answers (e.g. the finished container).
      if (declaration.embeds) scope.container = engine.renderJob(record, declaration.embeds);
      return scope;
    };

    let stop = () => {};
    if (declaration.reads) {
      const record = engine.state.jobs.get(String(params[declaration.reads]));
      if (!record) {
        ws.close(4404, "unknown job");
        return;
      }
      const push = () => {
        const scope = jobScopeWithContainer(record);
        if (!deliver(scope)) return;
        if (scope.complete) ws.close(1000, "job ended");
      };
      stop = engine.onJobChange((changed) => changed.id === record.id && push());
      push();
    } else if (declaration.events) {
      stop = engine.onJobChange((record, phase) => {
        const ended = ["succeeded", "failed"].includes(phase);
        const jobs = engine.activeJobs().map((active) => engine.jobScope(active, declaration.states));
        deliver({ ...engine.jobScope(record, declaration.states), jobs, eventType: ended ? declaration.events.end : declaration.events.change });
      });
    } else {
      ws.close(1011, "channel not simulated");
      return;
    }
    ws.on("close", () => stop());
  }

  return {
    server,
    queuedFaults,
    fileUrl,
    setBaseUrl(url) {
      baseUrl = url;
    },
    closeSockets() {
      if (!sockets) return;
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    },
  };
}
