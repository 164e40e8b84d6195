// `launch start` and the machine's registry: a given --name is checked before anything starts, and
// the run is registered once its watchdog is up (a failure to register costs `launch ls` the run,
// never the run itself: it is a warning).
import type { Settings } from '../config/fields.js';
import { readRegistry, registerRun } from '../fleet/registry.js';
import { runNameProblem } from '../fleet/run-ref.js';
import { launchStateDir } from '../fleet/state-dir.js';
import { CliError, EXIT_USAGE } from '../util/errors.js';
import { readLiveRespawner } from '../watchdog/respawn-record.js';
import type { CliDeps } from './context.js';

/** The --name given, checked: a valid name no other run (another log dir) has. */
export function checkRunName(
  deps: CliDeps,
  settings: Settings,
  name: string | null,
): string | null {
  if (name === null) return null;
  const problem = runNameProblem(name);
  if (problem !== null) throw new CliError(`--name: ${problem}`, EXIT_USAGE);
  const { entries } = readRegistry(launchStateDir(deps.env), { now: deps.now() });
  const other = entries.find((entry) => entry.name === name && entry.logDir !== settings.logDir);
  if (other !== undefined)
    throw new CliError(
      `--name: the run name ${name} is taken by ${other.planDir} (log dir ${other.logDir}); pick another, nothing was started`,
      EXIT_USAGE,
    );
  return name;
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
