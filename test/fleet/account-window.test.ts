// The shared window's merge (pure) and its files: one JSON file per account, changed under a lock
// that a dead writer's pid gives up, a damaged file moved aside (never lost), concurrent writers.
import { execa } from 'execa';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  applyAccountChange,
  type AccountWindow,
  type Holder,
} from '../../src/fleet/account-window.js';
import {
  accountFile,
  describeAccountWindow,
  listAccountWindows,
  readAccountFile,
  updateAccountWindow,
  withAccountLock,
} from '../../src/fleet/account-windows.js';
import { tempDir } from '../helpers/temp-dir.js';

const T0 = Date.parse('2026-12-06T10:00:00Z');
const at = (s: number): number => T0 + s * 1000;
const ACCOUNT = { key: 'claude:/home/ada/.claude', label: 'claude:~/.claude' };
const holder = (name: string, role: string, pid = process.pid): Holder => ({
  run: `/plans/${name}/.launch`,
  name,
  role,
  pid,
});
const shopBuilder = holder('shop', 'builder');
const blogBuilder = holder('blog', 'builder');
const blogAdversary = holder('blog', 'adversary');
const arm = {
  kind: 'arm',
  until: new Date(at(600)).toISOString(),
  resetAt: null,
  banner: 'limit',
} as const;

function armed(): AccountWindow {
  const window = applyAccountChange(null, arm, shopBuilder, at(0), ACCOUNT);
  if (window === null) throw new Error('no window');
  return window;
}

