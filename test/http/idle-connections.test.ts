// Idle and half-open connections cannot lock the token-holder out of the HTTP API: 64 sockets
// opened on 127.0.0.1 and left silent (or stopped mid-headers), then an authorised request — over
// real sockets, against the real server.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLedgerFeed } from '../../src/adapters/ledger-feed.js';
import type { ControlPort } from '../../src/http/control-port.js';
import { dashboardPage } from '../../src/http/serve-watchdog.js';
import { startHttpServer } from '../../src/http/server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { bearer, send } from './http-client.js';

const TOKEN = 'test-token-0123456789abcdef';
let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function server(): Promise<string> {
  const events = createLedgerFeed(tempDir(), { bufferSize: 10 });
  cleanups.push(() => events.close());
  const refuse = (): Promise<never> => Promise.reject(new Error('not in this test'));
  const control: ControlPort = {
    status: refuse,
    phases: () => ({ source: 'test', current: 0, sequenceComplete: false, phases: [] }),
    pauseState: () => ({ paused: false, since: null, note: null }),
    pause: () => ({ paused: true, since: null, note: null }),
    resume: () => ({ paused: false, since: null, note: null }),
    pane: refuse,
    message: refuse,
    restart: refuse,
    events,
  };
  const started = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    control,
    page: dashboardPage(),
  });
  if (!started.ok) throw new Error(started.error);
  cleanups.push(() => started.value.close());
  return `http://127.0.0.1:${started.value.port}`;
}

/** `count` connections, each connected, then left as `behave` leaves them. */
async function openIdle(base: string, count: number, behave: (socket: Socket) => void) {
  const port = Number(new URL(base).port);
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
          socket.on('error', () => undefined);
          socket.once('error', reject);
          socket.resume(); // read whatever comes, so the server's close shows as 'close'
        }),
    ),
  );
  for (const socket of sockets) behave(socket);
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
  });
  return sockets;
}

async function timedPhases(base: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const answer = await send(base, {
    path: '/api/phases',
    headers: bearer(TOKEN),
    timeoutMs: 30_000,
  });
  return { status: answer.status, ms: Math.round(performance.now() - started) };
}

describe('idle connections', () => {
  it('64 silent connections: the token-holder is answered at once, the idle ones are dropped fast', async () => {
    const base = await server();
    const idle = await openIdle(base, 64, () => undefined);
    const answer = await timedPhases(base);
    console.log(`64 silent connections: an authorised request answered in ${answer.ms} ms`);
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(2_000);
    // headersTimeout 5 s, checked every second: none of them lingers for Node's 30 s sweep.
    const started = performance.now();
    await waitFor(
      'every silent connection is closed by the server',
      () => idle.every((socket) => socket.destroyed || socket.readableEnded),
      { timeoutMs: 15_000 },
    );
    console.log(
      `  and all 64 were closed after ${Math.round(performance.now() - started)} ms more`,
    );
  });

  it('64 connections stopped mid-headers (slowloris), twice over: still answered', async () => {
    const base = await server();
    const host = new URL(base).host;
    const partial = (socket: Socket): void => {
      socket.write(`GET /api/phases HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `);
    };
    await openIdle(base, 64, partial);
    await openIdle(base, 64, partial);
    const answers = [await timedPhases(base), await timedPhases(base), await timedPhases(base)];
    console.log(`128 half-sent requests: answered in ${answers.map((a) => a.ms).join(', ')} ms`);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.ms).toBeLessThan(2_000);
    }
  });

  it('a keep-alive client that went quiet gives way too', async () => {
    const base = await server();
    const host = new URL(base).host;
    // Each sends one full request (keep-alive) and then nothing more.
    await openIdle(base, 64, (socket) => {
      socket.write(
        `GET /api/phases HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`,
      );
    });
    const answer = await timedPhases(base);
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(2_000);
  });
});
