// The pause switch of a run: <log-dir>/STOP. While it exists the watchdog keeps running and
// observing but takes no action of its own; every command that shows a run says so.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { STOP_FILE } from '../watchdog/run-files.js';

export interface PauseState {
  /** When the STOP file was made, ISO-8601. */
  readonly since: string;
  /** What it says (who paused and why), first lines only; null when empty. */
  readonly note: string | null;
  readonly file: string;
}

const NOTE_LIMIT = 500;

export const stopFilePath = (logDir: string): string => join(logDir, STOP_FILE);

/** The run's pause, or null when it is not paused. */
export function readPauseState(logDir: string): PauseState | null {
  const file = stopFilePath(logDir);
  let since: string;
  try {
    since = statSync(file).mtime.toISOString();
  } catch {
    return null;
  }
  let note: string | null = null;
  try {
    note = readFileSync(file, 'utf8').slice(0, NOTE_LIMIT).trim().split('\n')[0] || null;
  } catch {
    note = null;
  }
  return { since, note, file };
}

/** Writes the STOP file (a pause already in place is left as it is); returns the pause. */
export function writePause(logDir: string, text: string): { state: PauseState; made: boolean } {
  const existing = readPauseState(logDir);
  if (existing) return { state: existing, made: false };
  writeFileAtomic(stopFilePath(logDir), text);
  const state = readPauseState(logDir);
  if (state === null)
    throw new Error(`${stopFilePath(logDir)} vanished right after it was written`);
  return { state, made: true };
}

/** Removes the STOP file; false when there was none. */
export function removePause(logDir: string): boolean {
  const was = readPauseState(logDir) !== null;
  rmSync(stopFilePath(logDir), { force: true });
  return was;
}
