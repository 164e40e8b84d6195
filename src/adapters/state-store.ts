// Reads and writes <log-dir>/state.json: written atomically (temp file + rename), checked by zod
// when read; a damaged file is moved aside, never a crash loop.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../util/result.js';
import { initialState, stateSchema, type WatchdogState } from '../watchdog/state.js';
import { loadStateForRun } from '../watchdog/state-salvage.js';
import { writeFileAtomic } from './atomic-file.js';
import { appendEvents } from './ledger.js';
import { readJsonFile, type JsonFileFailure } from './json-file.js';

export const STATE_FILE = 'state.json';

export type StateReadFailure = JsonFileFailure;

export function statePath(logDir: string): string {
  return join(logDir, STATE_FILE);
}

export function readState(logDir: string): Result<WatchdogState, StateReadFailure> {
  return readJsonFile(statePath(logDir), stateSchema);
}

export function writeState(logDir: string, state: WatchdogState): void {
  writeFileAtomic(statePath(logDir), `${JSON.stringify(stateSchema.parse(state), null, 2)}\n`);
}

/** Moves a damaged state file aside (kept for inspection) and returns where it went. */
export function quarantineState(logDir: string, now: Date): string {
  const aside = join(logDir, `state.corrupt-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  renameSync(statePath(logDir), aside);
  return aside;
}

/**
 * The state a `launch start` begins from: fresh sessions always; with `resume`, the phase and the
 * handoff cursor are kept (commits pushed meanwhile are still pinged), otherwise phase 1 and a
 * baseline. A damaged file on `--resume` is salvaged (state-salvage.ts): the phase only from a field
 * that validates (or the ledger), the cursor from the file or the ledger's last ping/baseline, and a
 * `state-recovered` line says so. Returns the phase index to start at.
 */
export function prepareStateForStart(
  logDir: string,
  options: { resume: boolean; total: number; phaseIds?: readonly string[]; now?: Date },
): number {
  const existing = readState(logDir);
  if (options.resume && !existing.ok && existing.error.reason === 'corrupt') {
    const now = options.now ?? new Date();
    const loaded = loadStateForRun(logDir, options.phaseIds ?? [], now);
    const phaseIndex = Math.min(loaded.state.phaseIndex, options.total - 1);
    writeState(logDir, {
      ...initialState(phaseIndex),
      handoff: { ...loaded.state.handoff, pending: [] },
    });
    try {
      appendEvents(logDir, loaded.events);
    } catch {
      // the ledger refuses writes: the watchdog says so as soon as it runs
    }
    return phaseIndex;
  }
  if (!existing.ok && existing.error.reason === 'corrupt') quarantineState(logDir, new Date());
  if (!options.resume || !existing.ok) {
    writeState(logDir, initialState(0));
    return 0;
  }
  const phaseIndex = Math.min(existing.value.phaseIndex, options.total - 1);
  writeState(logDir, {
    ...initialState(phaseIndex),
    handoff: { ...existing.value.handoff, pending: [] },
  });
  return phaseIndex;
}
