// One watchdog per log dir: <log-dir>/watchdog.lock names the holder's pid. A lock whose holder is
// gone (or whose pid now belongs to another program) is stale and taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../util/result.js';

export const LOCK_FILE = 'watchdog.lock';

const lockSchema = z.object({
  pid: z.number().int().positive(),
  startedAt: z.string(),
  host: z.string(),
});
export type LockInfo = z.infer<typeof lockSchema>;

export const lockPath = (logDir: string): string => join(logDir, LOCK_FILE);

/** Is `pid` a live process that still looks like a launch watchdog? */
export function isWatchdogAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (cause) {
    // EPERM: it exists but belongs to someone else — treat as alive, never steal it.
    if ((cause as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // pid reuse after a crash: a recycled pid running something else is not our holder.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('watchdog');
  } catch {
    return true; // no /proc to ask: trust the signal check
  }
}

/** The live holder of the lock, or null when there is none (no file, unreadable, or stale). */
export function readLockHolder(logDir: string): LockInfo | null {
  let info: LockInfo;
  try {
    info = lockSchema.parse(JSON.parse(readFileSync(lockPath(logDir), 'utf8')));
  } catch {
    return null;
  }
  if (info.host !== hostname()) return info; // another machine's watchdog on a shared disk: assume live
  return isWatchdogAlive(info.pid) ? info : null;
}

export interface HeldLock {
  readonly info: LockInfo;
  readonly release: () => void;
}

export type LockFailure = { readonly reason: 'held'; readonly holder: LockInfo };

export function acquireLock(
  logDir: string,
  now: Date,
  pid = process.pid,
): Result<HeldLock, LockFailure> {
  const file = lockPath(logDir);
  const info: LockInfo = { pid, startedAt: now.toISOString(), host: hostname() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      try {
        writeSync(fd, `${JSON.stringify(info)}\n`);
      } catch (cause) {
        // A full disk: no empty lock file left behind to puzzle the next start.
        closeSync(fd);
        rmSync(file, { force: true });
        throw cause;
      }
      closeSync(fd);
      return ok({ info, release: () => releaseLock(logDir, pid) });
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
    }
    const holder = readLockHolder(logDir);
    if (holder !== null && holder.pid !== pid) return err({ reason: 'held', holder });
    // Stale (or our own leftover): remove and try again.
    rmSync(file, { force: true });
  }
  const holder = readLockHolder(logDir);
  return holder ? err({ reason: 'held', holder }) : err({ reason: 'held', holder: info });
}

/** Removes the lock only if it is still ours. */
export function releaseLock(logDir: string, pid = process.pid): void {
  try {
    const current = lockSchema.parse(JSON.parse(readFileSync(lockPath(logDir), 'utf8')));
    if (current.pid === pid) rmSync(lockPath(logDir), { force: true });
  } catch {
    // gone or damaged: nothing of ours to release
  }
}
