// The respawner's own record, <log-dir>/respawner.json: its pid (so `launch stop` can stop it even
// between two watchdogs, when no lock names anyone), the watchdog it runs, and when it starts the
// next one during a pause (so `launch status` can say "the respawner starts it again at 14:05").
import { readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../adapters/atomic-file.js';

export const RESPAWNER_FILE = 'respawner.json';

const recordSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  startedAt: z.string(),
  /** The watchdog it runs (its child, or the orphan it adopted), null during a pause. */
  watchdogPid: z.number().int().positive().nullable(),
  /** During a pause: when it starts the next watchdog (ISO), else null. */
  nextStartAt: z.string().nullable(),
});
export type RespawnerRecord = z.infer<typeof recordSchema>;

export const respawnerPath = (logDir: string): string => join(logDir, RESPAWNER_FILE);

/** Is `pid` a live `launch watchdog --respawn` (not a recycled pid running something else)? */
export function isRespawnerAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.includes('watchdog') && argv.includes('--respawn');
  } catch {
    return true; // no /proc to ask: trust the signal check
  }
}

/** The record as written, whether or not its respawner still lives (null: none, or unreadable). */
export function readRespawnerRecord(logDir: string): RespawnerRecord | null {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(readFileSync(respawnerPath(logDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The live respawner of this log dir, or null. */
export function readLiveRespawner(logDir: string): RespawnerRecord | null {
  const record = readRespawnerRecord(logDir);
  if (record === null) return null;
  if (record.host !== hostname()) return record; // another machine's, on a shared disk: assume live
  return isRespawnerAlive(record.pid) ? record : null;
}

/**
 * Writes this process's record. Never throws: a full or read-only disk costs `status` its pause
 * line, never the supervision itself.
 */
export function writeRespawnerRecord(
  logDir: string,
  fields: Pick<RespawnerRecord, 'startedAt' | 'watchdogPid' | 'nextStartAt'>,
): void {
  const record: RespawnerRecord = { pid: process.pid, host: hostname(), ...fields };
  try {
    writeFileAtomic(respawnerPath(logDir), `${JSON.stringify(record)}\n`);
  } catch {
    // see above
  }
}

/** Removes the record only if it is still this process's (an adopter may have replaced it). */
export function clearRespawnerRecord(logDir: string, pid = process.pid): void {
  if (readRespawnerRecord(logDir)?.pid !== pid) return;
  try {
    rmSync(respawnerPath(logDir), { force: true });
  } catch {
    // unwritable dir: the stale record names a dead pid, which readers ignore
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM the live respawner (it passes the signal to its watchdog and starts no other) and wait for
 * it to exit; SIGKILL after the timeout. Its pid, or null when none ran.
 */
export async function stopRespawner(logDir: string, timeoutMs = 25_000): Promise<number | null> {
  const record = readLiveRespawner(logDir);
  if (record === null || record.host !== hostname()) return null;
  try {
    process.kill(record.pid, 'SIGTERM');
  } catch {
    return record.pid;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRespawnerAlive(record.pid)) return record.pid;
    await sleep(100);
  }
  try {
    process.kill(record.pid, 'SIGKILL');
  } catch {
    // exited between the last check and now
  }
  return record.pid;
}
