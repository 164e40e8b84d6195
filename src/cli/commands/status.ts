// `launch status [--json] [--url]`: one glance answers "is it healthy, and if not, why"; --url: where
// the watchdog's HTTP API and dashboard are, and how to get the token.
import { relative } from 'node:path';
import type { Command } from 'commander';
import type { Settings } from '../../config/fields.js';
import { CliError, EXIT_RUNTIME, EXIT_USAGE } from '../../util/errors.js';
import { dialectFor } from '../../screen/dialects.js';
import { buildStatus, type SessionView, type StatusView } from '../../status/status-view.js';
import type { LedgerEvent } from '../../watchdog/types.js';
import { dashboardLink, LINK_NOTE } from '../dashboard-link.js';
import { eventLines } from '../event-lines.js';
import { isCrashReason } from '../../watchdog/crash-guard.js';
import { formatTable } from '../format-table.js';
import { requirePhases, resolveSettings, tmuxFor, type CliDeps } from '../context.js';
import { displayZone } from '../../status/status-zone.js';
import { paneLooks } from '../../status/run-status.js';
import { paint, type CliIo, type Colour } from '../io.js';
import { clock, since, until } from '../relative-time.js';
import { launchHint } from '../given-flags.js';
import { withRunHint } from '../run-target.js';
import { refuseWithoutTerminal, untilInterrupted, watchStatus } from '../status-watch.js';

const STATE_COLOURS: Record<SessionView['state'], Colour> = {
  active: 'green',
  idle: 'dim',
  waiting: 'cyan',
  limited: 'yellow',
  backoff: 'red',
  fatal: 'red',
  dead: 'red',
  stopped: 'dim',
  unrecognised: 'magenta',
  'needs-input': 'bold',
};

function why(session: SessionView, view: StatusView, zone: string, now: Date): string {
  // Parked for its account's window: who limited it says more than a reset it never saw.
  if (session.state === 'limited' && session.limitedUntil && session.why.startsWith('account '))
    return `${session.why} · until ${clock(session.limitedUntil, zone, now)}`;
  if (session.state === 'limited' && session.limitedUntil) {
    const reset = session.resetAt
      ? `resets ${clock(session.resetAt, zone, now)} (${until(session.resetAt, now)}), `
      : 'reset time unknown, ';
    return `${reset}probe ${clock(session.limitedUntil, zone, now)}${view.watchdog.running ? '' : ' (watchdog not running)'}`;
  }
  const brief = EVIDENCE_SHOWN.has(session.state) ? evidenceBrief(session.evidence, now) : '';
  return brief === '' ? session.why : `${session.why} · ${brief}`;
}

/** The states whose "why" rests on the evidence beside the screen (the rest say it themselves). */
const EVIDENCE_SHOWN: ReadonlySet<SessionView['state']> = new Set([
  'active',
  'idle',
  'unrecognised',
]);

/** The other sources in a few words: "screen still 4m · signals: turn done 3m ago · transcript 3m ago". */
export function evidenceBrief(evidence: SessionView['evidence'], now: Date): string {
  const parts: string[] = [];
  for (const item of evidence) {
    const ago = item.workAt ? since(item.workAt, now) : null;
    switch (item.source) {
      case 'motion':
        if (item.verdict === 'working') parts.push('screen moving');
        else if (item.verdict === 'unknown') parts.push('screen moving (not counted)');
        else if (ago !== null) parts.push(`screen still ${ago}`);
        break;
      case 'signals':
        if (item.verdict === 'working') parts.push(`signals: working${ago ? ` ${ago} ago` : ''}`);
        else if (item.verdict === 'asking') parts.push(`signals: ${item.detail}`);
        else if (item.verdict === 'idle' && ago !== null) parts.push(`signals: quiet ${ago}`);
        break;
      case 'transcript':
        if (ago !== null) parts.push(`transcript ${ago} ago`);
        break;
      case 'log':
        if (ago !== null) parts.push(`log ${ago} ago`);
        break;
      case 'screen':
        break;
    }
  }
  return parts.join(' · ');
}

/** A watchdog that has not ticked for this long (and several intervals) is probably stuck. */
const STUCK_AFTER_MS = 60_000;

