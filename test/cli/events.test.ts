// `launch events` over a prepared ledger: rendering for people (local time, session, transition,
// reason, the pane text), -n / --since / --session / --json, rotated files; and `events -f` and
// `logs -f` following across a rotation, as processes.
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseSince } from '../../src/cli/since.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { runLaunch, spawnLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const NOW = new Date('2026-11-22T06:30:00Z');

const EVENTS: LedgerEvent[] = [
  {
    ts: '2026-11-21T22:59:15.000Z',
    type: 'watchdog-started',
    pid: 3843,
    phase: 'p1',
    reason: 'signal 30s, heavy 300s, backend claude',
  },
  {
    ts: '2026-11-22T02:14:07.000Z',
    type: 'limit-armed',
    role: 'builder',
    session: 'loop-builder',
    from: 'active',
    to: 'limited',
    until: '2026-11-22T04:00:45.000Z',
    resetAt: '2026-11-22T04:00:00.000Z',
    reason: 'reset time parsed',
    matched: "You've hit your limit · resets 5am (Europe/Berlin)",
  },
  {
    ts: '2026-11-22T04:00:52.000Z',
    type: 'limit-lifted',
    role: 'builder',
    reason: 'working again',
    matched: '✻ Herding… (3s · esc to interrupt)',
  },
  {
    ts: '2026-11-22T05:31:10.000Z',
    type: 'session-restarted',
    role: 'adversary',
    reason: 'stall',
    why: 'idle 302s with no WAITING-UNTIL marker',
  },
  {
    ts: '2026-11-22T06:02:31.000Z',
    type: 'handoff-ping',
    role: 'adversary',
    reason: 'claim(g3): cache layer ready',
    detail: 'delivered in 0.4s',
  },
];

const jsonl = (events: readonly LedgerEvent[]): string =>
  events.map((event) => `${JSON.stringify(event)}\n`).join('');

/** A plan dir whose ledger is split over events.jsonl.1 and events.jsonl. */
function planWithLedger(): { plan: string; logDir: string } {
  const plan = tempDir();
  const logDir = join(plan, '.launch');
  mkdirSync(logDir, { recursive: true });
  writeFileSync(join(logDir, 'events.jsonl.1'), jsonl(EVENTS.slice(0, 3)));
  writeFileSync(join(logDir, 'events.jsonl'), jsonl(EVENTS.slice(3)));
  return { plan, logDir };
}

async function events(
  plan: string,
  args: readonly string[],
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['events', ...args], {
    env: { TZ: 'Europe/Berlin' },
    cwd: plan,
    io: {
      out: (text) => (out += text),
      err: (text) => (err += text),
      isTTY: false,
      color: false,
    },
    now: () => NOW,
    launchBin: '/bin/false',
  });
  return { code, out, err };
}

describe('launch events', () => {
  it('renders the ledger for people, across the rotated file, in local time', async () => {
    const { plan } = planWithLedger();
    const result = await events(plan, []);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe(
      [
        '── Saturday 21 November 2026 ──',
        '23:59:15  watchdog     watchdog-started   phase p1, pid 3843, signal 30s, heavy 300s, backend claude',
        '── Sunday 22 November 2026 ──',
        '03:14:07  builder      limited            until 05:00:45 (reset 05:00:00 + 45s)',
        "                       “You've hit your limit · resets 5am (Europe/Berlin)”",
        '05:00:52  builder      resumed            working again',
        '                       “✻ Herding… (3s · esc to interrupt)”',
        '06:31:10  adversary    restarted (stall)  idle 302s with no WAITING-UNTIL marker',
        '07:02:31  adversary    pinged             claim(g3): cache layer ready — delivered in 0.4s',
        '',
      ].join('\n'),
    );
  });

  it('selects with -n, --since and --session, and prints JSON lines with --json', async () => {
    const { plan } = planWithLedger();
    const lastTwo = await events(plan, ['-n', '2', '--json']);
    expect(
      lastTwo.out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as LedgerEvent),
    ).toEqual(EVENTS.slice(3));
    const since = await events(plan, ['--since', '3h', '--json']);
    expect(since.out.trim().split('\n')).toHaveLength(3); // 04:00:52 UTC and later
    const builder = await events(plan, ['--session', 'loop-builder', '--json']);
    expect(
      builder.out
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as LedgerEvent).type),
    ).toEqual(['limit-armed', 'limit-lifted']);
    const watchdog = await events(plan, ['--session', 'watchdog', '--json']);
    expect(watchdog.out.trim().split('\n')).toHaveLength(1);
  });

  it('says what is wrong with a bad option, in one line, exit 2', async () => {
    const { plan } = planWithLedger();
    expect(await events(plan, ['--session', 'nobody'])).toMatchObject({
      code: 2,
      err: 'launch: --session must be one of builder, adversary, orchestrator, watchdog or a session name such as loop-builder, got "nobody"\n',
    });
    expect(await events(plan, ['--session', 'buidler'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/got "buidler" \(did you mean builder\?\)\n$/) as unknown,
    });
    expect(await events(plan, ['--session', 'loop-advv'])).toMatchObject({
      err: expect.stringMatching(/\(did you mean loop-adv\?\)\n$/) as unknown,
    });
    expect((await events(plan, ['--since', 'yesterday-ish'])).err).toMatch(
      /^launch: --since must be a span such as 90s, 15m, 2h, 1d or 1h30m, or a time such as 2026-11-22T08:00, got "yesterday-ish"\n$/,
    );
    expect((await events(plan, ['-n', 'x'])).code).toBe(2);
    expect((await events(tempDir(), [])).err).toMatch(
      /^launch: not a plan dir: cd to one or pass --plan-dir/,
    );
  });

  it('reads spans and times for --since', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const at = (text: string) => {
      const parsed = parseSince(text, now, 'Europe/Berlin');
      return parsed.ok ? new Date(parsed.value).toISOString() : parsed.error;
    };
    expect(at('90s')).toBe('2026-11-22T11:58:30.000Z');
    expect(at('1h30m')).toBe('2026-11-22T10:30:00.000Z');
    expect(at('2d')).toBe('2026-11-20T12:00:00.000Z');
    expect(at('PT15M')).toBe('2026-11-22T11:45:00.000Z');
    expect(at('2026-11-22T08:00')).toBe('2026-11-22T07:00:00.000Z');
    expect(at('2026-11-22')).toBe('2026-11-21T23:00:00.000Z');
    expect(at('soon')).toMatch(/^--since must be/);
  });
});

