// Taking a demo run down: what `launch stop` does (the watchdog asked to finish its tick and its
// respawner to start no other — both detached processes outside the tmux server — then the
// sessions), then the private tmux server and every pane process it ran, the pane-log link, the
// folder. Each step is bounded and runs even when an earlier one failed.
import { copyFileSync, existsSync } from 'node:fs';
import { ledgerPath } from '../adapters/ledger.js';
import { removeLogDirLink } from '../adapters/pane-log-link.js';
import type { Tmux } from '../adapters/tmux.js';
import { killAgentSessions, killWatchdogSession } from '../agents/stop.js';
import type { Settings } from '../config/fields.js';
import { err, ok, type Result } from '../util/result.js';
import { stopSupervisor } from '../watchdog/respawn-stop.js';
import { removeDemoRoot, type DemoWorld } from './world.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface StopReport {
  /** pid of the watchdog that was asked to stop, or null if none ran. */
  readonly watchdogPid: number | null;
  /** Pane processes that had not exited a few seconds after their server went, and were killed. */
  readonly forced: readonly number[];
}

/**
 * `launch stop` (in this process, so a second Ctrl-C cannot cut it short), then kill-server, then
 * wait for the pane processes: tmux only sends them SIGHUP, and "nothing left behind" means gone.
 */
export async function stopDemoRun(
  world: DemoWorld,
  tmux: Tmux,
  settings: Settings | null,
): Promise<StopReport> {
  const { watchdog } = await stopSupervisor(world.logDir, 10_000);
  // Read before anything is killed: these are the processes that must be gone at the end.
  const panes = await tmux.listPanes();
  const pids = panes.ok ? panes.value.map((pane) => pane.pid).filter((pid) => pid > 0) : [];
  if (settings !== null) {
    await killWatchdogSession(tmux, settings);
    await killAgentSessions(tmux, settings);
  }
  await tmux.killServer();
  const deadline = Date.now() + 5_000;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(100);
  const forced = pids.filter(isAlive);
  for (const pid of forced) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited just now
    }
  }
  return { watchdogPid: watchdog.pid, forced };
}

/** Copies the ledger out (when asked), then removes the world whether or not the copy worked. */
export function removeDemoWorld(
  world: DemoWorld,
  eventsFile: string | null,
): Result<string | null, string> {
  const copied = saveLedger(world, eventsFile);
  removeLogDirLink(world.logDir);
  removeDemoRoot(world.root);
  return copied;
}

/** The ledger copied to `eventsFile`: its path, null when there was nothing to copy, or why not. */
export function saveLedger(
  world: DemoWorld,
  eventsFile: string | null,
): Result<string | null, string> {
  if (eventsFile === null || !existsSync(ledgerPath(world.logDir))) return ok(null);
  try {
    copyFileSync(ledgerPath(world.logDir), eventsFile);
    return ok(eventsFile);
  } catch (cause) {
    return err(`could not copy the ledger to ${eventsFile}: ${(cause as Error).message}`);
  }
}
