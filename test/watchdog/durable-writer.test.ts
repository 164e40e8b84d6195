// A log dir that refuses writes (issue 13, item 1), with real faults (chattr +i on the files, as
// root): nothing throws, ledger lines are held in order and written when the disk takes them, the
// outage is said once and its end once, the state is written again, and no temp file is left.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { sweepTempFiles } from '../../src/adapters/atomic-file.js';
import { HeldLedger } from '../../src/adapters/held-ledger.js';
import { appendEvents, ledgerPath, readEvents } from '../../src/adapters/ledger.js';
import { readState, statePath } from '../../src/adapters/state-store.js';
import { readDiskProblem } from '../../src/status/disk-problem.js';
import { isDiskFault } from '../../src/watchdog/crash-guard.js';
import { createDurableWriter } from '../../src/watchdog/durable-writer.js';
import { initialState } from '../../src/watchdog/state.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { tempDir } from '../helpers/temp-dir.js';

const chattr = (flag: '+i' | '-i', file: string): void => {
  execFileSync('chattr', [flag, file]);
};
/** Makes `file` immutable until the test ends (or `release` is called). */
function freeze(file: string): () => void {
  chattr('+i', file);
  let frozen = true;
  const release = (): void => {
    if (frozen) chattr('-i', file);
    frozen = false;
  };
  onTestFinished(release);
  return release;
}

const line = (n: number): LedgerEvent => ({
  ts: new Date(Date.UTC(2026, 11, 6, 1, 0, n)).toISOString(),
  type: 'session-state',
  reason: `line ${n}`,
});