describe('applyAccountChange', () => {
  it('arm opens a window owned by the armer; others park in order; a second arm joins as parked', () => {
    let window = armed();
    expect(window).toMatchObject({ state: 'limited', account: ACCOUNT.key, armedBy: shopBuilder });
    expect(window.probe).toEqual({ owner: shopBuilder, probes: 0, sentAt: null });
    window = applyAccountChange(window, { kind: 'park' }, blogAdversary, at(5), ACCOUNT)!;
    window = applyAccountChange(window, arm, blogBuilder, at(6), ACCOUNT)!;
    window = applyAccountChange(window, { kind: 'park' }, blogAdversary, at(7), ACCOUNT)!;
    expect(window.probe.owner).toEqual(shopBuilder);
    expect(window.parked.map((entry) => entry.role)).toEqual(['adversary', 'builder']);
  });

  it('only the owner probes and lifts; the lift schedules the parked one gap apart', () => {
    let window = armed();
    window = applyAccountChange(window, { kind: 'park' }, blogBuilder, at(1), ACCOUNT)!;
    window = applyAccountChange(window, { kind: 'park' }, blogAdversary, at(2), ACCOUNT)!;
    const probe = {
      kind: 'probe',
      until: new Date(at(900)).toISOString(),
      resetAt: null,
      probes: 1,
      banner: 'x',
    } as const;
    expect(applyAccountChange(window, probe, blogBuilder, at(600), ACCOUNT)).toEqual(window);
    window = applyAccountChange(window, probe, shopBuilder, at(600), ACCOUNT)!;
    expect(window.probe.probes).toBe(1);
    expect(window.probe.sentAt).toBe(new Date(at(600)).toISOString());
    expect(
      applyAccountChange(window, { kind: 'lift', gapSeconds: 20 }, blogBuilder, at(601), ACCOUNT),
    ).toEqual(window);
    window = applyAccountChange(
      window,
      { kind: 'lift', gapSeconds: 20 },
      shopBuilder,
      at(610),
      ACCOUNT,
    )!;
    expect(window.state).toBe('lifted');
    expect(window.resume.map((entry) => [entry.role, entry.at])).toEqual([
      ['builder', new Date(at(630)).toISOString()],
      ['adversary', new Date(at(650)).toISOString()],
    ]);
  });

  it('resumed keeps the rest a gap apart from now; the last one removes the window', () => {
    let window = armed();
    window = applyAccountChange(window, { kind: 'park' }, blogBuilder, at(1), ACCOUNT)!;
    window = applyAccountChange(window, { kind: 'park' }, blogAdversary, at(2), ACCOUNT)!;
    window = applyAccountChange(
      window,
      { kind: 'lift', gapSeconds: 20 },
      shopBuilder,
      at(600),
      ACCOUNT,
    )!;
    // A slow tick: the first resumes late, at 645; the second moves to 665 (not 640).
    window = applyAccountChange(window, { kind: 'resumed' }, blogBuilder, at(645), ACCOUNT)!;
    expect(window.resume[1]?.at).toBe(new Date(at(665)).toISOString());
    expect(
      applyAccountChange(window, { kind: 'resumed' }, blogAdversary, at(665), ACCOUNT),
    ).toBeNull();
  });

  it('take-probe only from the owner it names, and only when its pid is gone', () => {
    const dead = holder('shop', 'builder', 999_999_999);
    let window = applyAccountChange(null, arm, dead, at(0), ACCOUNT)!;
    window = applyAccountChange(window, { kind: 'park' }, blogBuilder, at(1), ACCOUNT)!;
    const alive = (pid: number) => pid !== dead.pid;
    const take = { kind: 'take-probe', from: { run: dead.run, role: 'builder' } } as const;
    expect(applyAccountChange(window, take, blogBuilder, at(2), ACCOUNT, () => true)).toEqual(
      window,
    );
    const other = { kind: 'take-probe', from: { run: '/elsewhere', role: 'builder' } } as const;
    expect(
      applyAccountChange(window, other, blogBuilder, at(2), ACCOUNT, alive)?.probe.owner,
    ).toEqual(dead);
    const taken = applyAccountChange(window, take, blogBuilder, at(2), ACCOUNT, alive)!;
    expect(taken.probe.owner).toEqual(blogBuilder);
    expect(taken.parked).toEqual([]);
  });

  it('arm on a lifted window: limited again, the ones not yet resumed parked again', () => {
    let window = armed();
    window = applyAccountChange(window, { kind: 'park' }, blogBuilder, at(1), ACCOUNT)!;
    window = applyAccountChange(window, { kind: 'park' }, blogAdversary, at(2), ACCOUNT)!;
    window = applyAccountChange(
      window,
      { kind: 'lift', gapSeconds: 20 },
      shopBuilder,
      at(600),
      ACCOUNT,
    )!;
    window = applyAccountChange(window, { kind: 'resumed' }, blogBuilder, at(620), ACCOUNT)!;
    window = applyAccountChange(window, arm, blogBuilder, at(630), ACCOUNT)!;
    expect(window.state).toBe('limited');
    expect(window.probe.owner).toEqual(blogBuilder);
    expect(window.parked.map((entry) => entry.role)).toEqual(['adversary']);
  });
});

