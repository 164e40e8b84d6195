// Reads and writes <log-dir>/state.json: written atomically (temp file + rename), checked by zod
// when read; a damaged file is moved aside, never a crash loop.
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../util/result.js';
import { initialState, stateSchema, type WatchdogState } from '../watchdog/state.js';
import { writeFileAtomic } from './atomic-file.js';

export const STATE_FILE = 'state.json';

export type StateReadFailure =
  { readonly reason: 'missing' } | { readonly reason: 'corrupt'; readonly detail: string };

export function statePath(logDir: string): string {
  return join(logDir, STATE_FILE);
}

export function readState(logDir: string): Result<WatchdogState, StateReadFailure> {
  let text: string;
  try {
    text = readFileSync(statePath(logDir), 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return err({ reason: 'missing' });
    return err({ reason: 'corrupt', detail: (cause as Error).message });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return err({ reason: 'corrupt', detail: (cause as Error).message });
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({
      reason: 'corrupt',
      detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    });
  }
  return ok(parsed.data);
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
 * baseline. Returns the phase index to start at.
 */
export function prepareStateForStart(
  logDir: string,
  options: { resume: boolean; total: number },
): number {
  const existing = readState(logDir);
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
