// `launch ls` for people: one row per run — name, plan dir (~ shortened), phase, each role's
// session state, the watchdog's up-time (or how long it has been stopped), the last event.
import { DateTime } from 'luxon';
import { ROLES } from '../config/roles.js';
import type { RunListing } from '../fleet/run-list.js';
import { stripTerminalControls } from '../util/terminal-text.js';
import { formatTable } from './format-table.js';
import { paint, type CliIo, type Colour } from './io.js';
import { duration } from './relative-time.js';

const SHORT_HEADER: Readonly<Record<string, string>> = { orchestrator: 'ORCH' };
const LAST_EVENT_MAX = 60;

const STATE_COLOURS: Partial<Record<string, Colour>> = {
  active: 'green',
  limited: 'yellow',
  'needs-input': 'magenta',
  backoff: 'red',
  fatal: 'red',
  dead: 'red',
};

/** `/home/me/plans/shop` → `~/plans/shop`. */
export function shortPath(path: string, home: string | undefined): string {
  if (!home || home === '/') return path;
  const base = home.endsWith('/') ? home.slice(0, -1) : home;
  if (path === base) return '~';
  return path.startsWith(`${base}/`) ? `~${path.slice(base.length)}` : path;
}

function phaseCell(run: RunListing): string {
  if (run.state === 'complete') return 'done';
  if (run.phase === null) return '—';
  return `${run.phase.id} [${run.phase.index + 1}/${run.phase.total}]`;
}

function sessionCell(run: RunListing, role: string, io: Pick<CliIo, 'color'>, now: Date): string {
  if (run.state !== 'running') return '—';
  const session = run.sessions.find((candidate) => candidate.role === role);
  if (session === undefined) return '—';
  // A plain string: states a newer watchdog adds (needs-input) are shown as they come.
  const state: string = session.state;
  let text = state;
  if (state === 'limited' && session.limitedUntil !== null)
    text = `limited ${duration(Date.parse(session.limitedUntil) - now.getTime())}`;
  else if (state === 'needs-input') text = `needs-input (${oneLine(session.why, 40)})`;
  const colour = STATE_COLOURS[state];
  return colour ? paint(io, colour, text) : text;
}

function watchdogCell(run: RunListing, io: Pick<CliIo, 'color'>, now: Date): string {
  if (run.watchdog.running)
    return run.watchdog.uptimeSeconds === null
      ? 'up'
      : `up ${duration(run.watchdog.uptimeSeconds * 1000)}`;
  if (run.state === 'running') return paint(io, 'yellow', 'restarting');
  return run.watchdog.stoppedAt === null
    ? 'stopped'
    : `stopped ${coarse(now.getTime() - Date.parse(run.watchdog.stoppedAt))}`;
}

/** How long ago, to the largest unit: "stopped 1d" needs no minutes. */
function coarse(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  if (hours >= 24) return `${Math.floor(hours / 24)}d`;
  if (hours >= 1) return `${hours}h`;
  return duration(ms);
}

function oneLine(text: string, max: number): string {
  const flat = stripTerminalControls(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function lastEventCell(run: RunListing, zone: string): string {
  if (run.problem !== null) return `unreadable: ${oneLine(run.problem, LAST_EVENT_MAX)}`;
  const event = run.lastEvent;
  if (event === null) return '';
  const time = DateTime.fromISO(event.ts, { zone });
  const clock = time.isValid ? time.toFormat('HH:mm') : '';
  const who = event.role === null ? '' : `${event.role} `;
  return `${clock} ${oneLine(`${who}${event.text}`, LAST_EVENT_MAX)}`.trim();
}

/** The table (with a trailing newline); `names` may carry a host prefix (`box:shop`). */
export function renderRunTable(
  runs: readonly RunListing[],
  options: {
    readonly io: Pick<CliIo, 'color'>;
    readonly home: string | undefined;
    readonly zone: string;
    readonly now: Date;
  },
): string {
  const seen = new Set(runs.flatMap((run) => run.sessions.map((session) => session.role)));
  const roles = [
    ...ROLES.filter((role) => seen.has(role)),
    ...[...seen].filter((role) => !(ROLES as readonly string[]).includes(role)),
  ];
  const header = [
    'RUN',
    'PLAN DIR',
    'PHASE',
    ...roles.map((role) => SHORT_HEADER[role] ?? role.toUpperCase()),
    'WATCHDOG',
    'LAST EVENT',
  ];
  const rows = runs.map((run) => [
    run.name,
    shortPath(run.planDir, options.home),
    phaseCell(run),
    ...roles.map((role) => sessionCell(run, role, options.io, options.now)),
    watchdogCell(run, options.io, options.now),
    lastEventCell(run, options.zone),
  ]);
  return formatTable(header, rows);
}