/** Collects a spawned command's stdout as it arrives. */
function collect(child: ReturnType<typeof spawnLaunch>): () => string {
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => (out += chunk));
  return () => out;
}

describe('following across a rotation', () => {
  it('launch events -f prints every event: before, during and after the ledger rotates', async () => {
    const { plan, logDir } = planWithLedger();
    const file = join(logDir, 'events.jsonl');
    const child = spawnLaunch(['events', '-f', '--json', '-n', '1'], { cwd: plan });
    const out = collect(child);
    try {
      const event = (n: number): LedgerEvent => ({
        ts: new Date().toISOString(),
        type: 'session-state',
        role: 'builder',
        n,
      });
      await waitFor('the last event first', () => out().includes('claim(g3)'), {
        timeoutMs: 15_000,
      });
      appendFileSync(file, jsonl([event(1)]));
      await waitFor('event 1', () => out().includes('"n":1'), { timeoutMs: 15_000 });
      // The watchdog rotates while a writer that already opened the file finishes its line.
      const held = openSync(file, 'a');
      renameSync(file, `${file}.1`);
      writeSync(held, jsonl([event(2)]));
      closeSync(held);
      appendFileSync(file, jsonl([event(3), event(4)]));
      await waitFor('events 2 to 4', () => out().includes('"n":4'), { timeoutMs: 15_000 });
      const numbers = out()
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as LedgerEvent).n)
        .filter((n) => n !== undefined);
      expect(numbers).toEqual([1, 2, 3, 4]);
    } finally {
      child.kill('SIGTERM');
      await child;
    }
    expect((await child).exitCode).toBe(0);
  }, 30_000);

  it('launch logs <role> -f keeps following the pane log across a rotation', async () => {
    const plan = tempDir();
    await runLaunch(['init', plan], { cwd: plan });
    const logDir = join(plan, '.launch');
    mkdirSync(logDir, { recursive: true });
    const file = join(logDir, 'loop-builder.log');
    writeFileSync(file, 'old line\n');
    const child = spawnLaunch(['logs', 'builder', '-f', '--raw', '-n', '1'], { cwd: plan });
    const out = collect(child);
    try {
      await waitFor('the old line', () => out().includes('old line'), { timeoutMs: 15_000 });
      appendFileSync(file, 'before the rotation\n');
      await waitFor('the line before', () => out().includes('before the rotation'), {
        timeoutMs: 15_000,
      });
      renameSync(file, `${file}.1`);
      appendFileSync(`${file}.1`, 'finished in the rotated file\n');
      writeFileSync(file, 'after the rotation\n');
      await waitFor('the line after', () => out().includes('after the rotation'), {
        timeoutMs: 15_000,
      });
      expect(out()).toBe(
        'old line\nbefore the rotation\nfinished in the rotated file\nafter the rotation\n',
      );
    } finally {
      child.kill('SIGTERM');
      await child;
    }
  }, 30_000);
});
