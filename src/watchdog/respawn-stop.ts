// Stopping the whole supervisor of a run: its respawner (so no watchdog is started again, also during
// a pause, when no lock names anyone) and its watchdog (which finishes its tick and flushes), at once.
import { stopWatchdogProcess, type WatchdogStop } from '../agents/stop.js';
import { stopRespawner } from './respawn-record.js';

export interface SupervisorStop {
  readonly watchdog: WatchdogStop;
  /** pid of the respawner that was asked to stop, or null if none ran. */
  readonly respawnerPid: number | null;
}

export async function stopSupervisor(logDir: string, timeoutMs = 20_000): Promise<SupervisorStop> {
  const [respawnerPid, watchdog] = await Promise.all([
    stopRespawner(logDir, timeoutMs + 5_000),
    stopWatchdogProcess(logDir, timeoutMs),
  ]);
  return { watchdog, respawnerPid };
}
