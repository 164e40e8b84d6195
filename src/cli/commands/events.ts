// `launch events [-f] [-n N] [--since 2h] [--session builder] [--json]`: the ledger for people — what
// happened overnight, one line per decision with the pane text behind it — and followed live with
// -f (across log rotation). --json prints the ledger lines as they are.
import { closestWord } from '../../util/suggest.js';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { followFile } from '../../adapters/file-follower.js';
import { ledgerPath, parseEventLine, queryEvents } from '../../adapters/ledger.js';
import { rotationSet } from '../../adapters/log-rotation.js';
import type { Settings } from '../../config/fields.js';
import { ROLES, sessionName, watchdogSessionName } from '../../config/roles.js';
import { CliError, EXIT_USAGE } from '../../util/errors.js';
import type { LedgerEvent } from '../../watchdog/types.js';
import { limitZone, resolveSettings, type CliDeps } from '../context.js';
import { eventStream } from '../event-lines.js';
import { parseSince } from '../since.js';

interface EventsOptions {
  readonly follow?: boolean;
  readonly lines?: string;
  readonly since?: string;
  readonly session?: string;
  readonly json?: boolean;
}

const DEFAULT_LINES = 40;

/** `--session`: a role, its session name, or `watchdog` (the watchdog's own events). */
export function sessionFilter(
  settings: Pick<Settings, 'sessionPrefix' | 'orchSession'> & {
    readonly roles?: Settings['roles'];
  },
  wanted: string,
): (event: LedgerEvent) => boolean {
  // Every role of a configured team, else the three default roles.
  const team = settings.roles?.map((role) => role.name) ?? ROLES;
  if (wanted === 'watchdog' || wanted === watchdogSessionName(settings))
    return (event) => event.role === undefined;
  const role = team.find(
    (candidate) => candidate === wanted || sessionName(settings, candidate) === wanted,
  );
  if (role === undefined) {
    const guess = closestWord(wanted, [
      ...team,
      'watchdog',
      ...team.map((name) => sessionName(settings, name)),
    ]);
    throw new CliError(
      `--session must be one of ${[...team, 'watchdog'].join(', ')} or a session name such as ${sessionName(settings, team[0] ?? 'builder')}, got ${JSON.stringify(wanted)}${guess ? ` (did you mean ${guess}?)` : ''}`,
      EXIT_USAGE,
    );
  }
  return (event) => event.role === role;
}

async function events(
  deps: CliDeps,
  command: Command,
  run: string | undefined,
  options: EventsOptions,
): Promise<void> {
  const { settings } = resolveSettings(deps, command, { usePersisted: true, run });
  let limit: number | undefined;
  if (options.lines !== undefined) {
    limit = Number(options.lines);
    if (!Number.isInteger(limit) || limit < 0)
      throw new CliError(
        `-n must be a whole number of events, got ${JSON.stringify(options.lines)}`,
        EXIT_USAGE,
      );
  }
  const now = deps.now();
  const zone = limitZone(settings, deps.env);
  let since: number | undefined;
  if (options.since !== undefined) {
    const parsed = parseSince(options.since, now, zone);
    if (!parsed.ok) throw new CliError(parsed.error, EXIT_USAGE);
    since = parsed.value;
  }
  // --since alone shows everything since then; otherwise the last 40.
  if (limit === undefined && since === undefined) limit = DEFAULT_LINES;
  const filter = options.session ? sessionFilter(settings, options.session) : undefined;
  const file = ledgerPath(settings.logDir);
  if (rotationSet(file).length === 0 && !existsSync(file) && !options.follow) {
    throw new CliError(
      `${file} does not exist yet; has the watchdog run with this log dir? (\`launch start\`)`,
      EXIT_USAGE,
    );
  }

  const render = options.json
    ? (event: LedgerEvent): string => `${JSON.stringify(event)}\n`
    : eventStream({ zone, io: deps.io });
  const answer = queryEvents(settings.logDir, { since, limit, filter });
  deps.io.out(answer.events.map(render).join(''));
  if (!options.follow) return;

  let pending = '';
  const follower = followFile(file, answer.end, (chunk) => {
    const complete = pending + chunk;
    const cut = complete.lastIndexOf('\n') + 1;
    pending = complete.slice(cut);
    let out = '';
    for (const line of complete.slice(0, cut).split('\n')) {
      const event = parseEventLine(line);
      if (event && (filter === undefined || filter(event))) out += render(event);
    }
    if (out !== '') deps.io.out(out);
  });
  await new Promise<void>((resolve) => {
    const finish = (): void => resolve();
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
  });
  await follower.close();
}

export function registerEvents(program: Command, deps: CliDeps): void {
  program
    .command('events')
    .description('the event ledger for people: what happened and why; -f follows it live')
    .option('-f, --follow', 'keep printing events as they happen')
    .option('-n, --lines <n>', `events to print first (default ${DEFAULT_LINES}; all with --since)`)
    .option('--since <when>', 'only events since a span ago (90s, 15m, 2h, 1d) or a time')
    .option('--session <name>', 'only one session: builder, adversary, orchestrator or watchdog')
    .option('--json', 'print the ledger lines as JSON (one object a line)')
    .argument('[run]', 'a run on this machine by name (`launch ls`); default: the plan dir here')
    .action(async (run: string | undefined, options: EventsOptions, command: Command) =>
      events(deps, command, run, options),
    );
}
