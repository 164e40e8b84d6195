// Notifications against real receivers on 127.0.0.1 and real commands: what is sent for which
// events, that `notify` never waits, timeouts and bounded retries, failure streaks reported once,
// and NOTIFY_COMMAND getting the document on stdin (argv, no shell).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/adapters/webhook.js';
import { notifierFor } from '../../src/notify/channels.js';
import type { NotifyDocument } from '../../src/notify/document.js';
import { notifyKindOf, selectedKinds } from '../../src/notify/kinds.js';
import type { Notifier, NotifierReport } from '../../src/notify/notifier.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { startReceiver, type ReceiverHandler } from '../helpers/http-receiver.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

type Handler = ReceiverHandler;
const receiver = startReceiver;

const answer =
  (status: number): Handler =>
  (_request, _body, response) => {
    response.writeHead(status).end('ok');
  };
const hang: Handler = () => undefined;

const event = (type: string, extra: Partial<LedgerEvent> = {}): LedgerEvent => ({
  ts: new Date().toISOString(),
  type,
  ...extra,
});

type NotifySettings = Parameters<typeof notifierFor>[0];

const SETTINGS: NotifySettings = {
  notifyWebhook: null,
  notifyCommand: null,
  notifyOn: ['all'],
  notifyTimeout: 0.5,
  notifyRetries: 2,
  sessionPrefix: 'loop',
  planDir: '/tmp',
};

function makeNotifier(
  settings: Partial<NotifySettings>,
  reports: NotifierReport[] = [],
  extra: { skipTypes?: ReadonlySet<string> } = {},
): Notifier {
  return notifierFor(
    { ...SETTINGS, ...settings },
    {
      now: () => Date.now(),
      report: (report) => reports.push(report),
      ...extra,
    },
  );
}

const documents = (bodies: readonly string[]): NotifyDocument[] =>
  bodies.map((body) => JSON.parse(body) as NotifyDocument);

describe('which events notify', () => {
  it('maps the ledger to the kinds NOTIFY_ON names', () => {
    const all = selectedKinds(['all']);
    expect(notifyKindOf('phase-advanced', all)).toBe('phase-done');
    expect(notifyKindOf('sequence-complete', all)).toBe('sequence-complete');
    expect(notifyKindOf('sequence-complete', selectedKinds(['phase-done']))).toBe('phase-done');
    expect(notifyKindOf('session-restarted', all)).toBe('session-rebooted');
    expect(notifyKindOf('session-start-failed', all)).toBe('session-rebooted');
    expect(notifyKindOf('ping-dropped', all)).toBe('message-not-delivered');
    expect(notifyKindOf('limit-probe', all)).toBeNull();
    expect(notifyKindOf('session-state', all)).toBeNull();
    expect(notifyKindOf('limit-armed', selectedKinds(['limit-lifted']))).toBeNull();
  });
});

