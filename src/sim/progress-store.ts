// Where a sim session keeps its place in the script across reboots: <log dir>/sim/<session>.json,
// written atomically and checked by zod when read (a damaged file means starting the phase over).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { err, ok, type Result } from '../util/result.js';
import type { Progress } from './model.js';

const progressFileSchema = z.strictObject({
  version: z.literal(1),
  session: z.string(),
  phaseId: z.string(),
  stepIndex: z.number().int().nonnegative(),
  pending: z.array(z.string()),
  boots: z.number().int().nonnegative(),
  limitResetAt: z.number().nullable(),
  waitUntil: z.number().nullable(),
});

/** Every sim session's progress; removing it makes the next start of each session replay its script. */
export function progressDir(logDir: string): string {
  return join(logDir, 'sim');
}

/** Session names are tmux names; anything outside a safe set becomes "_" in the file name. */
export function progressFile(logDir: string, session: string): string {
  return join(progressDir(logDir), `${session.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

export type ProgressReadFailure =
  { readonly reason: 'missing' } | { readonly reason: 'corrupt'; readonly detail: string };

export function readProgress(
  logDir: string,
  session: string,
): Result<Progress, ProgressReadFailure> {
  let text: string;
  try {
    text = readFileSync(progressFile(logDir, session), 'utf8');
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
  const parsed = progressFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({
      reason: 'corrupt',
      detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    });
  }
  const { version: _version, session: _session, ...progress } = parsed.data;
  return ok(progress);
}

export function writeProgress(logDir: string, session: string, progress: Progress): void {
  const data = progressFileSchema.parse({ version: 1, session, ...progress });
  writeFileAtomic(progressFile(logDir, session), `${JSON.stringify(data, null, 2)}\n`);
}
