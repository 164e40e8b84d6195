// The runs live on this machine, found without the registry (its rebuild after damage): every
// `launch watchdog` process of this user whose log dir's lock (or respawner record) names it, and
// whose environment points at the same state dir. Linux /proc; elsewhere nothing is found.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readLockHolder } from '../adapters/watchdog-lock.js';
import { RUN_SETTINGS_FILE } from '../config/resolve.js';
import { settingsSchema } from '../config/schema.js';
import { readLiveRespawner } from '../watchdog/respawn-record.js';
import type { RunToRegister } from './registry.js';
import { launchStateDir } from './state-dir.js';

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function environOf(pid: number): Record<string, string> | null {
  const text = read(`/proc/${pid}/environ`);
  if (text === null) return null;
  const env: Record<string, string> = {};
  for (const pair of text.split('\0')) {
    const eq = pair.indexOf('=');
    if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

/** The log dir a watchdog process runs for: its --log-dir, LAUNCH_LOG_DIR, or <cwd>/.launch. */
function logDirOf(
  pid: number,
  argv: readonly string[],
  env: Record<string, string>,
): string | null {
  let cwd: string;
  try {
    cwd = readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] ?? '';
    if (word === '--log-dir' && argv[index + 1] !== undefined)
      return resolve(cwd, argv[index + 1] ?? '');
    if (word.startsWith('--log-dir=')) return resolve(cwd, word.slice('--log-dir='.length));
  }
  if (env.LAUNCH_LOG_DIR) return resolve(cwd, env.LAUNCH_LOG_DIR);
  return join(cwd, '.launch');
}

/** The entry a live run's log dir gives: its run settings, its lock's start time. */
function entryFor(logDir: string, pid: number, now: Date): RunToRegister | null {
  const text = read(join(logDir, RUN_SETTINGS_FILE));
  if (text === null) return null;
  let settings;
  try {
    const parsed = settingsSchema().safeParse(JSON.parse(text));
    if (!parsed.success) return null;
    settings = parsed.data;
  } catch {
    return null;
  }
  const holder = readLockHolder(logDir);
  return {
    planDir: settings.planDir,
    logDir,
    socket: settings.tmuxSocket,
    sessionPrefix: settings.sessionPrefix,
    startedAt: holder?.startedAt ?? now.toISOString(),
    watchdogPid: readLiveRespawner(logDir)?.pid ?? pid,
  };
}

/** Live runs registered (by their environment) in `stateDir`, one per log dir. */
export function findLiveRuns(stateDir: string, now: Date): RunToRegister[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
  const found = new Map<string, RunToRegister>();
  for (const pid of pids) {
    const argv = (read(`/proc/${pid}/cmdline`) ?? '').split('\0');
    if (!argv.includes('watchdog')) continue;
    const env = environOf(pid);
    if (env === null || launchStateDir(env) !== stateDir) continue;
    const logDir = logDirOf(pid, argv, env);
    if (logDir === null || found.has(logDir)) continue;
    // Verified by the log dir itself: its lock or respawner record names this process.
    if (readLockHolder(logDir)?.pid !== pid && readLiveRespawner(logDir)?.pid !== pid) continue;
    const entry = entryFor(logDir, pid, now);
    if (entry !== null) found.set(logDir, entry);
  }
  return [...found.values()];
}
