// `launch watchdog [--once] [--dry-run] [--metrics]`: the watchdog in the foreground (`launch start`
// runs it in <prefix>-watchdog). --once: one tick; --dry-run: decide and print, act on nothing;
// --metrics: one JSON health line per heavy tick on stdout (the log then goes to stderr).
import { Option, type Command } from 'commander';
import { pino } from 'pino';
import { createGitObserver } from '../../adapters/git.js';
import { openWatchdogLog } from '../../adapters/logger.js';
import { activeRoles } from '../../phases/validate.js';
import { dialectFor } from '../../screen/dialects.js';
import { CliError, EXIT_RUNTIME } from '../../util/errors.js';
import { runWatchdog } from '../../watchdog/loop.js';
import { createOpsHooks } from '../../watchdog/ops-hooks.js';
import { limitZone, requirePhases, resolveSettings, tmuxFor, type CliDeps } from '../context.js';

interface WatchdogOptions {
  readonly once?: boolean;
  readonly dryRun?: boolean;
  readonly runSettings?: boolean;
  readonly metrics?: boolean;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function watchdog(deps: CliDeps, command: Command, options: WatchdogOptions): Promise<void> {
  const { settings } = resolveSettings(deps, command, {
    usePersisted: options.runSettings ? 'only' : true,
  });
  const sequence = requirePhases(settings);
  const dryRun = options.dryRun ?? false;
  const once = options.once ?? false;
  // A dry run changes nothing, not even the log. With --metrics, stdout is for the health lines.
  const log = dryRun
    ? { logger: pino({ level: 'silent' }), reopen: () => undefined }
    : openWatchdogLog(settings.logDir, { pretty: options.metrics ? 'stderr' : 'stdout' });
  const { logger } = log;
  const roles = activeRoles(settings);
  const tmux = tmuxFor(settings);
  const now = (): number => deps.now().getTime();
  const ops = dryRun
    ? null
    : createOpsHooks({
        settings,
        roles,
        phaseIds: sequence.phases.map((phase) => phase.id),
        tmux,
        logger,
        now,
        metrics: options.metrics ? deps.io.out : undefined,
        once,
        reopenWatchdogLog: log.reopen,
      });
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    const result = await runWatchdog(
      {
        settings,
        phases: sequence.phases,
        roles,
        tmux,
        dialect: dialectFor(settings.backend),
        git: createGitObserver(settings.builderDir),
        zone: limitZone(settings, deps.env),
        logger,
        now,
        print: deps.io.out,
        ...(ops ? { hooks: ops.hooks } : {}),
      },
      { once, dryRun, stop: controller.signal },
    );
    if (!result.ok) {
      throw new CliError(
        `another watchdog is running (pid ${result.error.holder.pid}) for log dir ${settings.logDir}`,
        EXIT_RUNTIME,
      );
    }
  } finally {
    // The watchdog-stopped notification goes out, within a bounded grace period.
    await ops?.close();
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    logger.flush();
  }
}

export function registerWatchdog(program: Command, deps: CliDeps): void {
  program
    .command('watchdog')
    .description('run the watchdog in the foreground (launch start runs it in <prefix>-watchdog)')
    .option('--once', 'run one tick and exit')
    .option('--dry-run', 'decide once and print what it would do; change nothing')
    .option(
      '--metrics',
      'print one JSON health line per heavy tick on stdout (the log goes to stderr)',
    )
    .addOption(
      new Option('--run-settings', 'use exactly the run settings `launch start` saved').hideHelp(),
    )
    .action(async (options: WatchdogOptions, command: Command) => watchdog(deps, command, options));
}