describe('the webhook', () => {
  it('is shown in logs without its secret path', () => {
    expect(redactUrl('https://hooks.slack.com/services/T000/B000/XXXXSECRET')).toBe(
      'https://hooks.slack.com/…',
    );
    expect(redactUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(redactUrl('https://ntfy.sh/topic?auth=secret')).toBe('https://ntfy.sh/…');
  });

  it('gets one document per selected event, in order, with the event and a line of text', async () => {
    const hook = await receiver(answer(200));
    const notifier = makeNotifier({
      notifyWebhook: hook.url,
      notifyOn: ['limit-armed', 'limit-lifted', 'phase-done'],
    });
    notifier.notify([
      event('limit-armed', { role: 'builder', until: '2026-11-22T15:00:45.000Z' }),
      event('session-state', { role: 'builder' }),
      event('limit-lifted', { role: 'builder', reason: 'working again' }),
      event('watchdog-stopped'),
      event('sequence-complete', { phase: 'p2' }),
    ]);
    await notifier.close(5_000);
    const sent = documents(hook.bodies);
    expect(sent.map((document) => [document.kind, document.event.type])).toEqual([
      ['limit-armed', 'limit-armed'],
      ['limit-lifted', 'limit-lifted'],
      ['phase-done', 'sequence-complete'],
    ]);
    expect(sent[1]).toMatchObject({
      source: 'launch',
      prefix: 'loop',
      planDir: '/tmp',
      role: 'builder',
      suppressed: 0,
      event: { type: 'limit-lifted', reason: 'working again' },
    });
    expect(sent[1]?.text).toMatch(/^launch loop@\S+: builder: resumed — working again$/);
  });

  it('never makes notify wait, and gives up on a receiver that hangs after timeout × attempts', async () => {
    const hook = await receiver(hang);
    const reports: NotifierReport[] = [];
    const notifier = makeNotifier({ notifyWebhook: hook.url, notifyRetries: 1 }, reports);
    const started = performance.now();
    notifier.notify([event('watchdog-started'), event('session-restarted', { role: 'builder' })]);
    expect(performance.now() - started).toBeLessThan(50);
    // Two notifications × (1 + 1 retry) attempts, 0.5 s each, 1 s between: ≈ 3 s, all in order.
    await waitFor('every attempt', () => hook.bodies.length === 4, { timeoutMs: 15_000 });
    await waitFor('the failure report', () => reports.length === 1);
    expect(reports[0]).toMatchObject({ kind: 'failing', channel: 'webhook' });
    expect(reports[0]?.kind === 'failing' && reports[0].detail).toMatch(
      /did not answer within 0.5s/,
    );
    const closing = performance.now();
    notifier.notify([event('watchdog-stopped')]);
    await notifier.close(300);
    expect(performance.now() - closing).toBeLessThan(2_000);
  }, 30_000);

  it('retries a 500 a bounded number of times, reports the streak once and the recovery once', async () => {
    const hook = await receiver(answer(500));
    const reports: NotifierReport[] = [];
    const notifier = makeNotifier({ notifyWebhook: hook.url, notifyRetries: 2 }, reports);
    notifier.notify([
      event('limit-armed', { role: 'builder' }),
      event('limit-lifted', { role: 'builder' }),
    ]);
    await waitFor('3 attempts for each of 2 notifications', () => hook.bodies.length === 6, {
      timeoutMs: 20_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hook.bodies.length).toBe(6);
    expect(reports).toEqual([
      {
        kind: 'failing',
        channel: 'webhook',
        detail: `${hook.url.replace('/hook', '/…')} answered HTTP 500`,
      },
    ]);
    hook.handler = answer(204);
    notifier.notify([event('phase-advanced', { from: 'p1', to: 'p2' })]);
    await notifier.close(5_000);
    expect(reports).toEqual([
      {
        kind: 'failing',
        channel: 'webhook',
        detail: `${hook.url.replace('/hook', '/…')} answered HTTP 500`,
      },
      { kind: 'recovered', channel: 'webhook', failed: 2, dropped: 0 },
    ]);
    expect(documents(hook.bodies).at(-1)?.kind).toBe('phase-done');
  }, 30_000);

  it('does not retry an answer that retrying cannot fix (404)', async () => {
    const hook = await receiver(answer(404));
    const reports: NotifierReport[] = [];
    const notifier = makeNotifier({ notifyWebhook: hook.url }, reports);
    notifier.notify([event('backoff-entered', { role: 'adversary' })]);
    await notifier.close(5_000);
    expect(hook.bodies).toHaveLength(1);
    expect(reports).toMatchObject([
      { kind: 'failing', detail: `${hook.url.replace('/hook', '/…')} answered HTTP 404` },
    ]);
  });

  it('holds back repeats of an undelivered message and counts them in the next one', async () => {
    const hook = await receiver(answer(200));
    let now = Date.parse('2026-11-22T10:00:00Z');
    const notifier = notifierFor(
      { ...SETTINGS, notifyWebhook: hook.url },
      { now: () => now, report: () => undefined },
    );
    const miss = () =>
      event('message-not-delivered', { role: 'orchestrator', purpose: 'wake', detail: 'x' });
    notifier.notify([miss()]);
    for (let tick = 0; tick < 5; tick++) {
      now += 30_000;
      notifier.notify([miss()]);
    }
    notifier.notify([event('message-not-delivered', { role: 'builder', purpose: 'ping' })]);
    now += 15 * 60_000;
    notifier.notify([miss()]);
    await notifier.close(5_000);
    expect(documents(hook.bodies).map((document) => [document.role, document.suppressed])).toEqual([
      ['orchestrator', 0],
      ['builder', 0],
      ['orchestrator', 5],
    ]);
  });

  it('skips the given types (a --once tick’s own start and stop)', async () => {
    const hook = await receiver(answer(200));
    const notifier = makeNotifier({ notifyWebhook: hook.url }, [], {
      skipTypes: new Set(['watchdog-started', 'watchdog-stopped']),
    });
    notifier.notify([
      event('watchdog-started'),
      event('phase-advanced'),
      event('watchdog-stopped'),
    ]);
    await notifier.close(5_000);
    expect(documents(hook.bodies).map((document) => document.kind)).toEqual(['phase-done']);
  });
});

describe('NOTIFY_COMMAND', () => {
  /** A script that appends its stdin, argv and environment to a file. */
  function recorder(dir: string, exitCode = 0): { argv: string[]; out: string } {
    const script = join(dir, 'record.mjs');
    const out = join(dir, 'received.jsonl');
    writeFileSync(
      script,
      `import { appendFileSync, readFileSync } from 'node:fs';
const stdin = readFileSync(0, 'utf8');
appendFileSync(${JSON.stringify(out)}, JSON.stringify({ stdin, argv: process.argv.slice(2), kind: process.env.LAUNCH_NOTIFY_KIND, cwd: process.cwd() }) + '\\n');
process.exitCode = ${exitCode};
`,
    );
    // Arguments a shell would mangle reach it as they are.
    return { argv: [process.execPath, script, 'a b', '$HOME', '; rm -rf /'], out };
  }

  const received = (out: string) =>
    readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { stdin: string; argv: string[]; kind: string; cwd: string },
      );

  it('gets the document as JSON on stdin, its argv untouched, no shell', async () => {
    const dir = tempDir();
    const { argv, out } = recorder(dir);
    const notifier = makeNotifier({ notifyCommand: argv, planDir: dir, notifyTimeout: 10 });
    notifier.notify([event('session-restarted', { role: 'builder', reason: 'stall' })]);
    await notifier.close(10_000);
    const [call] = received(out);
    expect(call?.argv).toEqual(['a b', '$HOME', '; rm -rf /']);
    expect(call?.kind).toBe('session-rebooted');
    expect(call?.cwd).toBe(dir);
    expect(call?.stdin.endsWith('\n')).toBe(true);
    expect(JSON.parse(call?.stdin ?? '')).toMatchObject({
      kind: 'session-rebooted',
      role: 'builder',
      event: { type: 'session-restarted', reason: 'stall' },
    });
  });

  it('retries a failing command, kills one that hangs at the timeout, never retries a missing one', async () => {
    const dir = tempDir();
    const failing = recorder(dir, 3);
    const reports: NotifierReport[] = [];
    const notifier = makeNotifier(
      { notifyCommand: failing.argv, planDir: dir, notifyRetries: 1, notifyTimeout: 10 },
      reports,
    );
    notifier.notify([event('limit-armed', { role: 'builder' })]);
    await notifier.close(10_000);
    expect(received(failing.out)).toHaveLength(2);
    expect(reports[0]).toMatchObject({ kind: 'failing', channel: 'command' });
    expect(reports[0]?.kind === 'failing' && reports[0].detail).toMatch(/exited with 3/);

    const hangs = makeNotifier(
      {
        notifyCommand: [process.execPath, '-e', 'setTimeout(() => {}, 60000)'],
        notifyRetries: 0,
        notifyTimeout: 0.5,
      },
      reports,
    );
    const started = performance.now();
    hangs.notify([event('limit-armed')]);
    await waitFor('the timeout report', () => reports.length === 2, { timeoutMs: 10_000 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(reports[1]?.kind === 'failing' && reports[1].detail).toMatch(
      /did not finish within 0.5s/,
    );
    await hangs.close(1_000);

    const missing = makeNotifier({ notifyCommand: [join(dir, 'no-such-command')] }, reports);
    missing.notify([event('limit-armed')]);
    await missing.close(5_000);
    expect(reports[2]).toMatchObject({ kind: 'failing', channel: 'command' });
  }, 30_000);
});
