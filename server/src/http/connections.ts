// Limits against slow or stuck clients: a request must arrive whole within FOYER_REQUEST_TIMEOUT_SEC (its headers
// within FOYER_HEADERS_TIMEOUT_SEC), an idle keep-alive connection closes after FOYER_KEEP_ALIVE_TIMEOUT_SEC, and a
// server holds at most FOYER_MAX_CONNECTIONS sockets, at most FOYER_MAX_CONNECTIONS_PER_IP from one peer address.
// A client that sends headers and then a trickle of body (or nothing) is answered 408 and dropped; everyone else is
// served meanwhile.
import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from '../config.ts';

type Limits = Config['connections'];

/** Node checks for requests past their timeout this often (its default, 30 s, would let them linger that long). */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/** The Fastify options that carry the timeouts to the HTTP server it creates. */
export function timeoutOptions(limits: Limits): { requestTimeout: number; keepAliveTimeout: number; http: ServerOptions } {
  return {
    requestTimeout: limits.requestTimeoutSec * 1000,
    keepAliveTimeout: limits.keepAliveTimeoutSec * 1000,
    http: { headersTimeout: limits.headersTimeoutSec * 1000, connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS },
  };
}

/** Caps the sockets a server holds, in all and per peer address; sockets over a cap are closed at once. */
export function capConnections(server: Server, limits: Limits): void {
  server.maxConnections = limits.max;
  const perAddress = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const open = (perAddress.get(address) ?? 0) + 1;
    if (open > limits.maxPerIp) {
      socket.destroy();
      return;
    }
    perAddress.set(address, open);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });
}
