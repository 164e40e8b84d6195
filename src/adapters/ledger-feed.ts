// The ledger as a feed for the HTTP API: history queries, "every event after seq N" for an SSE
// client that reconnects with Last-Event-ID, and a subscription to new lines as they are appended
// (followed with file-follower, which survives rotation). Recent events are kept in memory, so a
// reconnect is answered without touching the disk and even across a rotation of events.jsonl;
// older positions are looked up in the ledger files, rotated ones included. A gap that cannot be
// filled (lines rotated away for good) is reported, never papered over.
import { readFileSync, statSync } from 'node:fs';
import type { LedgerEvent } from '../watchdog/types.js';
import { followFile, readLastLines, type Follower } from './file-follower.js';
import { ledgerPath, parseEvents } from './ledger.js';
import { sequenceOf } from './ledger-sequence.js';
import { rotationSet } from './log-rotation.js';

export type SequencedEvent = LedgerEvent & { readonly seq: number };

export interface EventGap {
  /** First missing sequence number. */
  readonly from: number;
  /** Last missing sequence number. */
  readonly to: number;
  readonly reason: string;
}

export interface EventsAfter {
  readonly events: readonly SequencedEvent[];
  /** Events between the requested position and the first one returned that no file holds any more. */
  readonly gap: EventGap | null;
}

export interface HistoryQuery {
  /** Events after this sequence number (oldest first). */
  readonly sinceSeq?: number;
  /** Events at or after this instant, ms since the epoch (oldest first). */
  readonly sinceTime?: number;
  /** At most this many; without a `since`, the newest ones. */
  readonly limit: number;
}

export interface History {
  readonly events: readonly LedgerEvent[];
  /** True when more events matched than `limit` allowed. */
  readonly more: boolean;
}

export interface EventFeed {
  /** The last sequence number seen; null while the ledger holds no sequenced line. */
  readonly last: () => number | null;
  readonly history: (query: HistoryQuery) => History;
  readonly after: (seq: number) => EventsAfter;
  /** Calls `listener` with every new sequenced event, in order; returns the unsubscribe. */
  readonly subscribe: (listener: (event: SequencedEvent) => void) => () => void;
  readonly close: () => Promise<void>;
}

export interface FeedOptions {
  /** Events kept in memory for quick resumes. */
  readonly bufferSize?: number;
}

/** Joins appended chunks into whole lines: a chunk may end mid-line (read while being written). */
export class LineAssembler {
  private partial = '';

  /** The complete lines so far; an unfinished last line is kept for the next chunk. */
  push(chunk: string): string[] {
    const lines = `${this.partial}${chunk}`.split('\n');
    this.partial = lines.pop() ?? '';
    return lines;
  }
}

const sequenced = (event: LedgerEvent): event is SequencedEvent => sequenceOf(event) !== null;

/** Rotated ledgers, newest first: `events.jsonl.1`, `events.jsonl.2`, ... */
export function rotatedLedgerFiles(logDir: string): string[] {
  const current = ledgerPath(logDir);
  return rotationSet(current)
    .filter((file) => file !== current)
    .reverse();
}

const fileSize = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/**
 * Reads the ledger from its end backwards — the current file in growing windows, then rotated files
 * — until `enough` holds for the oldest event read (or nothing is left). Oldest first.
 */
export function readLedgerBack(
  logDir: string,
  enough: (oldest: LedgerEvent) => boolean,
): LedgerEvent[] {
  const current = ledgerPath(logDir);
  const size = fileSize(current);
  let events: LedgerEvent[] = [];
  for (let window = 256 * 1024; ; window *= 4) {
    events = parseEvents(readLastLines(current, Number.POSITIVE_INFINITY, window).text);
    const oldest = events[0];
    if (window >= size || (oldest !== undefined && enough(oldest))) break;
  }
  for (const file of rotatedLedgerFiles(logDir)) {
    const oldest = events[0];
    if (oldest !== undefined && enough(oldest)) break;
    try {
      events = [...parseEvents(readFileSync(file, 'utf8')), ...events];
    } catch {
      // rotated away while we looked: what is left is what there is
    }
  }
  return events;
}

