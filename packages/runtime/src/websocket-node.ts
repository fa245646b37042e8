/**
 * The WebSocket used on Node.js: the `ws` package, because Node 20 has no global WebSocket and
 * because our providers authenticate sockets with the same header as REST calls, which only a
 * client that can set headers can send. A handshake answered with a redirect is never followed
 * (`followRedirects: false`, said explicitly): it would carry that header to wherever it points.
 */
import WebSocket from "ws";
import type { SocketConnector } from "./socket.js";

export const connectSocket: SocketConnector = (url, headers) =>
  new WebSocket(url, { headers, followRedirects: false }) as unknown as ReturnType<SocketConnector>;
export const socketsCanSendHeaders = true;
