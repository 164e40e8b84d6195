// A minimal reader of the agents' prompt-submitted signals (<log-dir>/signals/<session>.jsonl, one
// JSON line each, see src/evidence/types.ts), behind the DeliveryConfirmations interface that
// delivery uses to confirm typing it cannot see land. Only the file's tail is read (the newest
// lines are the ones that can confirm a delivery in progress); bad lines are skipped.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { signalLineSchema, signalsFile } from '../evidence/types.js';
import type { DeliveryConfirmations } from './deliver.js';

/** Bytes read from the end of a signals file: many more lines than one delivery can produce. */
const TAIL_BYTES = 64 * 1024;

function readTail(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function promptSubmittedIn(text: string, sinceMs: number): boolean {
  for (const line of text.split('\n').reverse()) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      continue; // a torn first line of the tail, or a damaged one
    }
    const parsed = signalLineSchema.safeParse(raw);
    if (!parsed.success || parsed.data.event !== 'prompt-submitted') continue;
    const at = Date.parse(parsed.data.ts);
    if (Number.isFinite(at) && at >= sinceMs) return true;
  }
  return false;
}

/** Confirmations read from the signals files under `logDir`. */
export function fileConfirmations(logDir: string): DeliveryConfirmations {
  return {
    promptSubmittedSince: (session, sinceMs) =>
      promptSubmittedIn(readTail(signalsFile(logDir, session)), sinceMs),
  };
}