/** A line without a seq predates sequencing, so it is older than any sequenced one. */
const olderThanOrAt =
  (seq: number) =>
  (event: LedgerEvent): boolean => {
    const own = sequenceOf(event);
    return own === null || own <= seq;
  };

/** Sequenced events after `seq` found in the ledger files, oldest first, duplicates dropped. */
function readAfter(logDir: string, seq: number): SequencedEvent[] {
  const seen = new Set<number>();
  const out: SequencedEvent[] = [];
  for (const event of readLedgerBack(logDir, olderThanOrAt(seq))) {
    if (!sequenced(event) || event.seq <= seq || seen.has(event.seq)) continue;
    seen.add(event.seq);
    out.push(event);
  }
  return out.sort((a, b) => a.seq - b.seq);
}

export function createLedgerFeed(logDir: string, options: FeedOptions = {}): EventFeed {
  const bufferSize = options.bufferSize ?? 2000;
  const file = ledgerPath(logDir);
  const start = readLastLines(file, bufferSize, 4 * 1024 * 1024);
  let buffer: SequencedEvent[] = parseEvents(start.text).filter(sequenced);
  // Only what the file shows counts as seen: the counter file may run ahead of lines being written.
  let last: number | null = buffer.length > 0 ? (buffer[buffer.length - 1]?.seq ?? null) : null;
  const listeners = new Set<(event: SequencedEvent) => void>();
  const assembler = new LineAssembler();

  const remember = (event: SequencedEvent): void => {
    buffer.push(event);
    if (buffer.length > bufferSize * 1.25) buffer = buffer.slice(-bufferSize);
    last = event.seq;
    for (const listener of [...listeners]) listener(event);
  };

  const accept = (event: SequencedEvent): void => {
    if (last !== null && event.seq <= last) return; // seen already (a re-read after truncation)
    if (last !== null && event.seq > last + 1) {
      // Lines we did not see (written to the old file just before a rotation): fetch them.
      for (const missing of readAfter(logDir, last)) if (missing.seq < event.seq) remember(missing);
    }
    remember(event);
  };

  const follower: Follower = followFile(file, start.end, (text) => {
    for (const event of parseEvents(assembler.push(text).join('\n')))
      if (sequenced(event)) accept(event);
  });

  return {
    last: () => last,
    after: (seq) => {
      const first = buffer[0];
      let events: SequencedEvent[];
      if (first !== undefined && first.seq <= seq + 1) events = buffer.filter((e) => e.seq > seq);
      else {
        const fromFiles = readAfter(logDir, seq);
        const seen = new Set(fromFiles.map((event) => event.seq));
        events = [
          ...fromFiles,
          ...buffer.filter((event) => !seen.has(event.seq) && event.seq > seq),
        ];
        events.sort((a, b) => a.seq - b.seq);
      }
      const oldest = events[0];
      let gap: EventGap | null = null;
      if (oldest !== undefined && oldest.seq > seq + 1)
        gap = {
          from: seq + 1,
          to: oldest.seq - 1,
          reason: 'these events are no longer in the ledger (rotated away)',
        };
      else if (oldest === undefined && last !== null && seq > last)
        gap = {
          from: last + 1,
          to: seq,
          reason: `event ${seq} is newer than the ledger's last (${last}); the ledger was replaced`,
        };
      return { events, gap };
    },
    history: (query) => {
      let matched: LedgerEvent[];
      if (query.sinceSeq !== undefined) {
        const since = query.sinceSeq;
        matched = readAfter(logDir, since);
      } else if (query.sinceTime !== undefined) {
        const since = query.sinceTime;
        matched = readLedgerBack(logDir, (oldest) => Date.parse(oldest.ts) < since).filter(
          (event) => Date.parse(event.ts) >= since,
        );
      } else {
        const { text } = readLastLines(file, query.limit * 2 + 10, 4 * 1024 * 1024);
        const recent = parseEvents(text);
        return {
          events: recent.slice(-query.limit),
          more: recent.length > query.limit,
        };
      }
      return { events: matched.slice(0, query.limit), more: matched.length > query.limit };
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close: () => follower.close(),
  };
}
