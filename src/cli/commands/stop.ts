// `launch stop`: the watchdog (asked to finish its tick and flush) and the agents go; state stays.
// As a systemd unit's ExecStop (with --systemd-main-pid=${MAINPID}) it stops nothing when the
// watchdog had already exited by itself: Restart= brings it back to the same agents.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { STOP_REQUEST_FILE, writeStopRequest } from '../../watchdog/stop-request.js';
import { killAgentSessions, killWatchdogSession } from '../../agents/stop.js';
import { stopSupervisor } from '../../watchdog/respawn-stop.js';
import { machineRuns } from '../../fleet/machine-runs.js';
import { isRunLive } from '../../fleet/run-live.js';
import { CliError, EXIT_RUNTIME } from '../../util/errors.js';
import { NOT_A_PLAN_DIR, resolveSettings, tmuxFor, type CliDeps } from '../context.js';
import { namedRun, withRunHint } from '../run-target.js';
import { shortPath } from '../run-table.js';
import { launchHint } from '../given-flags.js';
import { hasRunState, nothingRunningHere } from '../stop-report.js';

/**
 * Nothing to stop here, but runs are live elsewhere on the machine: the person probably meant one of
 * them, so this is not a silent success (exit 1, with the way to stop each).
 */
function othersLive(deps: CliDeps, here: string, exceptLogDir: string | null): CliError | null {
  const others = machineRuns(deps.env, deps.now()).entries.filter(
    (entry) => entry.logDir !== exceptLogDir && isRunLive(entry),
  );
  if (others.length === 0) return null;
  const rows = others.map(
    (entry) =>
      `  ${entry.name.padEnd(Math.max(...others.map((other) => other.name.length)))}  ${shortPath(entry.planDir, deps.env.HOME)}`,
  );
  return new CliError(
    [
      `${here}; ${others.length === 1 ? 'another run is' : `${others.length} other runs are`} live on this machine (\`launch stop <run>\` stops one):`,
      ...rows,
    ].join('\n'),
    EXIT_RUNTIME,
  );
}

async function stop(
  deps: CliDeps,
  command: Command,
  run: string | undefined,
  options: { readonly systemdMainPid?: string },
): Promise<void> {
  const named = namedRun(command, run) !== null;
  let loaded: ReturnType<typeof resolveSettings>;
  try {
    loaded = resolveSettings(deps, command, { usePersisted: true, run });
  } catch (error) {
    if (!named && error instanceof CliError && error.message.startsWith(NOT_A_PLAN_DIR))
      throw othersLive(deps, `nothing to stop here (${deps.cwd} is not a plan dir)`, null) ?? error;
    throw error;
  }
  const { settings } = loaded;
  deps = withRunHint(deps, run);
  if (options.systemdMainPid !== undefined && options.systemdMainPid.trim() === '') {
    // systemd leaves $MAINPID empty once the main process is gone: a crash (Restart= follows, and
    // the new watchdog adopts the running agents), the end of the sequence, or `launch start`
    // taking the run over. None of them is a request to stop the agents.
    deps.io.out('the watchdog had already exited; agent sessions left as they are\n');
    return;
  }
  const tmux = tmuxFor(settings);
  // Said before the signal: the watchdog's `watchdog-stopped` then names `launch stop` as why.
  // (Only into a log dir that exists: a mistyped --log-dir must not be created by a stop.)
  if (existsSync(settings.logDir)) writeStopRequest(settings.logDir, 'launch stop', deps.now());
  // The respawner too (so nothing starts the watchdog again), also during its pause.
  const { watchdog, respawnerPid } = await stopSupervisor(settings.logDir);
  if (watchdog.pid === null) rmSync(join(settings.logDir, STOP_REQUEST_FILE), { force: true });
  // A watchdog session left by an older launch, which ran it inside the agents' tmux server.
  const watchdogSession = await killWatchdogSession(tmux, settings);
  const agents = await killAgentSessions(tmux, settings);
  await tmux.removeStaleSocket();

  if (watchdog.pid !== null) {
    deps.io.out(
      `stopped the watchdog (pid ${watchdog.pid}${watchdog.forced ? ', killed after it did not exit in time' : ''})\n`,
    );
  } else if (respawnerPid !== null) {
    deps.io.out(`stopped the watchdog's respawner (pid ${respawnerPid}) during its pause\n`);
  } else if (watchdogSession) {
    deps.io.out('stopped the watchdog session\n');
  }
  if (agents.length > 0) deps.io.out(`stopped ${agents.join(', ')}\n`);
  if (watchdog.pid === null && respawnerPid === null && !watchdogSession && agents.length === 0) {
    // A named run, or systemd's ExecStop (which must not fail for another run's sake): only this one.
    const elsewhere =
      named || options.systemdMainPid !== undefined
        ? null
        : othersLive(deps, nothingRunningHere(settings), settings.logDir);
    if (elsewhere !== null) throw elsewhere;
    deps.io.out(`${nothingRunningHere(settings)}\n`);
    if (!hasRunState(settings.logDir)) return;
  }
  deps.io.out(
    `state kept in ${settings.logDir}; \`${launchHint(deps.argv, 'start --resume')}\` continues at the current phase\n`,
  );
}

export function registerStop(program: Command, deps: CliDeps): void {
  program
    .command('stop')
    .description('stop the agents and the watchdog; state stays on disk')
    .addOption(
      new Option(
        '--systemd-main-pid <pid>',
        "the unit's $MAINPID (empty: the watchdog already exited; stop nothing)",
      ).hideHelp(),
    )
    .argument('[run]', 'a run on this machine by name (`launch ls`); default: the plan dir here')
    .action(
      async (run: string | undefined, options: { systemdMainPid?: string }, command: Command) =>
        stop(deps, command, run, options),
    );
}
