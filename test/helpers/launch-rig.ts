// End-to-end rig: a temp world (bare origin, Builder and Adversary clones, a plan dir made by
// `launch init`), `bin/launch` on a private tmux socket with short intervals, the sim agent with a
// per-test script, and helpers that wait on the ledger and the panes. dispose() stops everything.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTmux, type Tmux } from '../../src/adapters/tmux.js';
import { readEvents } from '../../src/adapters/ledger.js';
import { removeLogDirLink } from '../../src/adapters/pane-log-link.js';
import { sessionName, type Role } from '../../src/config/roles.js';
import type { SimScript } from '../../src/sim/script-schema.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { readLockHolder } from '../../src/adapters/watchdog-lock.js';
import { WATCHDOG_OUT } from '../../src/watchdog/respawn-detached.js';
import { readLiveRespawner } from '../../src/watchdog/respawn-record.js';
import { GIT_TEST_ENV, makeGitWorld, type GitWorld } from './git-world.js';
import { uniqueSocketName } from './private-tmux.js';
import { runLaunch, type LaunchResult } from './run-launch.js';
import { waitFor } from './wait-for.js';

export interface RigOptions {
  /** The sim script (per role); roles left out follow the bundled demo. */
  readonly script: SimScript;
  /** launch.config.json keys on top of the rig's short intervals. */
  readonly config?: Record<string, unknown>;
  /** Names with spaces, quotes and $(...) for the plan, clone and log dirs. */
  readonly oddPaths?: boolean;
  /** Two phases by default. */
  readonly phases?: readonly string[];
  /** More environment for every `launch` the rig runs (e.g. a shared XDG_STATE_HOME). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface Rig {
  readonly root: string;
  readonly plan: string;
  readonly logDir: string;
  readonly git: GitWorld;
  /** A third clone the test pushes from (as if another agent or a person did). */
  readonly outside: string;
  readonly socket: string;
  readonly prefix: string;
  readonly tmux: Tmux;
  readonly env: Record<string, string>;
  readonly launch: (args: readonly string[], timeoutMs?: number) => Promise<LaunchResult>;
  readonly events: () => LedgerEvent[];
  readonly waitForEvent: (
    step: string,
    predicate: (event: LedgerEvent) => boolean,
    timeoutMs?: number,
  ) => Promise<LedgerEvent>;
  readonly session: (role: Role) => string;
  readonly capture: (role: Role) => Promise<string>;
  readonly describe: () => Promise<string>;
  readonly dispose: () => Promise<void>;
}

/** Intervals short enough for tests, long enough for a loaded 2-core machine. */
export const FAST = {
  backend: 'sim',
  signalInterval: 0.5,
  watchInterval: 1,
  stallIdle: 4,
  stallGrace: 2,
  limitResetSlack: 1,
  limitProbeFallback: 3,
  orchWakeInterval: 3600,
  watchOrchestrator: false,
};

/** Sim steps for a run that must stay up and quiet while a test works on it: both agents wait. */
export const WAITING_AGENTS: SimScript = {
  builder: { steps: [{ do: 'declare-wait', seconds: 600 }] },
  adversary: { steps: [{ do: 'declare-wait', seconds: 600 }] },
};

/** Sets `values` in a plan dir's launch.config.json, keeping its other keys (a config edited mid-run). */
export function setConfig(plan: string, values: Record<string, unknown>): void {
  const file = join(plan, 'launch.config.json');
  writeFileSync(
    file,
    JSON.stringify({ ...(JSON.parse(readFileSync(file, 'utf8')) as object), ...values }),
  );
}

export async function makeRig(options: RigOptions): Promise<Rig> {
  const root = mkdtempSync(join(tmpdir(), 'launch-e2e-'));
  try {
    return await buildRig(root, options);
  } catch (error) {
    // Nothing runs yet (init and git only): a rig that fails to be made leaves no world behind.
    await removeWorld(root).catch(() => undefined);
    throw error;
  }
}

