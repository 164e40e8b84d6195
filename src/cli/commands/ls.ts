// `launch ls [--json]`: every run registered on this machine, from any folder — its phase, each
// session's state, the watchdog, the last event. Each run is read as `launch status --json` reads it.
import type { Command } from 'commander';
import { CliError, EXIT_USAGE } from '../../util/errors.js';
import { machineRuns } from '../../fleet/machine-runs.js';
import { listRun, type RunListing } from '../../fleet/run-list.js';
import { displayZone } from '../../status/status-zone.js';
import { describeAccountWindow, listAccountWindows } from '../../fleet/account-windows.js';
import { launchStateDir } from '../../fleet/state-dir.js';
import type { CliDeps } from '../context.js';
import { renderRunTable } from '../run-table.js';

/** Every registered run's listing, in name order; repairs of the registry said on stderr. */
export async function listRuns(deps: CliDeps): Promise<RunListing[]> {
  const now = deps.now();
  const read = machineRuns(deps.env, now);
  for (const note of read.notes) deps.io.err(`launch: ${note}\n`);
  return Promise.all(read.entries.map((entry) => listRun(entry, deps.env, now)));
}

async function ls(deps: CliDeps, options: { readonly json?: boolean }): Promise<void> {
  const runs = await listRuns(deps);
  const now = deps.now();
  // An account's shared limit window is shown once for the machine, not under each run.
  const accounts = listAccountWindows(launchStateDir(deps.env), now.getTime());
  if (options.json) {
    const windows = accounts.map((a) => ({
      ...a.window,
      parkedRuns: a.parkedRuns,
      ownerAlive: a.ownerAlive,
    }));
    deps.io.out(`${JSON.stringify({ runs, accounts: windows }, null, 2)}\n`);
    return;
  }
  if (runs.length === 0) {
    deps.io.out('no runs on this machine: `launch start` in a plan dir registers one\n');
    return;
  }
  const zone = displayZone({ limitTz: null });
  deps.io.out(renderRunTable(runs, { io: deps.io, home: deps.env.HOME, zone, now }));
  for (const account of accounts) deps.io.out(`${describeAccountWindow(account, zone)}\n`);
}

export function registerLs(program: Command, deps: CliDeps): void {
  program
    .command('ls')
    .description(
      'every run on this machine: phase, sessions, watchdog, last event (from any folder)',
    )
    .option('--json', 'print { "runs": [...] } (for scripts)')
    .option('--all-hosts', 'this machine and every host in "hosts" (and each --host), over ssh')
    .option('-w, --watch', 'with --all-hosts: the fleet view, redrawn in place until Ctrl-C')
    .action(
      async (
        options: { json?: boolean; allHosts?: boolean; watch?: boolean },
        command: Command,
      ) => {
        if (options.allHosts) {
          const { listAllHosts } = await import('../../hosts/ls-all-hosts.js');
          const { host } = command.optsWithGlobals<{ host?: string[] }>();
          return listAllHosts(deps, { ...options, ...(host ? { host } : {}) });
        }
        if (options.watch)
          throw new CliError(
            'ls --watch is the fleet view: `launch ls --all-hosts --watch`',
            EXIT_USAGE,
          );
        return ls(deps, options);
      },
    );
}
