// `launch start [--resume]`: preflight (nothing starts if a check fails), take the start lock, stop
// the stale run, set the phase, persist the run settings, start the agents and the watchdog (under
// its respawner, a detached process of its own: it outlives the agents' tmux server).
import { loadPhases } from '../../phases/manifest.js';
import { hintRole } from '../hint-role.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../adapters/atomic-file.js';
import { createGitObserver } from '../../adapters/git.js';
import { prepareStateForStart } from '../../adapters/state-store.js';
import { describeDelivery } from '../../agents/deliver.js';
import { baselineHandoffs } from '../../agents/handoff-baseline.js';
import { failures, runPreflight } from '../../agents/preflight.js';
import { backendFor } from '../../agents/registry.js';
import { inboxFiles, routesOf, teamBackends, teamOf } from '../../config/team.js';
import { startAgent } from '../../agents/start-agent.js';
import { killAgentSessions, killWatchdogSession } from '../../agents/stop.js';
import type { Settings } from '../../config/fields.js';
import { persistRunSettings } from '../../config/resolve.js';
import { activeRoles } from '../../phases/validate.js';
import { dialectFor } from '../../screen/dialects.js';
import { CliError, EXIT_RUNTIME, EXIT_USAGE } from '../../util/errors.js';
import { requirePhases, tmuxFor, type CliDeps } from '../context.js';
import { awaitServingState, dashboardLink, LINK_NOTE } from '../dashboard-link.js';
import { launchHint } from '../given-flags.js';
import { pausedResumeWarning, resolveStartSettings } from '../resume-settings.js';
import { paint } from '../io.js';
import { SEQUENCE_COMPLETE_FILE } from '../../watchdog/run-files.js';
import {
  awaitRespawnerUp,
  spawnDetachedRespawner,
  WATCHDOG_OUT,
} from '../../watchdog/respawn-detached.js';
import { stopSupervisor } from '../../watchdog/respawn-stop.js';
import { takeStartLock } from '../start-lock.js';
import { startDecision } from '../start-guard.js';
import { checkRunName, registerStarted } from '../start-register.js';

/**
 * argv of the watchdog's respawner: the same launch, reading exactly the persisted run settings, kept
 * running by --respawn (a crash or a kill -9 does not end the run).
 */
export function watchdogCommand(deps: CliDeps, settings: Settings): string[] {
  return [
    process.execPath,
    deps.launchBin,
    'watchdog',
    '--respawn',
    '--run-settings',
    '--log-dir',
    settings.logDir,
  ];
}

export function attachHint(settings: Settings, session: string): string {
  return `tmux ${settings.tmuxSocket ? `-L ${settings.tmuxSocket} ` : ''}attach -t ${session}`;
}

interface StartOptions {
  readonly resume?: boolean;
  readonly restart?: boolean;
  readonly name?: string;
}

async function start(deps: CliDeps, command: Command, options: StartOptions): Promise<void> {
  const resumeFlag = options.resume ?? false;
  const { settings, resume, kept, fromRun } = resolveStartSettings(deps, command, resumeFlag);
  const runName = checkRunName(deps, settings, options.name ?? null);
  const flags = { resume, restart: options.restart ?? false, name: runName.current };
  // A live (or finished) run is named before the preflight: a plain `start` there, whose settings
  // are the config's and not the run's, must say "run X is live here", not that a client is missing.
  // Asked again under the start lock below.
  const known = loadPhases(settings);
  const paused = resume ? pausedResumeWarning(deps, settings.logDir) : null;
  if (known.ok && startDecision(deps, settings, known.value, flags) === 'nothing') {
    // `start --resume` on a live run that is paused: still say it is paused and how to resume.
    if (paused !== null) deps.io.err(`launch: warning: ${paused}\n`);
    return;
  }
  const tmux = tmuxFor(settings);
  const checks = await runPreflight({ settings, tmux, env: deps.env, cwd: deps.cwd });
  const failed = failures(checks);
  if (failed.length > 0) {
    throw new CliError(
      failed.map((check) => `${check.label} — ${check.fix ?? ''}`.trimEnd()).join('\n'),
      EXIT_USAGE,
    );
  }
  for (const check of checks.filter((item) => item.status === 'warn')) {
    deps.io.err(`launch: warning: ${check.label} — ${check.fix ?? ''}\n`);
  }
  const sequence = requirePhases(settings);
  if (paused !== null) deps.io.err(`launch: warning: ${paused}\n`);
  const releaseStartLock = takeStartLock(settings.logDir, deps.now());
  try {
    if (startDecision(deps, settings, sequence, flags) === 'nothing') return;
    await startLocked(deps, settings, sequence, { resume, kept, fromRun });
    registerStarted(deps, settings, runName.given);
  } finally {
    releaseStartLock();
  }
}

