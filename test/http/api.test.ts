// The HTTP API over real HTTP on 127.0.0.1, served by the watchdog `launch start` runs (sim agents
// on a private tmux socket, real git): auth on every route, bounded and validated bodies with
// nothing typed when they are refused, verified messages, restarts through the watchdog's own path,
// pause and resume, and SSE resume with Last-Event-ID across a forced disconnect.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readState } from '../../src/adapters/state-store.js';
import { sequenceOf } from '../../src/adapters/ledger-sequence.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { ofType } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';
import { bearer, jsonBody, openStream, send, type RawResponse } from './http-client.js';
import { startHttpRig, type HttpRig } from './http-rig.js';

const GREETING = 'hello from the operator';

let h: HttpRig;

beforeAll(async () => {
  h = await startHttpRig({
    builder: {
      steps: [
        { do: 'wait', match: GREETING, waitingUntilSeconds: 900 },
        { do: 'say', text: 'operator message received' },
        { do: 'declare-wait', seconds: 900 },
      ],
    },
    adversary: { steps: [{ do: 'declare-wait', seconds: 900 }] },
  });
}, 90_000);

afterAll(async () => {
  await h?.rig.dispose();
}, 90_000);

const errorOf = (response: RawResponse): string =>
  (response.json as { error?: unknown } | undefined)?.error as string;

/** Every API route, with a body where it takes one. */
const ROUTES: readonly { method: string; path: string; body?: string }[] = [
  { method: 'GET', path: '/api/status' },
  { method: 'GET', path: '/api/phases' },
  { method: 'GET', path: '/api/events' },
  { method: 'GET', path: '/api/events?since=1' },
  { method: 'GET', path: '/api/events/stream' },
  { method: 'GET', path: '/api/sessions/builder/pane' },
  {
    method: 'POST',
    path: '/api/sessions/builder/message',
    body: JSON.stringify({ text: GREETING }),
  },
  { method: 'POST', path: '/api/sessions/adversary/restart', body: '{}' },
  { method: 'GET', path: '/api/pause' },
  { method: 'POST', path: '/api/pause', body: '{}' },
  { method: 'POST', path: '/api/resume', body: '{}' },
  { method: 'GET', path: '/api/no-such-route' },
  { method: 'DELETE', path: '/api/status' },
];

const operatorEvents = (): LedgerEvent[] =>
  h.rig
    .events()
    .filter(
      (event) =>
        event.type === 'operator-message' ||
        (event.type === 'message-not-delivered' && event.purpose === 'operator') ||
        event.reason === 'operator',
    );

