// Bounds the HTTP server's connections without locking out the token-holder. A hard cap alone
// (maxConnections) lets 64 idle sockets — opened and left silent, or half-sent headers — refuse every
// new client until Node's timeout sweep frees them (35–45 s). Instead, when a client address holds
// too many connections, or the server too many in all, the oldest *idle* connection (no request in
// flight: never sent one, mid-headers, or kept alive between requests) is dropped to make room, so a
// new client is always answered; only when every connection is busy is the newcomer refused.
// Connections that never completed a request go first: a kept-alive one belongs to a client that
// got answers (the dashboard, a script with the token), which would reuse it and see it hang up.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Connections in all. */
  readonly maxConnections: number;
  /** Connections from one client address (on loopback every client shares one). */
  readonly maxPerAddress: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 64,
  maxPerAddress: 32,
};

interface Tracked {
  readonly address: string;
  busy: number;
  /** Requests answered on it. */
  served: number;
}

export function guardConnections(server: Server, limits: ConnectionLimits): void {
  // Insertion order = age: the first idle one found is the oldest.
  const sockets = new Map<Socket, Tracked>();
  const oldestIdle = (address: string | null): Socket | null => {
    let kept: Socket | null = null;
    for (const [socket, tracked] of sockets) {
      if (tracked.busy > 0 || (address !== null && tracked.address !== address)) continue;
      if (tracked.served === 0) return socket;
      kept ??= socket;
    }
    return kept;
  };
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '?';
    let fromAddress = 0;
    for (const tracked of sockets.values()) if (tracked.address === address) fromAddress += 1;
    if (fromAddress >= limits.maxPerAddress) {
      const victim = oldestIdle(address);
      if (victim === null) {
        socket.destroy();
        return;
      }
      victim.destroy();
      sockets.delete(victim);
    }
    if (sockets.size >= limits.maxConnections) {
      const victim = oldestIdle(null);
      if (victim === null) {
        socket.destroy();
        return;
      }
      victim.destroy();
      sockets.delete(victim);
    }
    sockets.set(socket, { address, busy: 0, served: 0 });
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req, res) => {
    const tracked = sockets.get(req.socket);
    if (tracked === undefined) return;
    tracked.busy += 1;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      tracked.busy -= 1;
      tracked.served += 1;
    };
    res.once('finish', finish);
    res.once('close', finish);
  });
}
