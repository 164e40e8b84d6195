// Reading the ledger back across its rotated files: last N, since a time, one session, where a
// follower picks up.
import { appendFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ledgerPath,
  queryEvents,
  readEvents,
  readRecentEvents,
} from '../../src/adapters/ledger.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { tempDir } from '../helpers/temp-dir.js';

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 22, 10, minute)).toISOString();
const line = (event: LedgerEvent): string => `${JSON.stringify(event)}\n`;

/** 30 events a minute apart, spread over the current file and two rotated ones. */
function ledger(): string {
  const logDir = tempDir();
  const file = ledgerPath(logDir);
  const events = Array.from({ length: 30 }, (_, index) => ({
    ts: at(index),
    type: 'session-state',
    role: index % 2 === 0 ? ('builder' as const) : ('adversary' as const),
    n: index,
  }));
  writeFileSync(`${file}.2`, events.slice(0, 10).map(line).join(''));
  writeFileSync(`${file}.1`, events.slice(10, 20).map(line).join('') + '{"torn": \n');
  writeFileSync(file, events.slice(20).map(line).join(''));
  return logDir;
}

describe('reading the ledger across rotations', () => {
  it('reads every event in order, skipping torn lines', () => {
    expect(readEvents(ledger()).map((event) => event.n)).toEqual(
      Array.from({ length: 30 }, (_, index) => index),
    );
  });

  it('answers last-N, since and session queries from the newest files first', () => {
    const logDir = ledger();
    const numbers = (events: LedgerEvent[]): unknown[] => events.map((event) => event.n);
    expect(numbers(queryEvents(logDir, { limit: 3 }).events)).toEqual([27, 28, 29]);
    expect(numbers(queryEvents(logDir, { limit: 12 }).events)).toEqual(
      Array.from({ length: 12 }, (_, index) => index + 18),
    );
    expect(numbers(queryEvents(logDir, { since: Date.parse(at(8)) }).events)).toHaveLength(22);
    expect(
      numbers(
        queryEvents(logDir, {
          since: Date.parse(at(15)),
          filter: (event) => event.role === 'adversary',
        }).events,
      ),
    ).toEqual([15, 17, 19, 21, 23, 25, 27, 29]);
    expect(numbers(readRecentEvents(logDir, 5))).toEqual([25, 26, 27, 28, 29]);
  });

  it('reports the end of the last whole line, so a follower re-reads a line still being written', () => {
    const logDir = ledger();
    const before = queryEvents(logDir, { limit: 1 });
    appendFileSync(ledgerPath(logDir), '{"ts":"2026-11-22T11:00:00.000Z","ty');
    const after = queryEvents(logDir, { limit: 1 });
    expect(after.end).toBe(before.end);
    expect(after.events.map((event) => event.n)).toEqual([29]);
  });
});