describe('the account files', () => {
  it('updates under the lock, lists and describes the window; the last resume removes the file', () => {
    const stateDir = tempDir();
    const file = accountFile(stateDir, ACCOUNT.key);
    expect(file.startsWith(join(stateDir, 'accounts'))).toBe(true);
    expect(updateAccountWindow(stateDir, ACCOUNT, arm, shopBuilder, at(0)).ok).toBe(true);
    expect(updateAccountWindow(stateDir, ACCOUNT, { kind: 'park' }, blogBuilder, at(1)).ok).toBe(
      true,
    );
    const listed = listAccountWindows(stateDir, at(2));
    expect(listed).toHaveLength(1);
    expect(listed[0]?.parkedRuns).toBe(1);
    expect(describeAccountWindow(listed[0]!, 'UTC')).toBe(
      'account claude:~/.claude: limited until 10:10:00 by shop:builder (1 run parked)',
    );
    updateAccountWindow(stateDir, ACCOUNT, { kind: 'lift', gapSeconds: 20 }, shopBuilder, at(600));
    expect(describeAccountWindow(listAccountWindows(stateDir, at(601))[0]!, 'UTC')).toBe(
      'account claude:~/.claude: lifted at 10:10:00; 1 session(s) resuming, next at 10:10:20',
    );
    updateAccountWindow(stateDir, ACCOUNT, { kind: 'resumed' }, blogBuilder, at(620));
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(join(stateDir, 'accounts'))).toEqual([]);
  });

  it('a garbage file is moved aside (one line, its bytes kept) and read as no window', () => {
    const stateDir = tempDir();
    const file = accountFile(stateDir, ACCOUNT.key);
    mkdirSync(join(stateDir, 'accounts'), { recursive: true });
    writeFileSync(file, '{"version": 1, "account": tr');
    const read = readAccountFile(file, at(0));
    expect(read).toMatchObject({ kind: 'moved-aside', file, reason: 'not JSON' });
    if (read.kind !== 'moved-aside') return;
    expect(readFileSync(read.to, 'utf8')).toBe('{"version": 1, "account": tr');
    expect(existsSync(file)).toBe(false);
    // A valid JSON that is not a window: the field is named.
    writeFileSync(file, JSON.stringify({ ...armed(), state: 'sideways' }));
    const second = updateAccountWindow(stateDir, ACCOUNT, arm, blogBuilder, at(5));
    expect(second.ok && second.value.movedAside?.reason).toMatch(/^state: /);
    expect(second.ok && second.value.window?.probe.owner).toEqual(blogBuilder);
    expect(
      readdirSync(join(stateDir, 'accounts')).filter((name) => name.includes('.bad-')),
    ).toHaveLength(2);
    expect(listAccountWindows(stateDir, at(6))).toHaveLength(1);
  });

  it('a lock left by a dead writer is taken over; a live one is waited for', () => {
    const stateDir = tempDir();
    const file = accountFile(stateDir, ACCOUNT.key);
    mkdirSync(join(stateDir, 'accounts'), { recursive: true });
    writeFileSync(`${file}.lock`, '999999999\n');
    expect(withAccountLock(file, () => 'done')).toEqual({ ok: true, value: 'done' });
    expect(existsSync(`${file}.lock`)).toBe(false);
    // Our own pid holds it (as another live watchdog would): refused after the wait, never broken.
    writeFileSync(`${file}.lock`, `${process.pid}\n`);
    const held = withAccountLock(file, () => 'never');
    expect(held).toEqual({ ok: false, error: `${file}.lock is held by another watchdog` });
    expect(existsSync(`${file}.lock`)).toBe(true);
  });

  it('two processes parking 40 sessions each at once lose none of them', async () => {
    const stateDir = tempDir();
    updateAccountWindow(stateDir, ACCOUNT, arm, shopBuilder, at(0));
    const module = fileURLToPath(new URL('../../dist/fleet/account-windows.js', import.meta.url));
    const script = `
      const { updateAccountWindow } = await import(${JSON.stringify(module)});
      const [stateDir, run, pid] = process.argv.slice(1);
      for (let i = 0; i < 40; i++) {
        // The test's pid: alive until both writers are done (entries of dead pids are pruned).
        const who = { run, name: run, role: 'r' + i, pid: Number(pid) };
        const result = updateAccountWindow(stateDir, ${JSON.stringify(ACCOUNT)}, { kind: 'park' }, who, Date.now());
        if (!result.ok) { console.error(result.error); process.exit(1); }
      }`;
    const writers = ['/runs/a', '/runs/b'].map((run) =>
      execa(
        process.execPath,
        ['--input-type=module', '-e', script, stateDir, run, String(process.pid)],
        {
          reject: false,
        },
      ),
    );
    const results = await Promise.all(writers);
    for (const result of results) expect(result.exitCode, result.stderr).toBe(0);
    const window = JSON.parse(
      readFileSync(accountFile(stateDir, ACCOUNT.key), 'utf8'),
    ) as AccountWindow;
    expect(window.parked).toHaveLength(80);
    expect(new Set(window.parked.map((entry) => `${entry.run}:${entry.role}`)).size).toBe(80);
  });
});
