// The fleet view's data: each host's `launch ls --json` answer checked with zod, merged into one
// list (every run tagged with its host) and rendered as one table, with one line per host that did
// not answer. Pure: the queries themselves are in fleet-query.ts.
import { z } from 'zod';
import { duration } from '../util/duration.js';
import { stripTerminalControls } from '../util/terminal-text.js';
import { formatTable } from '../cli/format-table.js';

const text = z.string();
const session = z.looseObject({
  role: text,
  name: text,
  running: z.boolean(),
  state: text,
  limitedUntil: text.nullable(),
});
const run = z.looseObject({
  name: text,
  planDir: text,
  logDir: text,
  state: text,
  phase: z
    .looseObject({ id: text, index: z.number(), total: z.number(), done: z.boolean() })
    .nullable(),
  sessions: z.array(session),
  watchdog: z.looseObject({
    running: z.boolean(),
    pid: z.number().nullable(),
    startedAt: text.nullable().optional(),
    uptimeSeconds: z.number().nullable().optional(),
  }),
  lastEvent: z
    .looseObject({
      ts: text,
      type: text,
      role: text.nullable().optional(),
      text: text.nullable().optional(),
    })
    .nullable(),
});
/** `launch ls --json`, as every launch with a registry prints it. */
export const lsJsonSchema = z.looseObject({ runs: z.array(run) });
export type ListedRun = z.output<typeof run>;

/** What one host said: its runs, or why there are none to show. */
export type HostListing =
  | { readonly host: string; readonly kind: 'listed'; readonly runs: readonly ListedRun[] }
  | { readonly host: string; readonly kind: 'unreachable'; readonly reason: string }
  | { readonly host: string; readonly kind: 'failed'; readonly reason: string };

/** The name local runs are listed under. */
export const LOCAL_HOST = 'local';

/** A host's `ls --json` output read: its runs, or a failure saying what came instead. */
export function readListing(host: string, stdout: string): HostListing {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    const first = stripTerminalControls(stdout.trim().split('\n')[0] ?? '').slice(0, 120);
    return {
      host,
      kind: 'failed',
      reason: `\`launch ls --json\` printed no JSON${first ? `: ${first}` : ''}`,
    };
  }
  const parsed = lsJsonSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    return {
      host,
      kind: 'failed',
      reason: `\`launch ls --json\` gave an unexpected answer${where ? ` at ${where}` : ''} (a launch too old for --all-hosts?)`,
    };
  }
  return { host, kind: 'listed', runs: parsed.data.runs };
}

export interface FleetJson {
  readonly runs: readonly (ListedRun & { readonly host: string })[];
  readonly hosts: readonly {
    readonly name: string;
    readonly ok: boolean;
    readonly error: string | null;
  }[];
}

export function mergeListings(listings: readonly HostListing[]): FleetJson {
  return {
    runs: listings.flatMap((listing) =>
      listing.kind === 'listed' ? listing.runs.map((one) => ({ ...one, host: listing.host })) : [],
    ),
    hosts: listings.map((listing) => ({
      name: listing.host,
      ok: listing.kind === 'listed',
      error: listing.kind === 'listed' ? null : listing.reason,
    })),
  };
}

/** One line for a host without a listing. */
export function problemLine(listing: HostListing): string | null {
  switch (listing.kind) {
    case 'listed':
      return null;
    case 'unreachable':
      return `host ${listing.host}: unreachable (${listing.reason})`;
    case 'failed':
      return `host ${listing.host}: ${listing.reason}`;
  }
}

const shown = (value: string): string => stripTerminalControls(value);

function phaseCell(one: ListedRun): string {
  if (one.state === 'complete') return 'done';
  if (one.phase === null) return '—';
  return `${shown(one.phase.id)} [${one.phase.index + 1}/${one.phase.total}]`;
}

function sessionsCell(one: ListedRun): string {
  if (one.sessions.length === 0) return '—';
  return one.sessions
    .map((s) => `${shown(s.role)} ${shown(s.running ? s.state : 'stopped')}`)
    .join(', ');
}

function watchdogCell(one: ListedRun): string {
  if (!one.watchdog.running) return 'stopped';
  const up = one.watchdog.uptimeSeconds;
  return typeof up === 'number' ? `up ${duration(up * 1000)}` : 'running';
}

function lastEventCell(one: ListedRun): string {
  const event = one.lastEvent;
  if (event === null) return '';
  const words = [event.ts.slice(11, 16), event.role ?? '', event.text ?? event.type];
  return shown(words.filter((word) => word !== '').join(' ')).slice(0, 60);
}

/** The fleet table a person reads: HOST first, then the columns `launch ls` shows. */
export function renderFleet(listings: readonly HostListing[]): string {
  const rows = listings.flatMap((listing) =>
    listing.kind === 'listed'
      ? listing.runs.map((one) => [
          shown(listing.host),
          shown(one.name),
          shown(one.planDir),
          phaseCell(one),
          shown(one.state),
          sessionsCell(one),
          watchdogCell(one),
          lastEventCell(one),
        ])
      : [],
  );
  return rows.length > 0
    ? formatTable(
        ['HOST', 'RUN', 'PLAN DIR', 'PHASE', 'STATE', 'SESSIONS', 'WATCHDOG', 'LAST EVENT'],
        rows,
      )
    : 'no runs on any host that answered\n';
}

/** One line per host without a listing, in the order asked. */
export function problemLines(listings: readonly HostListing[]): string[] {
  return listings.map(problemLine).filter((line): line is string => line !== null);
}
