// The sandbox answers anyone who can reach its port without a key, so a web page the developer
// opens must not be able to drive it: through a rebound DNS name (attacker.example resolving to
// 127.0.0.1 makes the page same-origin with the sandbox, and its jobs then POST webhooks into the
// private network) or with a cross-origin "simple" request, which a browser sends without asking
// (a text/plain POST that queues faults, resets state or sets credits).
import { isIP } from "node:net";

/** The host name of a Host header or an origin, lower-case, IPv6 in brackets; undefined if unreadable. */
function hostnameOf(authority) {
  if (!authority) return undefined;
  try {
    return new URL(`http://${authority}`).hostname;
  } catch {
    return undefined;
  }
}

const isLocalName = (hostname, listenHost) => hostname === "localhost" || isIP(hostname.replace(/^\[|\]$/g, "")) !== 0 || hostname === hostnameOf(listenHost);

const isLoopback = (hostname) => hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);

/**
 * Why a request is refused, or undefined: a Host that is not `localhost`, an IP address or the name
 * the sandbox listens on; an Origin (browsers send one) that is neither on this machine nor the
 * sandbox's own. Clients other than browsers (the SDK, curl) send no Origin.
 */
export function foreignRequest(headers, listenHost) {
  const hostname = hostnameOf(headers.host);
  if (hostname === undefined || !isLocalName(hostname, listenHost)) return "forbidden host: the sandbox answers localhost and IP addresses only";
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  let url;
  try {
    url = new URL(origin);
  } catch {
    return "forbidden origin";
  }
  if ((url.protocol === "http:" || url.protocol === "https:") && (isLoopback(url.hostname) || url.hostname === hostname)) return undefined;
  return "forbidden origin: a page elsewhere may not drive the sandbox";
}