async function buildRig(root: string, options: RigOptions): Promise<Rig> {
  const odd = options.oddPaths ? ` it's "odd" $(touch PWNED)` : '';
  const git = await makeGitWorld(root);
  const plan = join(root, `plan${odd}`);
  const logDir = join(root, `logs${odd}`);
  mkdirSync(plan, { recursive: true });
  const socket = uniqueSocketName('e2e');
  const prefix = `t${Math.random().toString(36).slice(2, 8)}`;
  // The run registry of this world only ($XDG_STATE_HOME/launch), never the machine's.
  const env = {
    ...GIT_TEST_ENV,
    HOME: root,
    XDG_STATE_HOME: join(root, 'state'),
    LAUNCH_TMUX_SOCKET: socket,
    SESSION_PREFIX: prefix,
    ...options.env,
  };
  const launch = (args: readonly string[], timeoutMs?: number) =>
    runLaunch(args, { cwd: plan, env, timeoutMs });

  const init = await launch(['init', plan]);
  if (init.exitCode !== 0) throw new Error(`launch init failed: ${init.stderr}`);
  const phases = options.phases ?? ['p1', 'p2'];
  writeFileSync(
    join(plan, 'phases', 'phases.json'),
    JSON.stringify(phases.map((id) => ({ id, plan: `plan-${id}.md`, status: `STATUS-${id}.md` }))),
  );
  for (const id of phases) writeFileSync(join(plan, 'phases', `plan-${id}.md`), `# plan ${id}\n`);
  const scriptFile = join(root, 'sim-script.json');
  writeFileSync(scriptFile, JSON.stringify(options.script, null, 2));
  writeFileSync(
    join(plan, 'launch.config.json'),
    JSON.stringify(
      {
        ...FAST,
        builderDir: git.builder,
        advDir: git.adversary,
        logDir,
        simScript: scriptFile,
        ...options.config,
      },
      null,
      2,
    ),
  );
  const outside = join(root, 'outside clone');
  cpSync(git.builder, outside, { recursive: true });

  const tmux = createTmux({ socket });
  const session = (role: Role) => sessionName({ sessionPrefix: prefix, orchSession: null }, role);
  const capture = async (role: Role) => (await tmux.capture(session(role))) ?? '(no session)';
  const events = () => readEvents(logDir);
  const describe = async () => {
    const panes = await Promise.all(
      (['builder', 'adversary'] as const).map(
        async (role) => `── ${role} ──\n${await capture(role)}`,
      ),
    );
    const recent = events()
      .slice(-25)
      .map(
        (event) =>
          `${event.ts.slice(11, 19)} ${event.role ?? ''} ${event.type} ${String(event.reason ?? '')}`,
      );
    let watchdogLog = '';
    try {
      watchdogLog = readFileSync(join(logDir, WATCHDOG_OUT), 'utf8').slice(-1500);
    } catch {
      watchdogLog = '(no watchdog.out)';
    }
    return `${panes.join('\n')}\n── ledger ──\n${recent.join('\n')}\n── watchdog.out ──\n${watchdogLog}`;
  };
  const waitForEvent = (
    step: string,
    predicate: (event: LedgerEvent) => boolean,
    timeoutMs = 45_000,
  ) => waitFor(step, () => events().find(predicate), { timeoutMs, intervalMs: 200, describe });

  const dispose = async () => {
    await launch(['stop'], 60_000).catch(() => undefined);
    // The respawner and the watchdog live outside the tmux server: a failed stop must not leave them.
    killSupervisor(logDir);
    await tmux.killServer();
    removeLogDirLink(logDir);
    await removeWorld(root);
  };
  return {
    root,
    plan,
    logDir,
    git,
    outside,
    socket,
    prefix,
    tmux,
    env,
    launch,
    events,
    waitForEvent,
    session,
    capture,
    describe,
    dispose,
  };
}

/** SIGKILL, by pid, the respawner and the watchdog of a log dir (if still there). */
/**
 * Removes a world's folder. A hook the sim ran just before the kill (`launch signal`, a node process
 * that takes a while to start on a loaded machine) may still be writing its line: try again.
 */
async function removeWorld(root: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      rmSync(root, { recursive: true, force: true });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export function killSupervisor(logDir: string): void {
  const pids = [readLiveRespawner(logDir)?.pid, readLockHolder(logDir)?.pid];
  for (const pid of pids) {
    if (pid === undefined) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/** Events of one type (and role), in order. */
export function ofType(events: readonly LedgerEvent[], type: string, role?: Role): LedgerEvent[] {
  return events.filter(
    (event) => event.type === type && (role === undefined || event.role === role),
  );
}
