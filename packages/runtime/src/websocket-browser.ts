/**
 * The WebSocket used in browsers and other non-Node runtimes: the global one. It cannot send
 * headers, so a channel that needs an Authorization header falls back to polling there.
 */
import type { SocketConnector } from "./socket.js";

export const connectSocket: SocketConnector | undefined =
  typeof globalThis.WebSocket === "function" ? (url) => new globalThis.WebSocket(url) as unknown as ReturnType<SocketConnector> : undefined;
export const socketsCanSendHeaders = false;
