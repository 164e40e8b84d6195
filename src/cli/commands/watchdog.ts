// `launch watchdog [--once] [--dry-run]`: the watchdog in the foreground (`launch start` runs it in
// <prefix>-watchdog). --once: one tick; --dry-run: decide and print, act on nothing.
import { Option, type Command } from 'commander';
import { activeRoles } from '../../phases/validate.js';
import { dialectFor } from '../../screen/dialects.js';
import { CliError, EXIT_RUNTIME } from '../../util/errors.js';
import { limitZone, requirePhases, resolveSettings, tmuxFor, type CliDeps } from '../context.js';

interface WatchdogOptions {
  readonly once?: boolean;
  readonly dryRun?: boolean;
  readonly runSettings?: boolean;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function watchdog(deps: CliDeps, command: Command, options: WatchdogOptions): Promise<void> {
  const { settings } = resolveSettings(deps, command, {
    usePersisted: options.runSettings ? 'only' : true,
  });
  const sequence = requirePhases(settings);
  const dryRun = options.dryRun ?? false;
  // Loaded here, not at the top: every other command (`launch status` above all) starts faster
  // without pino, simple-git and chokidar.
  const [{ pino }, { createGitObserver }, { createWatchdogLogger }, { runWatchdog }] =
    await Promise.all([
      import('pino'),
      import('../../adapters/git.js'),
      import('../../adapters/logger.js'),
      import('../../watchdog/loop.js'),
    ]);
  // A dry run changes nothing, not even the log.
  const logger = dryRun
    ? pino({ level: 'silent' })
    : createWatchdogLogger(settings.logDir, { stdout: true });
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    const result = await runWatchdog(
      {
        settings,
        phases: sequence.phases,
        roles: activeRoles(settings),
        tmux: tmuxFor(settings),
        dialect: dialectFor(settings.backend),
        git: createGitObserver(settings.builderDir),
        zone: limitZone(settings, deps.env),
        logger,
        now: () => deps.now().getTime(),
        print: deps.io.out,
      },
      { once: options.once ?? false, dryRun, stop: controller.signal },
    );
    if (!result.ok) {
      throw new CliError(
        `another watchdog is running (pid ${result.error.holder.pid}) for log dir ${settings.logDir}`,
        EXIT_RUNTIME,
      );
    }
  } finally {
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
    .addOption(
      new Option('--run-settings', 'use exactly the run settings `launch start` saved').hideHelp(),
    )
    .action(async (options: WatchdogOptions, command: Command) => watchdog(deps, command, options));
}
