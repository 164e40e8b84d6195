// 64 idle local connections to the HTTP API of the watchdog `launch start` runs (real sockets on
// 127.0.0.1), then 64 more stopped mid-headers: the token-holder is still answered at once.
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { bearer, send } from '../http/http-client.js';
import { startHttpRig } from '../http/http-rig.js';

const ROUNDS = 5;

function openMany(port: number, count: number, first: string): Promise<Socket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port }, () => {
            if (first !== '') socket.write(first);
            resolve(socket);
          });
          socket.on('error', () => undefined);
          socket.once('error', reject);
          socket.resume();
        }),
    ),
  );
}

describe('fault: idle connections to the HTTP API', () => {
  it('64 silent and 64 half-sent connections do not lock the token-holder out', async () => {
    const h = await startHttpRig({
      builder: { steps: [{ do: 'declare-wait', seconds: 3600 }] },
      adversary: { steps: [{ do: 'declare-wait', seconds: 3600 }] },
    });
    const sockets: Socket[] = [];
    try {
      const timings: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        sockets.push(...(await openMany(h.address.port, 64, '')));
        sockets.push(
          ...(await openMany(
            h.address.port,
            64,
            `GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:${h.address.port}\r\nX-Slow: `,
          )),
        );
        const started = performance.now();
        const answer = await send(h.base, {
          path: '/api/status',
          headers: bearer(h.token),
          timeoutMs: 30_000,
        });
        timings.push(Math.round(performance.now() - started));
        expect(answer.status).toBe(200);
      }
      console.log(
        `${ROUNDS} rounds of 128 idle connections: authorised /api/status answered in ${timings.join(', ')} ms`,
      );
      for (const ms of timings) expect(ms).toBeLessThan(2_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await h.rig.dispose();
    }
  });
});