describe('the HTTP API', { timeout: 60_000 }, () => {
  it('`launch status --url` prints the address and where the token is', async () => {
    const plain = await h.rig.launch(['status', '--url']);
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(plain.stdout).toContain(`http://127.0.0.1:${h.address.port}/`);
    expect(plain.stdout).toContain(join(h.rig.logDir, 'http.token'));
    expect(plain.stdout).toMatch(/Authorization: Bearer \$\(cat .*http\.token/);
    const json = await h.rig.launch(['status', '--url', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      url: `http://127.0.0.1:${h.address.port}/`,
      tokenFile: join(h.rig.logDir, 'http.token'),
    });
    expect(statSync(join(h.rig.logDir, 'http.token')).mode & 0o777).toBe(0o600);
  });

  it('answers 401 on every route without the token or with a wrong one, and types nothing', async () => {
    const wrong: Record<string, string>[] = [
      {},
      { Authorization: `Bearer ${h.token}x` },
      { Authorization: `Bearer ${h.token.slice(0, -1)}` },
      { Authorization: 'Bearer ' },
      { Authorization: `Basic ${Buffer.from(`launch:${h.token}`).toString('base64')}` },
      { Authorization: h.token },
    ];
    for (const route of ROUTES) {
      for (const headers of wrong) {
        const response = await send(h.base, {
          method: route.method,
          path: route.path,
          headers: { ...headers, ...(route.body ? { 'Content-Type': 'application/json' } : {}) },
          ...(route.body ? { body: route.body } : {}),
        });
        expect(
          response.status,
          `${route.method} ${route.path} with ${JSON.stringify(headers)}`,
        ).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="launch"');
        expect(errorOf(response)).toMatch(/token/);
      }
    }
    expect(operatorEvents()).toEqual([]);
    expect(existsSync(join(h.rig.logDir, 'STOP'))).toBe(false);
  });

  it('serves the page without a token, refuses other origins and hosts, sends no CORS headers', async () => {
    const page = await send(h.base, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.text).toContain('id="token-form"');
    expect(page.text).not.toContain('__NONCE__');
    expect(page.text).not.toContain(h.token);

    const foreign = await send(h.base, {
      method: 'POST',
      path: '/api/pause',
      headers: { ...bearer(h.token), Origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(errorOf(foreign)).toMatch(/cross-origin/);
    const preflight = await send(h.base, {
      method: 'OPTIONS',
      path: '/api/pause',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    for (const response of [page, foreign, preflight])
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const rebound = await send(h.base, {
      path: '/api/status',
      headers: { ...bearer(h.token), Host: `evil.example:${h.address.port}` },
    });
    expect(rebound.status).toBe(403);
    expect(existsSync(join(h.rig.logDir, 'STOP'))).toBe(false);
  });

  it('GET /api/status is the `status --json` document; /api/phases the sequence', async () => {
    const response = await send(h.base, { path: '/api/status', headers: bearer(h.token) });
    expect(response.status).toBe(200);
    const cli = await h.rig.launch(['status', '--json']);
    const expected = JSON.parse(cli.stdout) as Record<string, unknown>;
    const body = response.json as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(Object.keys(expected).sort());
    expect(body.phase).toEqual(expected.phase);
    expect(body).toMatchObject({
      sequenceComplete: false,
      watchdog: { running: true },
      sessions: [{ role: 'builder' }, { role: 'adversary' }],
    });

    const phases = await send(h.base, { path: '/api/phases', headers: bearer(h.token) });
    expect(phases.json).toMatchObject({
      current: 0,
      sequenceComplete: false,
      phases: [
        { id: 'p1', current: true, done: false },
        { id: 'p2', current: false },
        { id: 'p3', current: false },
      ],
    });
  });

  it('refuses oversized and malformed bodies with 400 and a message; nothing is typed', async () => {
    const panesBefore = {
      builder: await h.rig.capture('builder'),
      adversary: await h.rig.capture('adversary'),
    };
    const message = '/api/sessions/builder/message';
    const json = { ...bearer(h.token), 'Content-Type': 'application/json' };
    const cases: {
      what: string;
      path?: string;
      headers?: Record<string, string>;
      body: string;
      error: RegExp;
    }[] = [
      {
        what: 'oversized',
        body: JSON.stringify({ text: `${GREETING} ${'x'.repeat(20_000)}` }),
        error: /larger than 16384 bytes/,
      },
      {
        what: 'over the message limit',
        body: JSON.stringify({ text: `${GREETING} ${'y'.repeat(4100)}` }),
        error: /body\.text: .*4000/,
      },
      { what: 'not JSON', body: `{"text": "${GREETING}"`, error: /not valid JSON/ },
      { what: 'not an object', body: JSON.stringify([GREETING]), error: /body: / },
      { what: 'wrong type', body: JSON.stringify({ text: 42 }), error: /body\.text/ },
      { what: 'unknown key', body: JSON.stringify({ text: GREETING, sudo: true }), error: /sudo/ },
      { what: 'blank', body: JSON.stringify({ text: '   ' }), error: /blank/ },
      { what: 'missing text', body: '{}', error: /body\.text/ },
      {
        what: 'a control character',
        body: JSON.stringify({ text: `${GREETING}\u0003` }),
        error: /control characters/,
      },
      {
        what: 'text that reads as a limit banner',
        body: JSON.stringify({
          text: `${GREETING}: You've hit your limit · resets 3pm (America/New_York)`,
        }),
        error: /usage-limit banner/,
      },
      {
        what: 'not declared as JSON',
        headers: { ...bearer(h.token), 'Content-Type': 'text/plain' },
        body: JSON.stringify({ text: GREETING }),
        error: /Content-Type: application\/json/,
      },
      {
        what: 'restart with a wrong field',
        path: '/api/sessions/builder/restart',
        body: JSON.stringify({ force: 'yes' }),
        error: /body\.force/,
      },
      {
        what: 'pause with junk',
        path: '/api/pause',
        body: '{"pause": true',
        error: /not valid JSON/,
      },
    ];
    for (const item of cases) {
      const response = await send(h.base, {
        method: 'POST',
        path: item.path ?? message,
        headers: item.headers ?? json,
        body: item.body,
      });
      expect(response.status, item.what).toBe(400);
      expect(errorOf(response), item.what).toMatch(item.error);
    }
    // A declared Content-Length over the bound is refused before the body is read.
    const declared = await send(h.base, {
      method: 'POST',
      path: message,
      headers: { ...json, 'Content-Length': String(10 * 1024 * 1024) },
      body: JSON.stringify({ text: GREETING }),
      timeoutMs: 10_000,
    });
    expect(declared.status).toBe(400);
    expect(errorOf(declared)).toMatch(/larger than 16384 bytes/);

    // Let the watchdog tick a few times: a refused request never reached its queue.
    const tick = statSync(join(h.rig.logDir, 'state.json')).mtimeMs;
    await waitFor(
      'two more ticks',
      () => statSync(join(h.rig.logDir, 'state.json')).mtimeMs > tick + 1000,
      {
        timeoutMs: 15_000,
      },
    );
    expect(operatorEvents()).toEqual([]);
    for (const role of ['builder', 'adversary'] as const) {
      const pane = await h.rig.capture(role);
      expect(pane).not.toContain(GREETING);
      expect(pane).not.toContain('operator message received');
      expect(pane.split('\n').slice(-3)).toEqual(panesBefore[role].split('\n').slice(-3));
    }
    expect(existsSync(join(h.rig.logDir, 'STOP'))).toBe(false);
  });

  it('404s an unknown role and a role this run does not watch', async () => {
    const unknown = await send(h.base, {
      method: 'POST',
      path: '/api/sessions/nobody/restart',
      ...jsonBody(h.token, {}),
    });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown)).toMatch(/unknown role "nobody"/);
    const unwatched = await send(h.base, {
      method: 'POST',
      path: '/api/sessions/orchestrator/message',
      ...jsonBody(h.token, { text: GREETING }),
    });
    expect(unwatched.status).toBe(404);
    expect(errorOf(unwatched)).toMatch(/not part of this run/);
  });

  it('types a message with verified delivery and records it', async () => {
    const response = await send(h.base, {
      method: 'POST',
      path: '/api/sessions/builder/message',
      ...jsonBody(h.token, { text: `  ${GREETING}\n  (sent over HTTP)  ` }),
    });
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ role: 'builder', result: 'delivered' });
    expect((response.json as { detail: string }).detail).toMatch(/^delivered in /);
    await waitFor('the builder got the message', async () =>
      (await h.rig.capture('builder')).includes('operator message received'),
    );
    const recorded = ofType(h.rig.events(), 'operator-message', 'builder');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.reason).toContain(`${GREETING} (sent over HTTP)`);

    const pane = await send(h.base, {
      path: '/api/sessions/builder/pane?lines=200',
      headers: bearer(h.token),
    });
    expect(pane.json).toMatchObject({ role: 'builder', running: true });
    expect((pane.json as { text: string }).text).toContain('operator message received');
  });

  it('restarts a session through the watchdog: ledger reason `operator`, state kept truthful', async () => {
    const before = h.rig.events().length;
    const response = await send(h.base, {
      method: 'POST',
      path: '/api/sessions/adversary/restart',
      ...jsonBody(h.token, {}),
    });
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ role: 'adversary', result: 'restarted' });
    const restarted = ofType(h.rig.events().slice(before), 'session-restarted', 'adversary');
    expect(restarted).toHaveLength(1);
    expect(restarted[0]).toMatchObject({ reason: 'operator', why: 'requested by the operator' });
    const state = readState(h.rig.logDir);
    expect(state.ok && state.value.sessions.adversary?.why).toBe(
      'restarted: requested by the operator',
    );
    // Not counted towards crash-loop protection.
    expect(state.ok && state.value.sessions.adversary?.restarts).toEqual([]);
  });

  it('pauses and resumes through the STOP file; the watchdog records both', async () => {
    const paused = await send(h.base, {
      method: 'POST',
      path: '/api/pause',
      ...jsonBody(h.token, { note: 'lunch' }),
    });
    expect(paused.status).toBe(200);
    expect(paused.json).toMatchObject({ paused: true });
    expect((paused.json as { note: string }).note).toMatch(/lunch/);
    expect(existsSync(join(h.rig.logDir, 'STOP'))).toBe(true);
    await h.rig.waitForEvent('the watchdog pauses', (event) => event.type === 'paused', 15_000);
    const state = await send(h.base, { path: '/api/pause', headers: bearer(h.token) });
    expect(state.json).toMatchObject({ paused: true });

    const resumed = await send(h.base, {
      method: 'POST',
      path: '/api/resume',
      headers: bearer(h.token),
    });
    expect(resumed.json).toMatchObject({ paused: false, since: null });
    expect(existsSync(join(h.rig.logDir, 'STOP'))).toBe(false);
    await h.rig.waitForEvent('the watchdog resumes', (event) => event.type === 'resumed', 15_000);
  });

  it('streams ledger lines with ids; a reconnect with Last-Event-ID loses none across a forced disconnect', async () => {
    const first = openStream(h.base, h.token);
    expect(await first.status).toBe(200);
    // Make events while connected: a pause and a resume.
    await send(h.base, { method: 'POST', path: '/api/pause', headers: bearer(h.token) });
    await waitFor('the stream delivers the pause', () =>
      first.messages.some(
        (message) => message.event === 'ledger' && message.data.includes('"paused"'),
      ),
    );
    first.destroy(); // forced disconnect, as a dropped network would
    await first.closed;
    const lastId = [...first.messages].reverse().find((message) => message.id !== null)?.id;
    expect(lastId).toMatch(/^\d+$/);

    // While nobody listens: resume, a message, and a refused restart-free message.
    await send(h.base, { method: 'POST', path: '/api/resume', headers: bearer(h.token) });
    await h.rig.waitForEvent(
      'resumed while disconnected',
      (e) => e.type === 'resumed' && (sequenceOf(e) ?? 0) > Number(lastId),
    );
    await send(h.base, {
      method: 'POST',
      path: '/api/sessions/adversary/message',
      ...jsonBody(h.token, { text: 'noted, carry on' }),
    });
    const missedUpTo = Math.max(...h.rig.events().map((event) => sequenceOf(event) ?? 0));
    expect(missedUpTo).toBeGreaterThan(Number(lastId));

    const second = openStream(h.base, h.token, { lastEventId: lastId ?? '' });
    expect(await second.status).toBe(200);
    // And a live one after the reconnect.
    await send(h.base, { method: 'POST', path: '/api/pause', headers: bearer(h.token) });
    await h.rig.waitForEvent(
      'paused again',
      (e) => e.type === 'paused' && (sequenceOf(e) ?? 0) > missedUpTo,
    );
    await send(h.base, { method: 'POST', path: '/api/resume', headers: bearer(h.token) });
    const finalSeq = await waitFor('a live event after the backlog', () => {
      const ids = second.messages.flatMap((message) =>
        message.id === null ? [] : [Number(message.id)],
      );
      const top = Math.max(0, ...ids);
      return top > missedUpTo ? top : null;
    });
    second.destroy();

    const received = [...first.messages, ...second.messages].filter(
      (message) => message.event === 'ledger',
    );
    const ids = received.map((message) => Number(message.id));
    // Every id once, in order, and every ledger line from the first one seen up to the last.
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const ledgerIds = h.rig
      .events()
      .map((event) => sequenceOf(event))
      .filter((seq): seq is number => seq !== null && seq >= (ids[0] ?? 0) && seq <= finalSeq);
    expect(ids.filter((id) => id <= finalSeq)).toEqual(ledgerIds);
    for (const message of received) {
      const event = JSON.parse(message.data) as LedgerEvent;
      expect(sequenceOf(event)).toBe(Number(message.id));
    }
    expect(second.messages.some((message) => message.event === 'gap')).toBe(false);
  });

  it('pages the ledger with ?since= a sequence number or an instant; rejects a malformed one', async () => {
    const all = h.rig.events();
    const pivot = sequenceOf(all[Math.floor(all.length / 2)] ?? all[0]!) ?? 1;
    const after = await send(h.base, {
      path: `/api/events?since=${pivot}&limit=5`,
      headers: bearer(h.token),
    });
    const body = after.json as { events: LedgerEvent[]; more: boolean; last: number };
    expect(body.events.map((event) => sequenceOf(event))).toEqual([
      pivot + 1,
      pivot + 2,
      pivot + 3,
      pivot + 4,
      pivot + 5,
    ]);
    expect(body.more).toBe(true);
    expect(body.last).toBeGreaterThan(pivot);
    const since = all.find((event) => sequenceOf(event) === pivot)?.ts ?? '';
    const byTime = await send(h.base, {
      path: `/api/events?since=${since}&limit=1000`,
      headers: bearer(h.token),
    });
    const timed = (byTime.json as { events: LedgerEvent[] }).events;
    expect(timed.every((event) => event.ts >= since)).toBe(true);
    expect(timed.some((event) => sequenceOf(event) === pivot)).toBe(true);
    for (const bad of ['yesterday', '-1', '1e3', '2026-13-45T00:00:00Z']) {
      const response = await send(h.base, {
        path: `/api/events?since=${encodeURIComponent(bad)}`,
        headers: bearer(h.token),
      });
      expect(response.status, bad).toBe(400);
      expect(errorOf(response)).toMatch(/query\.since/);
    }
    const badId = await send(h.base, {
      path: '/api/events/stream',
      headers: { ...bearer(h.token), 'Last-Event-ID': 'abc' },
    });
    expect(badId.status).toBe(400);
    expect(errorOf(badId)).toMatch(/Last-Event-ID/);
  });
});
