// The side file that tells `launch status` the watchdog's log dir refuses writes: kept outside the
// log dir (in the temp dir, keyed by the log dir's path), since the log dir is the thing that fails.
// Written when an outage starts, removed when it ends or the watchdog stops.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { nameHash } from '../util/name-hash.js';

const problemSchema = z.object({
  pid: z.number().int().positive(),
  since: z.string(),
  detail: z.string(),
  /** Ledger lines held in memory when the file was last written. */
  held: z.number().int().nonnegative(),
  /** Whose: the file name is a short hash of this path, and a clash must not show another's. */
  logDir: z.string().optional(),
});
export type DiskProblem = z.infer<typeof problemSchema>;

export function diskProblemPath(logDir: string): string {
  return join(tmpdir(), `launch-disk-${nameHash(resolve(logDir))}.json`);
}

/** Best effort: a temp dir that is full too leaves stderr and the notification to say it. */
export function writeDiskProblem(logDir: string, problem: DiskProblem): void {
  try {
    // atomic: `launch status` may read it at any moment
    const owned = { ...problem, logDir: resolve(logDir) };
    writeFileAtomic(diskProblemPath(logDir), `${JSON.stringify(owned)}\n`);
  } catch {
    // nowhere to write it
  }
}

export function clearDiskProblem(logDir: string): void {
  try {
    rmSync(diskProblemPath(logDir), { force: true });
  } catch {
    // not ours to remove, or already gone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The standing problem of a live watchdog for `logDir`, or null (none, damaged, or its writer gone). */
export function readDiskProblem(logDir: string): DiskProblem | null {
  let problem: DiskProblem;
  try {
    problem = problemSchema.parse(JSON.parse(readFileSync(diskProblemPath(logDir), 'utf8')));
  } catch {
    return null;
  }
  if (problem.logDir !== undefined && problem.logDir !== resolve(logDir)) return null;
  return alive(problem.pid) ? problem : null;
}
