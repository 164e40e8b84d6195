// The HTTP server in-process over real HTTP on 127.0.0.1, driven through a ControlPort of the test's
// own (real ledger files, scripted answers): reply mapping, limits, methods, the event stream's
// resume and gap reporting across a rotation, closing; plus the token file and where to listen.
import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createLedgerFeed, type EventFeed } from '../../src/adapters/ledger-feed.js';
import { appendEvents, ledgerPath } from '../../src/adapters/ledger.js';
import type { ControlPort, ControlReply, PauseView } from '../../src/http/control-port.js';
import { chooseListen, dashboardPage } from '../../src/http/serve-watchdog.js';
import { startHttpServer, type RunningHttpServer } from '../../src/http/server.js';
import { bearerToken, ensureToken, tokenMatches } from '../../src/http/token.js';
import type { StatusView } from '../../src/status/status-view.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { bearer, jsonBody, openStream, send, type SseReader } from './http-client.js';

const TOKEN = 'test-token-0123456789abcdef';

/** What the test's ControlPort does: its calls, and what message/restart and status answer. */
interface Script {
  readonly calls: string[];
  next: ControlReply;
  status: () => Promise<StatusView>;
}

interface Harness extends Script {
  readonly base: string;
  readonly logDir: string;
  readonly server: RunningHttpServer;
}

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function harness(
  options: { maxStreams?: number; bufferSize?: number } = {},
): Promise<Harness> {
  const logDir = tempDir();
  const events: EventFeed = createLedgerFeed(logDir, { bufferSize: options.bufferSize ?? 100 });
  cleanups.push(() => events.close());
  let paused: PauseView = { paused: false, since: null, note: null };
  const script: Script = {
    calls: [],
    next: { kind: 'message', role: 'builder', delivered: true, detail: 'delivered in 0.1s' },
    status: () => Promise.reject(new Error('no status in this test')),
  };
  const control: ControlPort = {
    status: () => script.status(),
    phases: () => ({ source: 'test', current: 0, sequenceComplete: false, phases: [] }),
    pauseState: () => paused,
    pause: (note) => {
      script.calls.push(`pause ${note ?? ''}`);
      paused = { paused: true, since: '2026-03-01T12:00:00.000Z', note };
      return paused;
    },
    resume: () => {
      script.calls.push('resume');
      paused = { paused: false, since: null, note: null };
      return paused;
    },
    pane: (role, lines) =>
      Promise.resolve({
        role,
        session: `t-${role}`,
        running: true,
        text: `${lines} lines`,
        capturedAt: '',
      }),
    message: (role, text) => {
      script.calls.push(`message ${role} ${text}`);
      return Promise.resolve(script.next);
    },
    restart: (role, force) => {
      script.calls.push(`restart ${role} ${force}`);
      return Promise.resolve(script.next);
    },
    events,
  };
  const started = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    control,
    page: dashboardPage(),
    limits: { maxStreams: options.maxStreams ?? 4, heartbeatMs: 200 },
    onError: (error) => script.calls.push(`error ${(error as Error).message}`),
  });
  if (!started.ok) throw new Error(started.error);
  cleanups.push(() => started.value.close());
  return Object.assign(script, {
    base: `http://127.0.0.1:${started.value.port}`,
    logDir,
    server: started.value,
  });
}

const post = (h: Harness, path: string, body: unknown) =>
  send(h.base, { method: 'POST', path, ...jsonBody(TOKEN, body) });
const ids = (reader: SseReader): number[] =>
  reader.messages
    .filter((message) => message.event === 'ledger')
    .map((message) => Number(message.id));

