// Stopping: the watchdog process (by the pid in its lock, so it finishes its tick and flushes its
// state) and the agent sessions. Used by `launch stop`, `launch start` (stale sessions) and phase advance.
import { isWatchdogAlive, readLockHolder } from '../adapters/watchdog-lock.js';
import type { Tmux } from '../adapters/tmux.js';
import type { Settings } from '../config/fields.js';
import { ROLES, sessionName, watchdogSessionName } from '../config/roles.js';
import { teamOf } from '../config/team.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WatchdogStop {
  /** pid of the watchdog that was asked to stop, or null if none ran. */
  readonly pid: number | null;
  /** It did not exit in time and was killed. */
  readonly forced: boolean;
}

/** SIGTERM the lock holder and wait for it to exit (it finishes its tick first); SIGKILL after the timeout. */
export async function stopWatchdogProcess(
  logDir: string,
  timeoutMs = 20_000,
): Promise<WatchdogStop> {
  const holder = readLockHolder(logDir);
  if (holder === null) return { pid: null, forced: false };
  try {
    process.kill(holder.pid, 'SIGTERM');
  } catch {
    return { pid: holder.pid, forced: false };
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isWatchdogAlive(holder.pid)) return { pid: holder.pid, forced: false };
    await sleep(100);
  }
  try {
    process.kill(holder.pid, 'SIGKILL');
  } catch {
    // exited between the last check and now
  }
  return { pid: holder.pid, forced: true };
}

/** Kills every agent session of this run (all roles, whether or not the Orchestrator is enabled). */
export async function killAgentSessions(tmux: Tmux, settings: Settings): Promise<string[]> {
  const killed: string[] = [];
  // Every role of the team (and the three default names: a team edited since its start).
  const roles = new Set<string>([...teamOf(settings).map((role) => role.name), ...ROLES]);
  for (const role of roles) {
    const name = sessionName(settings, role);
    if (await tmux.killSession(name)) killed.push(name);
  }
  return killed;
}

export async function killWatchdogSession(tmux: Tmux, settings: Settings): Promise<boolean> {
  return tmux.killSession(watchdogSessionName(settings));
}
