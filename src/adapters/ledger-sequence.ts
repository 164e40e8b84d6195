// Gives every ledger line its place in one monotonic sequence (`seq` on the line), with the last
// number used kept beside the ledger in <log-dir>/events.seq. Why a number on the line and a
// counter beside the file, rather than byte offsets or line numbers: offsets and line numbers
// restart when events.jsonl is rotated or truncated, while `seq` travels with the event into any
// rotated file and keeps counting across watchdog restarts. The HTTP API's SSE stream uses it as
// the event id, so a client's Last-Event-ID names "everything after line N" unambiguously.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerEvent } from '../watchdog/types.js';
import { writeFileAtomic } from './atomic-file.js';
import { readLastLines } from './file-follower.js';

export const SEQUENCE_FILE = 'events.seq';
const LEDGER_FILE_NAME = 'events.jsonl';

/** The event's sequence number, or null for a line written before sequencing (or by hand). */
export function sequenceOf(event: object): number | null {
  const seq = 'seq' in event ? event.seq : undefined;
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq > 0 ? seq : null;
}

function readStoredSequence(logDir: string): number | null {
  try {
    const text = readFileSync(join(logDir, SEQUENCE_FILE), 'utf8').trim();
    if (!/^\d{1,15}$/.test(text)) return null;
    return Number(text);
  } catch {
    return null;
  }
}

/** The highest `seq` among the last lines of the ledger (the counter file's fallback). */
function lastSequenceInLedger(logDir: string): number {
  const { text } = readLastLines(join(logDir, LEDGER_FILE_NAME), 200, 256 * 1024);
  let highest = 0;
  for (const line of text.split('\n')) {
    try {
      const parsed = JSON.parse(line) as unknown;
      if (typeof parsed === 'object' && parsed !== null && 'seq' in parsed) {
        const seq = sequenceOf(parsed);
        if (seq !== null) highest = Math.max(highest, seq);
      }
    } catch {
      // a torn or blank line
    }
  }
  return highest;
}

/** The last sequence number handed out (0 when none yet). */
export function lastSequence(logDir: string): number {
  // The counter file is the truth; if it is gone or damaged, the ledger's own tail says where the
  // sequence stood, so numbers are never reused.
  return readStoredSequence(logDir) ?? lastSequenceInLedger(logDir);
}

/**
 * Numbers a batch of events for appending. The counter is advanced before the lines are written:
 * a crash in between leaves a gap in the numbers, never a number used twice. One writer at a time
 * (the watchdog holds the log dir's lock).
 */
export function stampSequence(logDir: string, events: readonly LedgerEvent[]): LedgerEvent[] {
  if (events.length === 0) return [];
  const first = lastSequence(logDir) + 1;
  writeFileAtomic(join(logDir, SEQUENCE_FILE), `${first + events.length - 1}\n`);
  return events.map((event, index) => ({ ...event, seq: first + index }));
}
