// Helpers for the sandbox tests: a started sandbox on free ports with its clock paused (so that a test
// moves jobs by stepping the clock, never by waiting), and small request helpers.
import { createServer } from "node:http";
import { startSandbox } from "../src/index.js";

export const AUTH = {
  "influencer-studio": { authorization: "Bearer test-key" },
  supapost: { authorization: "Bearer sp_test" },
  "ai-media-studio": { authorization: "Bearer aims_test" },
  aliveai: { authorization: "Key test-key" },
  aistudios: { authorization: "test-token" },
};

export async function sandbox(options = {}) {
  const started = await startSandbox({ paused: true, log: () => {}, ...options });
  const call = async (provider, method, path, { body, headers = {}, auth = true } = {}) => {
    const response = await fetch(`${started.url(provider)}${path}`, {
      method,
      headers: { ...(auth ? AUTH[provider] : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  };
  const control = (provider, method, path, body) => call(provider, method, `/_sandbox${path}`, { body, auth: false });
  const advance = (seconds) => control("influencer-studio" in started.providers ? "influencer-studio" : Object.keys(started.providers)[0], "POST", "/clock", { advanceSeconds: seconds });
  // A breach of the contract is a failure of whichever test file made it, unless the test stages one.
  const stop = async () => {
    await started.stop();
    if (!options.transformResponse && started.violations.length > 0) {
      throw new Error(`contract violations:\n${started.violations.map((entry) => `${entry.provider} ${entry.operation}: ${entry.problems.join("; ")}`).join("\n")}`);
    }
  };
  return { ...started, call, control, advance, stop };
}

/** A local webhook receiver that answers `statuses` in turn (then 200), recording every body. */
export async function receiver(statuses = []) {
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      response.writeHead(statuses[received.length - 1] ?? 200);
      response.end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Resolves once `check()` is true (the sandbox works between requests: websockets, webhooks). */
export async function eventually(check, { timeoutMs = 10_000, what = "the condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
