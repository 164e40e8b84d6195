// Keeping supervision when the respawner itself is killed (kill -9, the OOM killer). The watchdog
// does not die with its respawner (nothing tells it to), but it would run on without anyone to
// start it again after a crash. So each watchdog run under a respawner looks every few seconds
// whether that respawner still lives; when it is gone, the watchdog starts a fresh detached
// respawner with `--adopt=<its own pid>`. The adopter is not its parent, so it cannot wait(2) for
// it: it polls the pid, and when the pid is gone it tells a clean exit (the lock released and the
// last `watchdog-stopped` not a crash) from a death (the lock still names the dead pid, or a crash)
// and then behaves exactly like the respawner it replaces. The adopter watches in turn: a killed
// adopter is replaced the same way. What is not covered: a watchdog killed in the few seconds
// between losing its respawner and starting the adopter.
import { readFileSync } from 'node:fs';
import { readRecentEvents } from '../adapters/ledger.js';
import { isWatchdogAlive, lockPath } from '../adapters/watchdog-lock.js';
import { isCrashReason } from './crash-guard.js';
import { isRespawnerAlive } from './respawn-record.js';
import { spawnDetachedRespawner } from './respawn-detached.js';
import type { ChildExit } from './respawn-policy.js';

/** The variable a respawner gives its watchdog: its own pid, to be watched. */
export const RESPAWNER_PID_ENV = 'LAUNCH_RESPAWNER_PID';
export const ADOPT_FLAG = '--adopt';
const CHECK_MS = 2_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What the lock file says now, whether or not its holder lives. */
function lockPid(logDir: string): number | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(lockPath(logDir), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'pid' in parsed) {
      const pid = parsed.pid;
      return typeof pid === 'number' ? pid : null;
    }
  } catch {
    // no lock (released) or unreadable
  }
  return null;
}

/**
 * The adopter's wait: until `pid` is gone (or `stopping()`), then how it ended as far as can be
 * told from outside — the same shape a child's exit has, for the same policy.
 */
export async function awaitAdopted(
  pid: number,
  logDir: string,
  stopping: () => boolean,
  pollMs = 500,
): Promise<ChildExit> {
  while (isWatchdogAlive(pid)) await sleep(pollMs);
  if (stopping()) return { code: 0, signal: null };
  // A watchdog that ends by itself (a stop, the sequence's end, a crash caught by its guard)
  // releases its lock after writing `watchdog-stopped`; one that is killed leaves the lock behind.
  if (lockPid(logDir) === pid) return { code: null, signal: 'a signal (its lock left behind)' };
  const stop = readRecentEvents(logDir, 40).findLast(
    (event) => event.type === 'watchdog-stopped' && event.pid === pid,
  );
  if (stop !== undefined && typeof stop.reason === 'string' && isCrashReason(stop.reason))
    return { code: 1, signal: null };
  return { code: 0, signal: null };
}

export interface RespawnerWatch {
  /** The respawner to watch (from RESPAWNER_PID_ENV). */
  readonly respawnerPid: number;
  readonly logDir: string;
  readonly cwd: string;
  /** This watchdog's own argv after node (the launch script and its arguments, without --respawn). */
  readonly args: readonly string[];
  /** Told once for each adopter started, or why none could be. */
  readonly say: (line: string) => void;
  readonly checkMs?: number;
}

/** The watchdog's side: replaces a lost respawner with an adopter. Returns a function that stops it. */
export function watchRespawner(watch: RespawnerWatch): () => void {
  let watched = watch.respawnerPid;
  const timer = setInterval(() => {
    if (isRespawnerAlive(watched)) return;
    const started = spawnDetachedRespawner({
      node: process.execPath,
      args: [...watch.args, '--respawn', `${ADOPT_FLAG}=${process.pid}`],
      cwd: watch.cwd,
      logDir: watch.logDir,
    });
    if (started.ok) {
      watch.say(
        `its respawner (pid ${watched}) is gone; respawner pid ${started.pid} adopted this watchdog`,
      );
      watched = started.pid;
    } else {
      watch.say(
        `its respawner (pid ${watched}) is gone and no other could start: ${started.error}`,
      );
    }
  }, watch.checkMs ?? CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
