// `launch service systemd|cron`: prints (never installs) what a server needs to keep the watchdog
// running — a systemd unit, or a crontab line for one tick a minute — with the working directory
// and environment of the settings in force now.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { loadSettings } from '../../config/resolve.js';
import { renderCronLine } from '../../service/cron-line.js';
import { serviceEnvironment } from '../../service/service-env.js';
import { renderSystemdUnit } from '../../service/systemd-unit.js';
import { CliError, EXIT_USAGE } from '../../util/errors.js';
import { failWith, requirePhases, resolveSettings, type CliDeps } from '../context.js';

const KINDS = ['systemd', 'cron'] as const;

interface ServiceOptions {
  readonly system?: boolean;
  readonly metrics?: boolean;
  readonly every: string | number;
}

function service(deps: CliDeps, command: Command, kind: string, options: ServiceOptions): void {
  if (!(KINDS as readonly string[]).includes(kind)) {
    throw new CliError(
      `unknown service "${kind}"; expected one of ${KINDS.join(', ')}`,
      EXIT_USAGE,
    );
  }
  const everyMinutes = Number(options.every);
  if (!Number.isInteger(everyMinutes) || everyMinutes < 1 || everyMinutes > 59) {
    throw new CliError(
      `--every must be a whole number of minutes from 1 to 59, got ${JSON.stringify(options.every)}`,
      EXIT_USAGE,
    );
  }
  const { settings } = resolveSettings(deps, command, { usePersisted: true });
  // A service for a plan dir that cannot run would only crash-loop: check it now.
  requirePhases(settings);
  // What the plan dir's config file gives by itself: only what differs needs a variable.
  const fileOnly = loadSettings({
    cwd: settings.planDir,
    env: {},
    flags: { planDir: settings.planDir },
    usePersisted: false,
  });
  if (!fileOnly.ok) failWith(fileOnly.error);
  const environment = serviceEnvironment(settings, fileOnly.value.settings, deps.env);
  const common = {
    node: process.execPath,
    launchBin: deps.launchBin,
    planDir: settings.planDir,
    environment,
    generatedAt: deps.now().toISOString(),
  };
  deps.io.out(
    kind === 'systemd'
      ? renderSystemdUnit({
          ...common,
          prefix: settings.sessionPrefix,
          system: options.system ?? false,
          user: deps.env.USER ?? userInfo().username,
          metrics: options.metrics ?? false,
        })
      : renderCronLine({ ...common, logDir: settings.logDir, everyMinutes }),
  );
}

export function registerService(program: Command, deps: CliDeps): void {
  program
    .command('service')
    .description(
      'print a systemd unit or a crontab line that keeps the watchdog running (installs nothing)',
    )
    .argument('<kind>', KINDS.join(' | '))
    .option('--system', 'systemd: a system unit (User=, multi-user.target) instead of a user unit')
    .option('--metrics', 'systemd: the watchdog writes its health line to the journal')
    .option(
      '--every <minutes>',
      'cron: minutes between ticks (1 to 59)',
      (value: string): string | number => value,
      1,
    )
    .action((kind: string, options: ServiceOptions, command: Command) =>
      service(deps, command, kind, options),
    );
}
