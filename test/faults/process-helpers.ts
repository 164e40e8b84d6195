// Shared by the process fault cases: a sim world whose agents wait quietly (so nothing but the
// injected fault restarts them), and small probes of the supervisor's processes.
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { readLockHolder } from '../../src/adapters/watchdog-lock.js';
import type { Role } from '../../src/config/roles.js';
import { readLiveRespawner } from '../../src/watchdog/respawn-record.js';
import { makeRig, type Rig } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';

/** The fault-injection intervals: signal tick 2 s, heavy tick 4 s. */
export const FAULT_INTERVALS = { signalInterval: 2, watchInterval: 4 };

export async function quietWorld(config: Record<string, unknown> = {}): Promise<Rig> {
  return makeRig({
    script: {
      builder: { steps: [{ do: 'declare-wait', seconds: 3600 }] },
      adversary: { steps: [{ do: 'declare-wait', seconds: 3600 }] },
    },
    config: { ...FAULT_INTERVALS, ...config },
  });
}

export const AGENTS: readonly Role[] = ['builder', 'adversary'];

/** Started with `launch start`, its watchdog holding the lock: the watchdog's and respawner's pids. */
export async function startedWorld(rig: Rig): Promise<{ watchdog: number; respawner: number }> {
  const started = await rig.launch(['start'], 60_000);
  if (started.exitCode !== 0) throw new Error(`launch start failed: ${started.stderr}`);
  const watchdog = await waitFor('the watchdog holds its lock', () => readLockHolder(rig.logDir), {
    timeoutMs: 30_000,
    describe: rig.describe,
  });
  const respawner = readLiveRespawner(rig.logDir);
  if (respawner === null) throw new Error('no respawner after launch start');
  return { watchdog: watchdog.pid, respawner: respawner.pid };
}

/** Every agent session is there with a live pane. */
export async function agentsUp(rig: Rig): Promise<boolean> {
  const listed = await rig.tmux.listPanes();
  if (!listed.ok) return false;
  return AGENTS.every((role) =>
    listed.value.some((pane) => pane.session === rig.session(role) && !pane.dead),
  );
}

/** A live process (a zombie left unreaped by an init that does not reap counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** pid of the rig's tmux server. */
export async function tmuxServerPid(rig: Rig): Promise<number> {
  const shown = await execa('tmux', ['-L', rig.socket, 'display-message', '-p', '#{pid}'], {
    reject: false,
  });
  return Number(String(shown.stdout).trim());
}
