// Where a session's signal lines live and how the file stays bounded: one JSON line appended per
// signal (O_APPEND, so hooks running at once never interleave a line), and past MAX bytes the file
// is renamed to `<file>.1` (replacing the older one) so the next line starts a fresh file. Readers
// take the tail of the current file and, when that is short, of `.1` (signals.ts). node:fs only:
// this runs inside `launch signal` on every tool call.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SignalLine } from './types.js';

/** Same as SIGNALS_DIR / signalsFile in types.ts (which this hot path must not load: zod). */
export const SIGNALS_SUBDIR = 'signals';
export const signalFilePath = (logDir: string, session: string): string =>
  join(logDir, SIGNALS_SUBDIR, `${session}.jsonl`);
export const rotatedPath = (file: string): string => `${file}.1`;

/** Past this size the file is rotated. */
export const SIGNAL_FILE_MAX_BYTES = 1024 * 1024;

/** A session name that can be a file name: tmux names launch makes, nothing with a path in it. */
export const isSafeSessionName = (session: string): boolean =>
  /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/.test(session);

/** Appends one line; rotates first when the file is past `maxBytes`. Throws on I/O failure. */
export function appendSignalLine(
  logDir: string,
  session: string,
  signal: SignalLine,
  maxBytes = SIGNAL_FILE_MAX_BYTES,
): string {
  const file = signalFilePath(logDir, session);
  // Only the signals folder, never the log dir above it: a hook that fires after its run's log dir
  // was deleted (a SessionEnd as the run is torn down) must not bring the folder back. The missing
  // log dir throws, and the caller drops the signal.
  try {
    mkdirSync(join(logDir, SIGNALS_SUBDIR));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    // No file yet.
  }
  if (size >= maxBytes) {
    try {
      // Atomic: a hook appending at the same moment writes to one file or the other, whole.
      renameSync(file, rotatedPath(file));
    } catch {
      // Another hook rotated it first.
    }
  }
  appendFileSync(file, `${JSON.stringify(signal)}\n`);
  return file;
}