/** A `launch …` hint as this invocation would repeat it (its run flags added). */
export type Hint = (words: string) => string;
const plainHint: Hint = (words) => `launch ${words}`;

function watchdogWhy(
  view: StatusView,
  io: CliIo,
  now: Date,
  signalInterval: number,
  zone: string,
  hint: Hint,
): string {
  const watchdog = view.watchdog;
  if (!watchdog.running) {
    if (view.sequenceComplete) return 'finished with the sequence';
    const respawner = watchdog.respawner;
    // A pause between two watchdogs: `launch start --resume` would restart the agents too.
    if (respawner !== null)
      return respawner.nextStartAt === null
        ? `starting (respawner pid ${respawner.pid})`
        : `died; its respawner (pid ${respawner.pid}) starts it again at ${clock(respawner.nextStartAt, zone, now)}`;
    const stop = watchdog.lastStop;
    const stopped = stop ? `stopped ${since(stop.at, now)} ago (${stop.reason})` : 'not running';
    const line = `${stopped}: \`${hint('start --resume')}\` restarts it`;
    return stop && isCrashReason(stop.reason) ? paint(io, 'red', line) : line;
  }
  const paused = view.paused ? 'paused (no action taken), ' : '';
  if (watchdog.disk) {
    const { disk } = watchdog;
    return paint(
      io,
      'red',
      `${paused}pid ${watchdog.pid}, supervising — disk: the log dir refuses writes since ${since(disk.since, now)} ago (${disk.detail}); ${disk.held} ledger line${disk.held === 1 ? '' : 's'} held in memory`,
    );
  }
  if (watchdog.lastTick === null) return `${paused}pid ${watchdog.pid}`;
  const quiet = now.getTime() - Date.parse(watchdog.lastTick);
  const tick = `${paused}pid ${watchdog.pid}, last tick ${since(watchdog.lastTick, now)} ago`;
  return quiet > Math.max(STUCK_AFTER_MS, 4 * signalInterval * 1000)
    ? paint(io, 'red', `${tick} — stuck? see \`${hint('logs watchdog')}\``)
    : tick;
}

/** The first line of a paused run: what the pause means right now and how to end it. */
function pausedLine(view: StatusView, io: CliIo, now: Date, hint: Hint): string | null {
  if (view.paused === null) return null;
  const watchdog = view.watchdog.running
    ? `the watchdog (pid ${view.watchdog.pid}) is running and takes no action`
    : 'no watchdog is running; one started now would take no action';
  const note = view.paused.note ? ` — ${view.paused.note}` : '';
  return `${paint(io, 'yellow', 'PAUSED')} ${since(view.paused.since, now)} ago: ${watchdog}; \`${hint('resume')}\` continues${note}`;
}

/** One ledger event as one plain line (`launch demo`'s plain output). */
export function eventLine(event: LedgerEvent, zone: string, now: Date): string {
  return eventLines(event, { zone, io: { color: false }, today: now.toISOString() })[0] ?? '';
}

