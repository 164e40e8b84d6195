// `launch start` and the machine's registry: the run's name (a given --name is checked before
// anything starts), and the run registered once its watchdog is up (a failure to register costs
// `launch ls` the run, never the run itself: it is a warning).
import type { Settings } from '../config/fields.js';
import { machineRuns } from '../fleet/machine-runs.js';
import { nameFor, registerRun } from '../fleet/registry.js';
import { runNameProblem } from '../fleet/run-ref.js';
import { launchStateDir } from '../fleet/state-dir.js';
import { CliError, EXIT_USAGE } from '../util/errors.js';
import { readLiveRespawner } from '../watchdog/respawn-record.js';
import type { CliDeps } from './context.js';

export interface StartName {
  /** The --name given (checked), else null: the registry decides (the old name, or the plan dir's). */
  readonly given: string | null;
  /** The name this log dir's run has now, or would get. */
  readonly current: string;
}

/**
 * The run's name for this start: a --name given is checked (a valid name no other run — another log
 * dir — has; exit 2, before anything starts). Reads the registry as every command does, so a damaged
 * file is moved aside, the live runs rebuilt, and said here too.
 */
export function checkRunName(deps: CliDeps, settings: Settings, name: string | null): StartName {
  if (name !== null) {
    const problem = runNameProblem(name);
    if (problem !== null) throw new CliError(`--name: ${problem}`, EXIT_USAGE);
  }
  const { entries, notes } = machineRuns(deps.env, deps.now());
  for (const note of notes) deps.io.err(`launch: ${note}\n`);
  const current = name ?? nameFor(entries, settings);
  if (name === null) return { given: null, current };
  const other = entries.find((entry) => entry.name === name && entry.logDir !== settings.logDir);
  if (other !== undefined)
    throw new CliError(
      `--name: the run name ${name} is taken by ${other.planDir} (log dir ${other.logDir}); pick another, nothing was started`,
      EXIT_USAGE,
    );
  return { given: name, current };
}

export function registerStarted(deps: CliDeps, settings: Settings, name: string | null): void {
  const now = deps.now();
  try {
    const registered = registerRun(
      launchStateDir(deps.env),
      {
        planDir: settings.planDir,
        logDir: settings.logDir,
        socket: settings.tmuxSocket,
        sessionPrefix: settings.sessionPrefix,
        startedAt: now.toISOString(),
        watchdogPid: readLiveRespawner(settings.logDir)?.pid ?? null,
      },
      { name, now },
    );
    if (registered.ok)
      deps.io.out(
        `run:    ${registered.value.name} · from any folder: launch status ${registered.value.name} · launch ls\n`,
      );
    else deps.io.err(`launch: warning: not registered on this machine: ${registered.error}\n`);
  } catch (cause) {
    deps.io.err(
      `launch: warning: not registered on this machine (${launchStateDir(deps.env)}): ${(cause as Error).message}\n`,
    );
  }
}
