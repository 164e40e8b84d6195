// Whether a run is live: its watchdog holds the lock, or its respawner is between two watchdogs.
// Cheap (two small files and a /proc look), so `launch stop` and `launch start` can ask it.
import { readLockHolder } from '../adapters/watchdog-lock.js';
import { readLiveRespawner } from '../watchdog/respawn-record.js';

export interface Liveness {
  readonly live: boolean;
  /** The watchdog's pid, else its respawner's; null when not live. */
  readonly pid: number | null;
}

export function runLiveness(logDir: string): Liveness {
  const holder = readLockHolder(logDir);
  if (holder !== null) return { live: true, pid: holder.pid };
  const respawner = readLiveRespawner(logDir);
  return respawner !== null ? { live: true, pid: respawner.pid } : { live: false, pid: null };
}

export const isRunLive = (entry: { readonly logDir: string }): boolean =>
  runLiveness(entry.logDir).live;
