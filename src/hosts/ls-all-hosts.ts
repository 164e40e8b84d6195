// `launch ls --all-hosts [--json] [--watch]`: this machine's runs and every configured host's
// (`hosts`, LAUNCH_HOSTS, each --host), in one table; a host that does not answer within its
// timeout is one line and the rest is still listed. Exit 0 when every host answered, else 1.
// `--watch` is the fleet view: the same table redrawn in place until Ctrl-C.
import type { CliDeps } from '../cli/context.js';
import { CliError, EXIT_RUNTIME, EXIT_USAGE } from '../util/errors.js';
import { mergeListings, problemLines, renderFleet, type HostListing } from './fleet-listing.js';
import { queryFleet, type FleetQuery } from './fleet-query.js';
import { loadHostSettings } from './host-settings.js';
import { onInterrupt } from './interrupt.js';
import { resolveHost, type Host } from './host-spec.js';

export interface AllHostsOptions {
  readonly json?: boolean;
  readonly watch?: boolean;
  /** --host values: more hosts to list. */
  readonly host?: readonly string[];
}

/** Seconds between two frames of the fleet view. */
export const FLEET_REFRESH_SECONDS = 5;

function fleetQuery(deps: CliDeps, options: AllHostsOptions): FleetQuery {
  const settings = loadHostSettings(deps.cwd, deps.env);
  if (!settings.ok) throw new CliError(settings.error.join('\n'), EXIT_USAGE);
  const hosts: Host[] = settings.value.hosts.map((entry) => {
    const resolved = resolveHost(entry.name, settings.value.hosts);
    if (!resolved.ok) throw new CliError(`malformed host: ${resolved.error}`, EXIT_USAGE);
    return resolved.value;
  });
  for (const ref of options.host ?? []) {
    const resolved = resolveHost(ref, settings.value.hosts);
    if (!resolved.ok) throw new CliError(`malformed host: ${resolved.error}`, EXIT_USAGE);
    if (!hosts.some((host) => host.name === resolved.value.name)) hosts.push(resolved.value);
  }
  return {
    hosts,
    ssh: settings.value.ssh,
    timeoutMs: settings.value.answerTimeoutMs,
    local: { launchBin: deps.launchBin, env: deps.env, cwd: deps.cwd },
  };
}

function frame(listings: readonly HostListing[], now: Date): string {
  const answered = listings.filter((listing) => listing.kind === 'listed').length;
  const problems = problemLines(listings)
    .map((line) => `${line}\n`)
    .join('');
  return `${renderFleet(listings)}${problems}\n${answered}/${listings.length} hosts answered · updated ${now.toTimeString().slice(0, 8)}`;
}

async function watchFleet(deps: CliDeps, query: FleetQuery): Promise<void> {
  if (!deps.io.isTTY)
    throw new CliError(
      'ls --all-hosts --watch redraws in place and needs a terminal; stdout is not one (use `launch ls --all-hosts --json`)',
      EXIT_USAGE,
    );
  const { InPlaceScreen } = await import('../demo/live-view.js');
  const io = deps.io;
  const screen = new InPlaceScreen(io.out, io.terminalSize ?? (() => ({ columns: 80, rows: 24 })));
  const signals = deps.interrupted ? null : onInterrupt();
  const stopped = deps.interrupted
    ? deps.interrupted()
    : (signals?.interrupted ?? new Promise<void>(() => undefined));
  let stop = false;
  let wake: (() => void) | null = null;
  void stopped.then(() => {
    stop = true;
    wake?.();
  });
  screen.begin();
  try {
    while (!stop) {
      const listings = await queryFleet(query);
      if (stop) break;
      screen.draw([...frame(listings, deps.now()).split('\n'), '', 'Ctrl-C stops watching']);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, FLEET_REFRESH_SECONDS * 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    screen.end();
    signals?.dispose();
  }
}

/**
 * Runs `ls --all-hosts`: the listing on stdout; each host that did not answer is one line on
 * stderr (`launch: host b: unreachable (...)`) and makes the exit code 1 (the rest still listed).
 */
export async function listAllHosts(deps: CliDeps, options: AllHostsOptions): Promise<void> {
  const query = fleetQuery(deps, options);
  if (options.watch) {
    if (options.json) throw new CliError('--watch does not go with --json', EXIT_USAGE);
    await watchFleet(deps, query);
    return;
  }
  const listings = await queryFleet(query);
  if (options.json) deps.io.out(`${JSON.stringify(mergeListings(listings), null, 2)}\n`);
  else deps.io.out(renderFleet(listings));
  const problems = problemLines(listings);
  if (problems.length > 0) throw new CliError(problems.join('\n'), EXIT_RUNTIME);
}
