// The durable state in <log-dir>/state.json: written atomically, checked by zod when read.
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../util/result.js';
import { writeFileAtomic } from './atomic-file.js';

export const STATE_FILE = 'state.json';

export const stateSchema = z.object({
  version: z.literal(1),
  phaseIndex: z.number().int().nonnegative(),
});
export type PersistedState = z.infer<typeof stateSchema>;

export const initialState = (): PersistedState => ({ version: 1, phaseIndex: 0 });

export type StateReadFailure =
  { readonly reason: 'missing' } | { readonly reason: 'corrupt'; readonly detail: string };

export function statePath(logDir: string): string {
  return join(logDir, STATE_FILE);
}

export function readState(logDir: string): Result<PersistedState, StateReadFailure> {
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
  if (!parsed.success)
    return err({ reason: 'corrupt', detail: parsed.error.issues[0]?.message ?? 'invalid' });
  return ok(parsed.data);
}

export function writeState(logDir: string, state: PersistedState): void {
  writeFileAtomic(statePath(logDir), `${JSON.stringify(stateSchema.parse(state), null, 2)}\n`);
}

/** Moves a damaged state file aside (kept for inspection) and returns where it went. */
export function quarantineState(logDir: string, now: Date): string {
  const aside = join(logDir, `state.corrupt-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  renameSync(statePath(logDir), aside);
  return aside;
}
