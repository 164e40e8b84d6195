// Ledger events rendered for people, one line each: local time, session, transition, reason — and,
// under it, the pane text that decided it. Shared by `launch events` and `launch status`.
import { DateTime } from 'luxon';
import { instantOf, sameSystemDay, SYSTEM_ZONE, systemClock } from '../util/system-time.js';
import { paint, type CliIo, type Colour } from './io.js';
import { eventDetail, eventLabel } from '../watchdog/describe-event.js';
import type { LedgerEvent } from '../watchdog/types.js';
import { stripRecordStrings, stripTerminalControls } from '../util/terminal-text.js';

/** Events that are bad news get a colour; the rest stay plain. */
const COLOURS: Readonly<Record<string, Colour>> = {
  'session-restarted': 'yellow',
  'session-start-failed': 'red',
  'backoff-entered': 'red',
  'message-not-delivered': 'yellow',
  'ping-dropped': 'red',
  'limit-armed': 'yellow',
  'limit-rearmed': 'yellow',
  'limit-lifted': 'green',
  'account-parked': 'yellow',
  'account-lifted': 'green',
  'account-resumed': 'green',
  'account-file-moved-aside': 'red',
  'account-not-published': 'red',
  'phase-advanced': 'green',
  'sequence-complete': 'green',
  'tick-failed': 'red',
  'notify-failed': 'red',
  'log-rotation-failed': 'red',
  'http-failed': 'red',
};

const MATCHED_MAX = 200;
const ISO_INSTANT = /\b\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)/g;

export interface EventLineOptions {
  readonly zone: string;
  readonly io: Pick<CliIo, 'color'>;
  /** Show the date of events not on this instant's day (for lists without day headings). */
  readonly today?: string;
}

/** A clock time in the zone, with seconds; the date too when it is not the day of `reference`. */
export function localTime(iso: string, zone: string, reference?: string): string {
  if (zone === SYSTEM_ZONE) {
    const ms = instantOf(iso);
    if (ms === null) return iso;
    const other = reference === undefined ? ms : instantOf(reference);
    const withDate = other !== null && !sameSystemDay(ms, other);
    return systemClock(ms, { seconds: true, withDate });
  }
  const time = DateTime.fromISO(iso, { zone });
  if (!time.isValid) return iso;
  const sameDay =
    reference === undefined || DateTime.fromISO(reference, { zone }).hasSame(time, 'day');
  return time.toFormat(sameDay ? 'HH:mm:ss' : 'LLL d HH:mm:ss');
}

export const whoOf = (event: LedgerEvent): string => event.role ?? 'watchdog';

/** The pane text worth quoting under an event: what decided it, unless the detail already says it. */
function quotedPane(event: LedgerEvent, detail: string): string | null {
  const matched = typeof event.matched === 'string' ? event.matched.trim() : '';
  // An empty prompt ("> ") says nothing a reader could use.
  if ((matched.match(/[\p{L}\p{N}]/gu) ?? []).length < 3 || detail.includes(matched)) return null;
  const oneLine = matched.replace(/\s*\n\s*/g, ' ⏎ ');
  return oneLine.length > MATCHED_MAX ? `${oneLine.slice(0, MATCHED_MAX - 1)}…` : oneLine;
}

/** One event in words, before layout: what `launch events` prints and the dashboard shows. */
export interface EventParts {
  /** Local clock time (24-hour), with the date when not on `today`'s day. */
  readonly time: string;
  readonly who: string;
  readonly label: string;
  readonly detail: string;
  /** The pane text that decided it, on one line, when the detail does not already say it. */
  readonly quote: string | null;
  /** Bad news (or good) gets a colour; null for the plain ones. */
  readonly colour: Colour | null;
}

export function eventParts(
  raw: LedgerEvent,
  options: Pick<EventLineOptions, 'zone' | 'today'>,
): EventParts {
  // Subjects, pane text and reasons come from git, panes and the network: no escapes reach a terminal.
  const event = stripRecordStrings(raw);
  const time = (iso: string): string => localTime(iso, options.zone, event.ts);
  // Reasons written by the rules quote instants in ISO (UTC): show them in the reader's zone too.
  const detail = stripTerminalControls(
    eventDetail(event, { time }).replace(ISO_INSTANT, (iso) => time(iso)),
  );
  return {
    time: localTime(event.ts, options.zone, options.today),
    who: whoOf(event),
    label: eventLabel(event),
    detail,
    quote: quotedPane(event, detail),
    colour: COLOURS[event.type] ?? null,
  };
}

/** The lines for one event (without a trailing newline on the last). */
export function eventLines(raw: LedgerEvent, options: EventLineOptions): string[] {
  const { time, who, label, detail, quote, colour } = eventParts(raw, options);
  const head = `${time}  ${who.padEnd(12)} ${colour ? paint(options.io, colour, label.padEnd(18)) : label.padEnd(18)} ${detail}`;
  const lines = [head.trimEnd()];
  if (quote !== null)
    lines.push(`${' '.repeat(10)}${' '.repeat(13)}${paint(options.io, 'dim', `“${quote}”`)}`);
  return lines;
}

/**
 * A stateful renderer for a stream of events: a day line whenever the (local) day changes, so each
 * event line can show just the time.
 */
export function eventStream(options: EventLineOptions): (event: LedgerEvent) => string {
  let day: string | null = null;
  return (event) => {
    const local = DateTime.fromISO(event.ts, { zone: options.zone });
    const thisDay = local.isValid ? local.toISODate() : null;
    let out = '';
    if (thisDay !== null && thisDay !== day) {
      out += `${paint(options.io, 'bold', `── ${local.toFormat('cccc d LLLL yyyy')} ──`)}\n`;
      day = thisDay;
    }
    return `${out}${eventLines(event, options).join('\n')}\n`;
  };
}
