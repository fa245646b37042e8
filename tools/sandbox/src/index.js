// The sandbox: every provider of specs/providers.json served from this one process, each on its own
// port (so that a client's base URL is all that changes), sharing one clock and one webhook sender.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createClock } from "./clock.js";
import { createContract } from "./contract.js";
import { createEngine } from "./engine.js";
import { createProviderServer } from "./server.js";
import { describeSpec, loadProviderSpec, readRegistry, specPath } from "./spec.js";
import { createWebhookSender } from "./webhooks.js";

export { FAULT_HEADER, VIOLATION_HEADER } from "./server.js";
export { makeMedia, makeMp4, makePng, MEDIA } from "./media.js";
export { readRegistry } from "./spec.js";

/**
 * Starts the sandbox.
 * @param {{
 *   providers?: string[], ports?: Record<string, number>, host?: string,
 *   speed?: number, paused?: boolean, jobSeconds?: number, useEstimates?: boolean,
 *   stateFile?: string, rateLimitPerMinute?: number, timeoutFaultMs?: number,
 *   webhookRetryDelayMs?: number, webhookMaxAttempts?: number, webhooksAnywhere?: boolean,
 *   transformResponse?: (answer: { provider: string, operation: string, status: number, contentType?: string, body: unknown }) => any,
 *   log?: (line: string) => void,
 * }} [options]
 */
export async function startSandbox(options = {}) {
  const registry = readRegistry();
  const wanted = registry.providers.filter((provider) => (options.providers ? options.providers.includes(provider.id) : true) && existsSync(specPath(provider.id)));
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const clock = createClock({ speed: options.speed ?? 1, paused: options.paused ?? false });
  const webhooks = createWebhookSender({ retryDelayMs: options.webhookRetryDelayMs ?? 1000, maxAttempts: options.webhookMaxAttempts ?? 5, anywhere: options.webhooksAnywhere ?? false, log });
  const violations = [];
  const rejections = [];
  const saved = options.stateFile && existsSync(options.stateFile) ? JSON.parse(readFileSync(options.stateFile, "utf8")) : undefined;
  if (saved?.clockMs) clock.advance(saved.clockMs);

  const docs = await Promise.all(wanted.map((provider) => loadProviderSpec(provider.id)));
  const running = [];
  let saveTimer;
  const save = () => {
    if (!options.stateFile) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      const snapshot = { clockMs: clock.now(), providers: Object.fromEntries(running.map(({ provider, engine }) => [provider.id, engine.snapshot()])) };
      writeFileSync(options.stateFile, JSON.stringify(snapshot));
    }, 100);
  };

  for (const [index, provider] of wanted.entries()) {
    const described = describeSpec(docs[index]);
    const contract = createContract(described);
    let baseUrl = "";
    const engine = createEngine({
      provider: provider.id,
      described,
      clock,
      jobSeconds: options.jobSeconds ?? 3,
      useEstimates: options.useEstimates ?? false,
      fileUrl: (name) => `${baseUrl}/_sandbox/files/${name}`,
    });
    if (saved?.providers?.[provider.id]) engine.restore(saved.providers[provider.id]);
    engine.onStateChange(save);
    const http = createProviderServer({
      engine,
      contract,
      clock,
      webhooks,
      violations,
      rejections,
      options: { host, rateLimitPerMinute: options.rateLimitPerMinute, timeoutFaultMs: options.timeoutFaultMs, transformResponse: options.transformResponse, log },
    });
    const port = options.ports?.[provider.id] ?? 0;
    await new Promise((resolve, reject) => {
      http.server.once("error", reject);
      http.server.listen(port, host, resolve);
    });
    const address = http.server.address();
    baseUrl = `http://${host}:${address.port}`;
    http.setBaseUrl(baseUrl);
    running.push({ provider, engine, http, url: baseUrl, port: address.port });
  }

  // Jobs move between requests too: a tick tells websockets and webhooks, and an explicit clock change
  // (advance, pause, speed) ticks at once so that a stepped clock is seen without delay.
  const tickAll = () => {
    for (const { engine } of running) engine.tick();
  };
  const ticker = setInterval(tickAll, 100);
  ticker.unref?.();
  clock.onChange(tickAll);

  return {
    clock,
    violations,
    rejections,
    webhooks: webhooks.deliveries,
    providers: Object.fromEntries(running.map(({ provider, engine, url, port, http }) => [provider.id, { id: provider.id, name: provider.name, clientName: provider.clientName, url, port, engine, faults: http.queuedFaults }])),
    /** The base URL of one provider. */
    url: (id) => {
      const entry = running.find(({ provider }) => provider.id === id);
      if (!entry) throw new Error(`The sandbox does not serve "${id}"`);
      return entry.url;
    },
    async stop() {
      clearInterval(ticker);
      clearTimeout(saveTimer);
      webhooks.stop();
      if (options.stateFile && running.length > 0) {
        writeFileSync(options.stateFile, JSON.stringify({ clockMs: clock.now(), providers: Object.fromEntries(running.map(({ provider, engine }) => [provider.id, engine.snapshot()])) }));
      }
      await Promise.all(
        running.map(
          ({ http }) =>
            new Promise((resolve) => {
              http.closeSockets();
              http.server.closeAllConnections?.();
              http.server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