describe('the held ledger', () => {
  it('holds what the disk refuses and writes it first, in order, once it can', () => {
    const logDir = tempDir();
    const ledger = new HeldLedger(logDir);
    expect(ledger.write([line(1)])).toEqual({ ok: true, wrote: 1 });
    const thaw = freeze(ledgerPath(logDir));
    const refused = ledger.write([line(2), line(3)]);
    expect(refused.ok).toBe(false);
    expect(ledger.write([line(4)])).toMatchObject({ ok: false, held: 3 });
    thaw();
    expect(ledger.write([line(5)])).toEqual({ ok: true, wrote: 4 });
    expect(readEvents(logDir).map((event) => event.reason)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `line ${n}`),
    );
    // numbered in one sequence, without a number used twice
    const seqs = readEvents(logDir).map((event) => event.seq as number);
    expect(new Set(seqs).size).toBe(5);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('is bounded: the oldest lines go, and a line says how many', () => {
    const logDir = tempDir();
    const ledger = new HeldLedger(logDir, 3);
    ledger.write([line(0)]);
    const thaw = freeze(ledgerPath(logDir));
    for (let n = 1; n <= 6; n++) ledger.write([line(n)]);
    expect(ledger.heldCount).toBe(3);
    thaw();
    ledger.flush();
    const events = readEvents(logDir);
    expect(events.map((event) => event.type)).toEqual([
      'session-state',
      'ledger-lines-dropped',
      'session-state',
      'session-state',
      'session-state',
    ]);
    expect(events[1]).toMatchObject({ count: 3 });
    expect(events.slice(2).map((event) => event.reason)).toEqual(['line 4', 'line 5', 'line 6']);
  });

  it('a failed append leaves no torn line behind (it is cut back)', () => {
    const logDir = tempDir();
    appendEvents(logDir, [line(1)]);
    const before = readFileSync(ledgerPath(logDir), 'utf8');
    const thaw = freeze(ledgerPath(logDir));
    expect(() => appendEvents(logDir, [line(2)])).toThrow(/EPERM|not permitted/);
    thaw();
    expect(readFileSync(ledgerPath(logDir), 'utf8')).toBe(before);
  });
});

describe('the durable writer', () => {
  it('says an outage once, keeps going, writes the held lines and the state when the disk is back', () => {
    const logDir = tempDir();
    const said: string[] = [];
    const notified: LedgerEvent[] = [];
    let now = Date.parse('2026-12-06T01:00:00Z');
    const writer = createDurableWriter({
      logDir,
      logger: pino({ level: 'silent' }),
      now: () => now,
      onEvents: (events) => notified.push(...events),
      say: (text) => said.push(text),
    });
    writer.record([line(1)]);
    expect(writer.saveState(initialState(0))).toBe(true);
    const thawLedger = freeze(ledgerPath(logDir));
    const thawState = freeze(statePath(logDir));
    for (let n = 2; n <= 5; n++) {
      now += 1000;
      expect(() => writer.record([line(n)])).not.toThrow();
      expect(writer.saveState(initialState(1))).toBe(false);
    }
    expect(writer.failing()).toBe(true);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/refuses writes .*goes on supervising/);
    expect(notified.filter((event) => event.type === 'log-dir-unwritable')).toHaveLength(1);
    expect(readDiskProblem(logDir)).toMatchObject({ pid: process.pid });
    // every event still reached the notifiers while the disk refused them
    expect(notified.filter((event) => event.type === 'session-state')).toHaveLength(5);
    // no 0-byte temp files from the refused state writes
    expect(readdirSync(logDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    thawLedger();
    thawState();
    now += 60_000;
    expect(writer.saveState(initialState(1))).toBe(true);
    expect(writer.failing()).toBe(false);
    expect(readDiskProblem(logDir)).toBeNull();
    const readState1 = readState(logDir);
    expect(readState1.ok && readState1.value.phaseIndex).toBe(1);
    const types = readEvents(logDir).map((event) => `${event.type}:${String(event.reason)}`);
    expect(types.filter((type) => type.startsWith('session-state'))).toEqual(
      [1, 2, 3, 4, 5].map((n) => `session-state:line ${n}`),
    );
    const ledger = readEvents(logDir).map((event) => event.type);
    expect(ledger.filter((type) => type === 'log-dir-unwritable')).toHaveLength(1);
    expect(ledger.filter((type) => type === 'log-dir-recovered')).toHaveLength(1);
    expect(ledger.indexOf('log-dir-unwritable')).toBeLessThan(ledger.indexOf('log-dir-recovered'));
    expect(said).toHaveLength(2);
    expect(notified.filter((event) => event.type === 'log-dir-recovered')).toHaveLength(1);
  });

  it('at exit, prints on stderr the ledger lines the disk still refuses, rather than losing them', () => {
    const logDir = tempDir();
    const said: string[] = [];
    const writer = createDurableWriter({
      logDir,
      logger: pino({ level: 'silent' }),
      now: () => Date.parse('2026-12-06T01:00:00Z'),
      say: (text) => said.push(text),
    });
    writer.record([line(1)]);
    freeze(ledgerPath(logDir));
    writer.record([line(2)]);
    writer.close();
    const printed = said.slice(1).join('');
    expect(printed).toMatch(/exiting with 2 ledger lines the log dir refused/);
    expect(printed).toContain('"reason":"line 2"');
    expect(printed).toContain('"type":"log-dir-unwritable"');
  });
});

describe('temp files and disk faults', () => {
  it('sweeps temp files of dead writers and its own, never a live writer', () => {
    const logDir = tempDir();
    const file = statePath(logDir);
    const dead = join(logDir, '.state.json.999999.1.tmp');
    const mine = join(logDir, `.state.json.${process.pid}.2.tmp`);
    const live = join(logDir, `.state.json.${process.ppid}.3.tmp`);
    const other = join(logDir, '.events.seq.999999.1.tmp');
    for (const path of [dead, mine, live, other]) writeFileSync(path, '');
    expect(sweepTempFiles(file)).toBe(2);
    expect([dead, mine, live, other].map((path) => existsSync(path))).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('tells a refused write from a bug', () => {
    const refused = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      syscall: 'write',
    });
    expect(isDiskFault(refused)).toBe(true);
    expect(isDiskFault(new Error('boom'))).toBe(false);
    expect(
      isDiskFault(Object.assign(new Error('kill EPERM'), { code: 'EPERM', syscall: 'kill' })),
    ).toBe(false);
  });
});
