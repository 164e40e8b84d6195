// <log-dir>/http-problem.json: why a watchdog asked to serve (HTTP_PORT) serves no dashboard — its
// port taken, say — beside http.json, which says where a watchdog does serve. `launch start` waits
// for one of the two to tell the user at once; `launch status --url` reads it to say why there is
// no link, instead of leaving the reason in the ledger alone.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { readJsonFile } from '../adapters/json-file.js';
import { isWatchdogAlive } from '../adapters/watchdog-lock.js';

export const PROBLEM_FILE = 'http-problem.json';
const problemPath = (logDir: string): string => join(logDir, PROBLEM_FILE);

const problemSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  port: z.number().int().min(0).max(65535),
  /** The listen error, one sentence. */
  reason: z.string(),
  /** `in-use`: another program listens on the port (the common case, worded for it). */
  code: z.enum(['in-use', 'other']),
  at: z.string(),
});
export type ServingProblem = z.infer<typeof problemSchema>;

export function writeServingProblem(logDir: string, problem: ServingProblem): void {
  writeFileAtomic(problemPath(logDir), `${JSON.stringify(problem, null, 2)}\n`);
}

export function clearServingProblem(logDir: string): void {
  rmSync(problemPath(logDir), { force: true });
}

/** The problem of a live watchdog (a dead one's problem is history, not news). */
export function readServingProblem(logDir: string): ServingProblem | null {
  const read = readJsonFile(problemPath(logDir), problemSchema);
  if (!read.ok) return null;
  return isWatchdogAlive(read.value.pid) ? read.value : null;
}

/** "port 45999 in use: the watchdog serves no dashboard". */
export function servingProblemWords(problem: ServingProblem): string {
  const what =
    problem.code === 'in-use'
      ? `port ${problem.port} in use`
      : problem.reason.replace(/^cannot serve HTTP on /, `cannot serve on `);
  return `${what}: the watchdog serves no dashboard`;
}
