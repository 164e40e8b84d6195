// The event ledger <log-dir>/events.jsonl: one JSON object a line, appended; read back for people,
// across its rotated predecessors (events.jsonl.1, …) as well.
import { appendFileSync, mkdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerEvent } from '../watchdog/types.js';
import { readLastLinesAcross } from './file-follower.js';
import { stampSequence } from './ledger-sequence.js';
import { rotationSet } from './log-rotation.js';

export const LEDGER_FILE = 'events.jsonl';
export const ledgerPath = (logDir: string): string => join(logDir, LEDGER_FILE);

export function appendEvents(logDir: string, events: readonly LedgerEvent[]): void {
  if (events.length === 0) return;
  mkdirSync(logDir, { recursive: true });
  // Each line gets its `seq` (the SSE stream's resumable ids; see ledger-sequence.ts), which
  // travels with it into the rotated files.
  const stamped = stampSequence(logDir, events);
  // One write per batch: lines of one tick land together (and in one file across a rotation).
  const file = ledgerPath(logDir);
  const before = sizeOrNull(file);
  try {
    appendFileSync(file, stamped.map((event) => `${JSON.stringify(event)}\n`).join(''));
  } catch (cause) {
    // A full disk can take part of the batch: cut it back, so the batch written again later (see
    // held-ledger.ts) is neither glued to a torn line nor half there twice.
    try {
      truncateSync(file, before ?? 0);
    } catch {
      // read-only or never created: nothing was written either
    }
    throw cause;
  }
}

function sizeOrNull(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // rotated away between listing and reading, or unreadable: no events from it
  }
}

/** Every readable event, oldest first, rotated files included (a torn or foreign line is skipped). */
export function readEvents(logDir: string): LedgerEvent[] {
  return rotationSet(ledgerPath(logDir)).flatMap((file) => parseEvents(readText(file)));
}

export function parseEvents(text: string): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (const line of text.split('\n')) {
    const event = parseEventLine(line);
    if (event) events.push(event);
  }
  return events;
}

/** One ledger line, or null for a blank, torn or foreign one. */
export function parseEventLine(line: string): LedgerEvent | null {
  if (line.trim() === '') return null;
  try {
    const parsed = JSON.parse(line) as unknown;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as { ts?: unknown }).ts === 'string' &&
      typeof (parsed as { type?: unknown }).type === 'string'
    )
      return parsed as LedgerEvent;
  } catch {
    // torn line (e.g. a crash mid-write): skip it
  }
  return null;
}

/** The last `count` events, reading only the end of the ledger (it can grow large over weeks). */
export function readRecentEvents(logDir: string, count: number): LedgerEvent[] {
  const { text } = readLastLinesAcross(ledgerPath(logDir), count * 4, 1024 * 1024);
  return parseEvents(text).slice(-count);
}

export interface LedgerQuery {
  /** Only events at or after this instant (ms since the epoch). */
  readonly since?: number;
  /** Only the last `limit` matching events. */
  readonly limit?: number;
  readonly filter?: (event: LedgerEvent) => boolean;
}

export interface LedgerAnswer {
  readonly events: LedgerEvent[];
  /** Byte offset in events.jsonl after the last complete line read: where following picks up. */
  readonly end: number;
}

/**
 * Matching events, oldest first. Reads the newest file first and stops as soon as the query is
 * answered, so `-n 20` does not parse weeks of rotated history.
 */
export function queryEvents(logDir: string, query: LedgerQuery): LedgerAnswer {
  const current = ledgerPath(logDir);
  const files = rotationSet(current).reverse();
  const chunks: LedgerEvent[][] = [];
  let have = 0;
  let end = 0;
  for (const file of files) {
    let text = readText(file);
    if (file === current) {
      // A line still being written is left for the follower, which reads from `end`.
      text = text.slice(0, text.lastIndexOf('\n') + 1);
      end = Buffer.byteLength(text);
    }
    const events = parseEvents(text);
    const matching = events.filter(
      (event) =>
        (query.since === undefined || Date.parse(event.ts) >= query.since) &&
        (query.filter === undefined || query.filter(event)),
    );
    chunks.unshift(matching);
    have += matching.length;
    const first = events[0];
    if (query.limit !== undefined && have >= query.limit) break;
    if (query.since !== undefined && first !== undefined && Date.parse(first.ts) < query.since)
      break;
  }
  const all = chunks.flat();
  return { events: query.limit === undefined ? all : all.slice(-query.limit), end };
}