describe('the HTTP server', () => {
  it('maps operator answers to status codes, with a JSON message for every refusal', async () => {
    const h = await harness();
    const cases: { next: ControlReply; status: number; body: Record<string, unknown> }[] = [
      {
        next: {
          kind: 'message',
          role: 'builder',
          delivered: false,
          detail: 'not delivered (not-ready): x',
        },
        status: 200,
        body: { role: 'builder', result: 'not-delivered', detail: 'not delivered (not-ready): x' },
      },
      {
        next: { kind: 'refused', status: 'invalid', message: 'reword it' },
        status: 400,
        body: { error: 'reword it' },
      },
      {
        next: { kind: 'refused', status: 'not-found', message: 'not in run' },
        status: 404,
        body: { error: 'not in run' },
      },
      {
        next: { kind: 'refused', status: 'conflict', message: 'limited' },
        status: 409,
        body: { error: 'limited' },
      },
      {
        next: { kind: 'refused', status: 'unavailable', message: 'stopping' },
        status: 503,
        body: { error: 'stopping' },
      },
    ];
    for (const item of cases) {
      h.next = item.next;
      const response = await post(h, '/api/sessions/builder/message', { text: 'hi' });
      expect(response.status).toBe(item.status);
      expect(response.json).toEqual(item.body);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
    }
    h.next = { kind: 'restart', role: 'adversary', restarted: true, detail: 'kickoff k.txt' };
    const restarted = await post(h, '/api/sessions/adversary/restart', { force: true });
    expect(restarted.json).toEqual({
      role: 'adversary',
      result: 'restarted',
      detail: 'kickoff k.txt',
    });
    expect(h.calls).toContain('restart adversary true');
  });

  it('refuses a body over the bound even without a Content-Length, and reads no further', async () => {
    const h = await harness();
    // Chunked (no Content-Length): the bound is enforced as the bytes arrive.
    const response = await send(h.base, {
      method: 'POST',
      path: '/api/sessions/builder/message',
      headers: {
        ...bearer(TOKEN),
        'Content-Type': 'application/json',
        'Transfer-Encoding': 'chunked',
      },
      body: JSON.stringify({ text: 'y'.repeat(40_000) }),
    }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    if (response instanceof Error) {
      // The server may close the socket before the client has finished sending: also a refusal.
      expect(response.message).toMatch(/EPIPE|ECONNRESET|socket hang up/);
    } else {
      expect(response.status).toBe(400);
      expect(response.headers.connection).toBe('close');
    }
    expect(h.calls.filter((call) => call.startsWith('message'))).toEqual([]);
  });

  it('answers methods, unknown paths and failures as JSON', async () => {
    const h = await harness();
    const wrongMethod = await send(h.base, {
      method: 'PUT',
      path: '/api/pause',
      headers: bearer(TOKEN),
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, POST');
    const unknown = await send(h.base, { path: '/api/nothing', headers: bearer(TOKEN) });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: 'no API route GET /api/nothing' });
    const page = await send(h.base, { path: '/nothing' });
    expect(page.status).toBe(404);
    const head = await send(h.base, { method: 'HEAD', path: '/' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    const lines = await send(h.base, {
      path: '/api/sessions/builder/pane?lines=9999',
      headers: bearer(TOKEN),
    });
    expect(lines.status).toBe(400);
    expect((lines.json as { error: string }).error).toMatch(/query\.lines/);
    const failing = await send(h.base, { path: '/api/status', headers: bearer(TOKEN) });
    expect(failing.status).toBe(500);
    expect(failing.json).toEqual({ error: 'internal error; see the watchdog log' });
    expect(h.calls).toContain('error no status in this test');
    // localhost names this server as well as 127.0.0.1 does.
    const port = new URL(h.base).port;
    const named = await send(h.base, {
      path: '/api/pause',
      headers: { ...bearer(TOKEN), Host: `localhost:${port}` },
    });
    expect(named.status).toBe(200);
    const sameOrigin = await send(h.base, {
      method: 'POST',
      path: '/api/pause',
      headers: { ...bearer(TOKEN), Origin: h.base },
    });
    expect(sameOrigin.status).toBe(200);
    expect(h.calls).toContain('pause ');
  });

  it('resumes the stream after N from memory or from a rotated file, and announces a gap it cannot fill', async () => {
    const h = await harness({ bufferSize: 4 });
    for (let n = 1; n <= 6; n++)
      appendEvents(h.logDir, [{ ts: new Date().toISOString(), type: 'early', n }]);
    renameSync(ledgerPath(h.logDir), `${ledgerPath(h.logDir)}.1`);
    for (let n = 7; n <= 9; n++)
      appendEvents(h.logDir, [{ ts: new Date().toISOString(), type: 'late', n }]);
    await waitFor('the feed saw 9', async () => {
      const page = await send(h.base, { path: '/api/events?since=8', headers: bearer(TOKEN) });
      return (page.json as { last: number | null }).last === 9;
    });

    const fromFile = openStream(h.base, TOKEN, { lastEventId: '2' });
    await waitFor('3..9', () => ids(fromFile).length >= 7);
    expect(ids(fromFile)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    appendEvents(h.logDir, [{ ts: new Date().toISOString(), type: 'live' }]);
    await waitFor('the live 10', () => ids(fromFile).includes(10));
    fromFile.destroy();

    rmSync(`${ledgerPath(h.logDir)}.1`);
    const gapped = openStream(h.base, TOKEN, { path: '/api/events/stream?since=2' });
    await waitFor('the gap and 7..10', () => ids(gapped).length >= 4);
    const gap = gapped.messages.find((message) => message.event === 'gap');
    expect(JSON.parse(gap?.data ?? '{}')).toMatchObject({ from: 3, to: 6 });
    expect(ids(gapped)).toEqual([7, 8, 9, 10]);
    gapped.destroy();

    // Without an id: only what comes next; heartbeats keep the connection alive meanwhile.
    const fresh = openStream(h.base, TOKEN);
    expect(await fresh.status).toBe(200);
    appendEvents(h.logDir, [{ ts: new Date().toISOString(), type: 'next' }]);
    await waitFor('11 only', () => ids(fresh).length >= 1);
    expect(ids(fresh)).toEqual([11]);
    fresh.destroy();
  });

  it('limits concurrent streams and ends them when it closes', async () => {
    const h = await harness({ maxStreams: 2 });
    const a = openStream(h.base, TOKEN);
    const b = openStream(h.base, TOKEN);
    expect([await a.status, await b.status]).toEqual([200, 200]);
    const c = openStream(h.base, TOKEN);
    expect(await c.status).toBe(503);
    await h.server.close();
    await Promise.all([a.closed, b.closed]);
  });
});

describe('the token', () => {
  it('is created 0600 once, then read back; a loosened file is tightened, a damaged one refused', () => {
    const logDir = tempDir();
    const first = ensureToken(logDir);
    if (!first.ok) throw new Error(first.error);
    expect(first.value.created).toBe(true);
    expect(first.value.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(first.value.file).mode & 0o777).toBe(0o600);
    const again = ensureToken(logDir);
    expect(again.ok && again.value).toMatchObject({
      token: first.value.token,
      created: false,
      warning: null,
    });

    chmodSync(first.value.file, 0o644);
    const loose = ensureToken(logDir);
    expect(loose.ok && loose.value.warning).toMatch(/readable by others \(mode 644\); set to 0600/);
    expect(statSync(first.value.file).mode & 0o777).toBe(0o600);

    writeFileSync(first.value.file, 'short\n');
    const damaged = ensureToken(logDir);
    expect(!damaged.ok && damaged.error).toMatch(/http\.token: expected one token/);
  });

  it('is compared in constant time and taken only from a Bearer header', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    for (const wrong of [null, '', `${TOKEN}x`, TOKEN.slice(1), TOKEN.toUpperCase()])
      expect(tokenMatches(TOKEN, wrong)).toBe(false);
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`bearer   ${TOKEN} `)).toBe(TOKEN);
    for (const header of [
      undefined,
      '',
      'Bearer',
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN} extra`,
      TOKEN,
    ])
      expect(bearerToken(header)).toBeNull();
  });
});

describe('where the watchdog listens', () => {
  const base = { flag: undefined, hostFlag: undefined, settingPort: null, shortRun: false };

  it('is nowhere unless asked, 127.0.0.1 by default, the flag over HTTP_PORT', () => {
    expect(chooseListen(base)).toEqual({ ok: true, value: null });
    expect(chooseListen({ ...base, flag: true })).toEqual({
      ok: true,
      value: { host: '127.0.0.1', port: 4777, explicit: true, warning: null },
    });
    expect(chooseListen({ ...base, settingPort: 8080 })).toMatchObject({
      value: { host: '127.0.0.1', port: 8080, explicit: false },
    });
    expect(chooseListen({ ...base, flag: '0', settingPort: 8080 })).toMatchObject({
      value: { port: 0 },
    });
  });

  it('takes another address only from --http-host, with a warning', () => {
    expect(chooseListen({ ...base, flag: '0.0.0.0:8080' })).toEqual({
      ok: false,
      error:
        '--http must be a port number from 0 to 65535, got "0.0.0.0:8080"; to listen on another address use --http-host',
    });
    expect(chooseListen({ ...base, flag: '70000' }).ok).toBe(false);
    const exposed = chooseListen({ ...base, flag: '8080', hostFlag: '0.0.0.0' });
    expect(exposed.ok && exposed.value).toMatchObject({ host: '0.0.0.0', port: 8080 });
    expect(exposed.ok && exposed.value?.warning).toMatch(/reachable from other machines/);
    expect(chooseListen({ ...base, flag: true, hostFlag: 'localhost' })).toMatchObject({
      value: { host: 'localhost', warning: null },
    });
    expect(chooseListen({ ...base, hostFlag: '0.0.0.0' })).toMatchObject({
      ok: false,
      error: /--http-host needs --http/,
    });
    expect(chooseListen({ ...base, flag: true, hostFlag: 'a b' })).toMatchObject({
      ok: false,
      error: /--http-host must be/,
    });
  });

  it('is refused with --once or --dry-run when asked for, ignored when it comes from HTTP_PORT', () => {
    expect(chooseListen({ ...base, flag: true, shortRun: true })).toMatchObject({
      ok: false,
      error: /--once or --dry-run/,
    });
    expect(chooseListen({ ...base, settingPort: 8080, shortRun: true })).toEqual({
      ok: true,
      value: null,
    });
  });
});
