// Webhook delivery: a POST of the spec's payload to the URL a request named, when the job ends, sent
// again with exponential backoff while the receiver fails (non-2xx or no answer), as a provider would.
/** Whether a URL names this machine or a private network (where a sandbox's receivers normally are). */
export function isLocalUrl(url) {
  let host;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return false;
  }
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "::1" ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host)
  );
}

// Only local receivers by default: a spec example's `https://example.org/hook` must not be called from
// a developer's machine or a test run. `anywhere` (pnpm start --webhooks-anywhere) lifts that, e.g. for a tunnel.
export function createWebhookSender({ retryDelayMs = 1000, maxAttempts = 5, timeoutMs = 10_000, anywhere = false, log = () => {} } = {}) {
  const deliveries = [];
  const timers = new Set();

  /** Queues one delivery; its attempts are recorded in `deliveries`. */
  function send({ provider, jobId, url, payload }) {
    const delivery = { provider, jobId, url, payload, attempts: [], delivered: false };
    deliveries.push(delivery);
    if (!anywhere && !isLocalUrl(url)) {
      delivery.skipped = "not a local address; start the sandbox with --webhooks-anywhere to deliver there";
      log(`webhook for ${provider} job ${jobId} to ${url} not sent: ${delivery.skipped}`);
      return delivery;
    }
    const attempt = async () => {
      const started = Date.now();
      let status;
      let error;
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": "studiokit-sandbox" },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        await response.arrayBuffer().catch(() => {});
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
      }
      delivery.attempts.push({ at: new Date(started).toISOString(), status, error });
      if (status !== undefined && status >= 200 && status < 300) {
        delivery.delivered = true;
        return;
      }
      if (delivery.attempts.length >= maxAttempts) {
        log(`webhook for ${provider} job ${jobId} to ${url} gave up after ${maxAttempts} attempts`);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        attempt();
      }, retryDelayMs * 2 ** (delivery.attempts.length - 1));
      timers.add(timer);
    };
    attempt();
    return delivery;
  }

  return {
    send,
    deliveries,
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