async function startLocked(
  deps: CliDeps,
  settings: Settings,
  sequence: ReturnType<typeof requirePhases>,
  how: { readonly resume: boolean; readonly kept: readonly string[]; readonly fromRun: boolean },
): Promise<void> {
  const { resume, kept, fromRun } = how;
  const tmux = tmuxFor(settings);
  const stoppedWatchdog = (await stopSupervisor(settings.logDir)).watchdog;
  // A watchdog session left by an older launch (which ran it inside the agents' tmux server).
  await killWatchdogSession(tmux, settings);
  const stale = await killAgentSessions(tmux, settings);
  if (stoppedWatchdog.pid !== null)
    deps.io.out(`stopped the running watchdog (pid ${stoppedWatchdog.pid})\n`);
  if (stale.length > 0) deps.io.out(`stopped stale sessions: ${stale.join(', ')}\n`);

  const phaseIndex = prepareStateForStart(settings.logDir, {
    resume,
    total: sequence.phases.length,
    phaseIds: sequence.phases.map((phase) => phase.id),
  });
  if (!resume) {
    // Each client the team uses forgets the previous run's leftovers once.
    for (const backend of new Set(teamOf(settings).map((role) => role.backend)))
      backendFor(backend).freshStart?.({ ...settings, backend });
    await baselineHandoffs(
      settings.logDir,
      createGitObserver(settings.builderDir, inboxFiles(routesOf(settings))),
      deps.now(),
    );
  }
  rmSync(join(settings.logDir, SEQUENCE_COMPLETE_FILE), { force: true });
  persistRunSettings(settings, writeFileAtomic);

  const phase = sequence.phases[phaseIndex];
  deps.io.out(
    `starting phase ${phase?.id} [${phaseIndex + 1}/${sequence.phases.length}] with ${teamBackends(settings)}` +
      `${resume ? ' (resumed)' : ''}\n`,
  );
  if (resume && fromRun)
    deps.io.out(
      `  with the run settings the last \`launch start\` saved${kept.length > 0 ? `; kept: ${kept.join(', ')}` : ''}\n`,
    );
  const dialect = dialectFor(settings.backend);
  const started: string[] = [];
  for (const role of activeRoles(settings)) {
    const result = await startAgent(
      { tmux, settings, phases: sequence.phases, dialect },
      role,
      phaseIndex,
    );
    if (!result.ok) {
      // A half-started loop would be watched as if whole: take down what did start.
      for (const name of started) await tmux.killSession(name);
      throw new CliError(result.error, EXIT_RUNTIME);
    }
    started.push(result.value.session);
    const typed = result.value.typedKickoff;
    deps.io.out(`  ${paint(deps.io, 'green', '✓')} ${result.value.session.padEnd(22)} ${role}\n`);
    if (typed && typed.kind === 'not-delivered') {
      deps.io.err(
        `launch: warning: ${role} kickoff ${describeDelivery(typed)}; the watchdog will keep watching it\n`,
      );
    }
  }

  // Not in the agents' tmux server: losing that server must not take their supervisor with it.
  const [node, ...args] = watchdogCommand(deps, settings);
  // Wall-clock: compared with the times the new watchdog writes into http.json / http-problem.json.
  const startedAt = new Date();
  const respawner = spawnDetachedRespawner({
    node: node ?? process.execPath,
    args,
    cwd: settings.planDir,
    logDir: settings.logDir,
    env: { LAUNCH_LOG_DIR: settings.logDir },
  });
  const up = respawner.ok
    ? await awaitRespawnerUp(settings.logDir, respawner.pid)
    : { ok: false as const, error: respawner.error };
  if (!respawner.ok || !up.ok) {
    const why = up.ok ? '' : up.error;
    throw new CliError(`agents started but the watchdog did not: ${why}`, EXIT_RUNTIME);
  }
  const hint = (words: string): string => launchHint(deps.argv, words);
  const label = `watchdog (respawner pid ${respawner.pid})`;
  deps.io.out(
    `  ${paint(deps.io, 'green', '✓')} ${label.padEnd(22)} signal ${settings.signalInterval}s, heavy ${settings.watchInterval}s; its output in ${WATCHDOG_OUT}\n\n` +
      `watch:  ${hint('status')} · ${hint('events -f')} · ${hint(`logs ${hintRole(settings)} -f`)} · ${hint(`attach ${hintRole(settings)}`)}\n` +
      // issue 9: the watchdog serves its HTTP API when HTTP_PORT is set.
      (settings.httpPort !== null ? await webLine(settings.logDir, startedAt, hint) : '') +
      `pause:  ${hint('pause')} · stop: ${hint('stop')}\n`,
  );
}

/**
 * The dashboard line after a start with HTTP_PORT: the link (with a one-time login code) once the
 * new watchdog serves, or why it does not ("port 45999 in use: …"), waited for briefly.
 */
async function webLine(
  logDir: string,
  since: Date,
  hint: (words: string) => string,
): Promise<string> {
  const said = await awaitServingState(logDir, since, 8_000);
  const found = said === null ? null : dashboardLink(logDir, new Date());
  if (found?.ok) return `web:    ${found.value.link}\n        ${LINK_NOTE}\n`;
  if (found && found.error.reason === 'problem') {
    const fix = / in use: /.test(found.error.message)
      ? ` (free the port or set another HTTP_PORT, then \`${hint('start --resume')}\`)`
      : '';
    return `web:    ${found.error.message}${fix}\n`;
  }
  return `web:    the watchdog has not said where it serves yet: ${hint('status --url')}\n`;
}

export function registerStart(program: Command, deps: CliDeps): void {
  program
    .command('start')
    .description(
      'preflight, then start the agents and the watchdog (resets to phase 1 unless --resume)',
    )
    .option('--resume', 'keep the current phase (also RESUME_PHASE=1)')
    .option(
      '--restart',
      'replace the run live here (stop it, then start), or start a finished one over',
    )
    .option('--name <name>', "the run's name on this machine (default: the plan dir's folder name)")
    .action(async (options: StartOptions, command: Command) => start(deps, command, options));
}
