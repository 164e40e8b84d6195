// The event ledger <log-dir>/events.jsonl: one JSON object a line, appended; read back for people.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerEvent } from '../watchdog/types.js';
import { readLastLines } from './file-follower.js';
import { stampSequence } from './ledger-sequence.js';

export const LEDGER_FILE = 'events.jsonl';
export const ledgerPath = (logDir: string): string => join(logDir, LEDGER_FILE);

export function appendEvents(logDir: string, events: readonly LedgerEvent[]): void {
  if (events.length === 0) return;
  mkdirSync(logDir, { recursive: true });
  // Each line gets its `seq` (issue 9: the SSE stream's resumable ids; see ledger-sequence.ts).
  const stamped = stampSequence(logDir, events);
  // One write per batch: lines of one tick land together.
  appendFileSync(ledgerPath(logDir), stamped.map((event) => `${JSON.stringify(event)}\n`).join(''));
}

/** Every readable event (a torn or foreign line is skipped, never fatal). */
export function readEvents(logDir: string): LedgerEvent[] {
  try {
    return parseEvents(readFileSync(ledgerPath(logDir), 'utf8'));
  } catch {
    return [];
  }
}

export function parseEvents(text: string): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = JSON.parse(line) as unknown;
      if (typeof parsed === 'object' && parsed !== null && 'ts' in parsed && 'type' in parsed)
        events.push(parsed as LedgerEvent);
    } catch {
      // torn line (e.g. a crash mid-write): skip it
    }
  }
  return events;
}

/** The last `count` events, reading only the end of the ledger (it can grow large over weeks). */
export function readRecentEvents(logDir: string, count: number): LedgerEvent[] {
  const { text } = readLastLines(ledgerPath(logDir), count * 4, 1024 * 1024);
  return parseEvents(text).slice(-count);
}