/** The human view of `launch status` (also the body of `launch demo`'s live view). */
export function renderStatus(
  view: StatusView,
  io: CliIo,
  settings: { planDir: string; builderDir: string; signalInterval: number },
  zone: string,
  now: Date,
  hint: Hint = plainHint,
): string {
  const { planDir, builderDir } = settings;
  const lines: string[] = [];
  const paused = pausedLine(view, io, now, hint);
  if (paused !== null) lines.push(paused);
  const phaseState = view.sequenceComplete
    ? paint(io, 'green', 'sequence complete')
    : view.phase.done
      ? paint(io, 'green', 'DONE')
      : 'in progress';
  lines.push(
    `phase ${view.phase.id} [${view.phase.index + 1}/${view.phase.total}]  ${phaseState}   plan ${relative(planDir, view.phase.plan)} · status ${relative(builderDir, view.phase.statusFile)}`,
    '',
  );
  const rows = view.sessions.map((session) => [
    session.role,
    session.name,
    paint(io, STATE_COLOURS[session.state], session.state),
    since(session.since, now),
    why(session, view, zone, now),
  ]);
  const watchdog = view.watchdog;
  rows.push([
    'watchdog',
    watchdog.session,
    watchdog.running
      ? paint(io, 'green', 'running')
      : watchdog.respawner !== null
        ? paint(io, 'yellow', 'restarting')
        : paint(io, 'red', 'stopped'),
    watchdog.running ? since(watchdog.startedAt, now) : '',
    watchdogWhy(view, io, now, settings.signalInterval, zone, hint),
  ]);
  lines.push(formatTable(['ROLE', 'SESSION', 'STATE', 'SINCE', 'WHY'], rows).trimEnd());
  // The account's window once, under the table (its sessions above say they are parked).
  for (const account of view.accounts) lines.push(paint(io, 'yellow', account.line));
  if (view.recent.length > 0) {
    lines.push('', `recent (\`${hint('events')}\` for more)`);
    for (const event of view.recent)
      for (const line of eventLines(event, { zone, io, today: now.toISOString() }))
        lines.push(`  ${line}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `status --url`: a ready-to-open link (with a one-time login code), and where the token is. */
async function printUrl(deps: CliDeps, settings: Settings, json: boolean): Promise<void> {
  const found = dashboardLink(settings.logDir, deps.now());
  if (!found.ok) {
    if (found.error.reason === 'problem')
      throw new CliError(`${found.error.message} (log dir ${settings.logDir})`, EXIT_RUNTIME);
    throw new CliError(
      `no watchdog serves HTTP for log dir ${settings.logDir}; start one with \`launch watchdog --http\`, ` +
        `or set HTTP_PORT and run \`launch start --resume\`` +
        (settings.httpPort !== null
          ? ` (HTTP_PORT is ${settings.httpPort}: is the watchdog running?)`
          : '') +
        `; a stopped run's page: \`launch dashboard\``,
      EXIT_RUNTIME,
    );
  }
  const { address, link } = found.value;
  if (json) {
    deps.io.out(
      `${JSON.stringify({ url: address.url, link, tokenFile: address.tokenFile, pid: address.pid }, null, 2)}\n`,
    );
    return;
  }
  const { quote } = await import('shell-quote');
  deps.io.out(
    `${link}\n` +
      `  ${LINK_NOTE}\n` +
      `token: in ${address.tokenFile} (readable only by you); API clients send\n` +
      `  Authorization: Bearer $(cat ${quote([address.tokenFile])})\n`,
  );
}

export function registerStatus(program: Command, deps: CliDeps): void {
  program
    .command('status')
    .description('phase, each session with its state and why, limit windows, the watchdog')
    .option('--json', 'print one JSON object (for scripts)')
    .option(
      '--url',
      "print a link that opens the watchdog's dashboard signed in (one-time code), and where the token is",
    )
    .option('-w, --watch', 'redraw in place every 2 seconds until Ctrl-C (needs a terminal)')
    .argument('[run]', 'a run on this machine by name (`launch ls`); default: the plan dir here')
    .action(
      async (
        run: string | undefined,
        options: { json?: boolean; url?: boolean; watch?: boolean },
        command: Command,
      ) => {
        const argv = withRunHint(deps, run).argv;
        const hint: Hint = (words) => launchHint(argv, words);
        if (options.watch) {
          if (options.json || options.url)
            throw new CliError('--watch does not go with --json or --url', EXIT_USAGE);
          refuseWithoutTerminal(deps.io, hint('events -f'));
        }
        const { settings } = resolveSettings(deps, command, { usePersisted: true, run });
        if (options.url) {
          await printUrl(deps, settings, options.json ?? false);
          return;
        }
        const sequence = requirePhases(settings);
        const zone = displayZone(settings);
        const tmux = tmuxFor(settings);
        const dialect = dialectFor(settings.backend);
        const frame = async (): Promise<string> => {
          const now = deps.now();
          const view = await buildStatus({
            settings,
            phases: sequence.phases,
            tmux,
            ...paneLooks(settings),
            dialect,
            zone,
            now,
            env: deps.env,
          });
          return options.json
            ? `${JSON.stringify(view, null, 2)}\n`
            : renderStatus(view, deps.io, settings, zone, now, hint);
        };
        if (!options.watch) {
          deps.io.out(await frame());
          return;
        }
        await watchStatus({
          io: deps.io,
          frame,
          intervalMs: 2000,
          stopped: deps.interrupted?.() ?? untilInterrupted(),
          followHint: hint('events -f'),
        });
      },
    );
}
