// `launch dashboard [--port N]`: a stopped or finished run's dashboard, served read-only from its log
// dir (state.json, events.jsonl) by the same server and page the watchdog uses — the last state and
// the whole event history instead of "connection refused". Every POST is refused. While the
// watchdog itself serves, this prints the link to its live page instead.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { readLockHolder } from '../../adapters/watchdog-lock.js';
import { LEDGER_FILE } from '../../adapters/ledger.js';
import {
  DEFAULT_HTTP_HOST,
  DEFAULT_HTTP_PORT,
  startWatchdogHttp,
} from '../../http/serve-watchdog.js';
import { issueLoginCode, loginLink } from '../../http/login-code.js';
import { dialectFor } from '../../screen/dialects.js';
import { CliError, EXIT_RUNTIME, EXIT_USAGE } from '../../util/errors.js';
import { onStopSignals } from '../../util/stop-signals.js';
import { OperatorQueue } from '../../watchdog/operator-queue.js';
import { limitZone, requirePhases, resolveSettings, tmuxFor, type CliDeps } from '../context.js';
import { dashboardLink, LINK_NOTE } from '../dashboard-link.js';

/** `--port`: 0-65535 (0: any free port). */
export function parseDashboardPort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed) || Number(trimmed) > 65535)
    throw new CliError(`--port must be a port number from 0 to 65535, got "${text}"`, EXIT_USAGE);
  return Number(trimmed);
}

async function dashboard(
  deps: CliDeps,
  command: Command,
  options: { readonly port?: string },
): Promise<void> {
  const { settings } = resolveSettings(deps, command, { usePersisted: true });
  const port = parseDashboardPort(options.port, settings.httpPort ?? DEFAULT_HTTP_PORT);
  const live = dashboardLink(settings.logDir, deps.now());
  if (live.ok) {
    deps.io.out(
      `the watchdog (pid ${live.value.address.pid}) serves the live dashboard:\n${live.value.link}\n  ${LINK_NOTE}\n`,
    );
    return;
  }
  if (
    !existsSync(join(settings.logDir, 'state.json')) &&
    !existsSync(join(settings.logDir, LEDGER_FILE))
  )
    throw new CliError(
      `no run in log dir ${settings.logDir} (no state.json or ${LEDGER_FILE}); pass the run's --log-dir, or \`launch start\` one`,
      EXIT_USAGE,
    );
  const sequence = requirePhases(settings);
  const queue = new OperatorQueue();
  queue.close('this dashboard is read-only');
  const holder = readLockHolder(settings.logDir);
  const served = await startWatchdogHttp(
    {
      settings,
      sequence: () => sequence,
      tmux: tmuxFor(settings),
      dialect: dialectFor(settings.backend),
      zone: limitZone(settings, deps.env),
      now: deps.now,
      queue,
      nudge: () => undefined,
      onError: (error) =>
        deps.io.err(`launch: dashboard request failed: ${(error as Error).message}\n`),
    },
    { host: DEFAULT_HTTP_HOST, port, explicit: true, warning: null },
    { readOnly: true },
  );
  if (!served.ok) throw new CliError(served.error, EXIT_RUNTIME);
  const link = loginLink(served.value.url, issueLoginCode(settings.logDir, deps.now()));
  deps.io.out(
    `read-only dashboard of ${settings.logDir}` +
      (holder === null
        ? ' (no watchdog running)'
        : ` (its watchdog, pid ${holder.pid}, serves no dashboard)`) +
      `:\n${link}\n  ${LINK_NOTE.replace(' (`launch status --url` makes another)', '')}\n` +
      `controls are refused; Ctrl-C stops serving\n`,
  );
  for (const warning of served.value.warnings) deps.io.err(`launch: warning: ${warning}\n`);
  await new Promise<void>((resolve) => {
    const stop = onStopSignals(() => {
      stop();
      resolve();
    });
  });
  await served.value.close();
}

export function registerDashboard(program: Command, deps: CliDeps): void {
  program
    .command('dashboard')
    .description("serve a stopped or finished run's dashboard read-only from its log dir")
    .option(
      '--port <port>',
      `port on 127.0.0.1 (default HTTP_PORT, else ${DEFAULT_HTTP_PORT}; 0: any free port)`,
    )
    .action(async (options: { port?: string }, command: Command) =>
      dashboard(deps, command, options),
    );
}
