// Where a sim session keeps its place in the script across reboots: <log dir>/sim/<session>.json,
// written atomically and checked by zod when read (a damaged file means starting the phase over).
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { readJsonFile, type JsonFileFailure } from '../adapters/json-file.js';
import { ok, type Result } from '../util/result.js';
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
  conversationId: z.string().optional(),
});

/** Every sim session's progress; removing it makes the next start of each session replay its script. */
export function progressDir(logDir: string): string {
  return join(logDir, 'sim');
}

/** Session names are tmux names; anything outside a safe set becomes "_" in the file name. */
export function progressFile(logDir: string, session: string): string {
  return join(progressDir(logDir), `${session.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

export type ProgressReadFailure = JsonFileFailure;

export function readProgress(
  logDir: string,
  session: string,
): Result<Progress, ProgressReadFailure> {
  const parsed = readJsonFile(progressFile(logDir, session), progressFileSchema);
  if (!parsed.ok) return parsed;
  const { version: _version, session: _session, ...progress } = parsed.value;
  return ok(progress);
}

export function writeProgress(logDir: string, session: string, progress: Progress): void {
  const data = progressFileSchema.parse({ version: 1, session, ...progress });
  writeFileAtomic(progressFile(logDir, session), `${JSON.stringify(data, null, 2)}\n`);
}
