// Ledger events as the dashboard shows them: the CLI's own words (`eventParts`, the same as `launch
// events`: "p1 DONE → p2", "limited until 15:00:45"), 24-hour local times, a tone for colour
// (restarts, limits, failures), and for `watchdog-stopped` why in a person's words. Added to each
// event as `view` by a feed wrapper, so the routes and the event stream stay as they are.
import type { EventFeed, SequencedEvent } from '../adapters/ledger-feed.js';
import { eventParts } from '../cli/event-lines.js';
import { stripTerminalControls } from '../util/terminal-text.js';
import { isCrashReason } from '../watchdog/crash-guard.js';
import type { LedgerEvent } from '../watchdog/types.js';

export type EventTone = 'restart' | 'limit' | 'failure' | 'good' | 'plain';

export interface EventView {
  readonly time: string;
  readonly who: string;
  readonly label: string;
  readonly detail: string;
  readonly quote: string | null;
  readonly tone: EventTone;
  /** For `watchdog-stopped`: "sequence complete", "by launch stop", "crashed", or the reason. */
  readonly stopped?: string;
  /** For events that name a time ahead (a limit's end, a backoff's next attempt): that instant. */
  readonly ahead?: string;
}

const LIMIT_TYPES = new Set(['limit-armed', 'limit-rearmed', 'limit-probe', 'limit-lifted']);
const FAILING_STATES = new Set(['dead', 'fatal', 'backoff']);

function toneOf(event: LedgerEvent, colour: string | null): EventTone {
  if (event.type === 'session-restarted') return 'restart';
  if (LIMIT_TYPES.has(event.type)) return event.type === 'limit-lifted' ? 'good' : 'limit';
  if (event.type === 'session-state') {
    if (event.to === 'limited') return 'limit';
    if (typeof event.to === 'string' && FAILING_STATES.has(event.to)) return 'failure';
  }
  if (colour === 'red') return 'failure';
  if (colour === 'green') return 'good';
  if (colour === 'yellow') return 'restart';
  return 'plain';
}

/** Why a watchdog stopped, in words: from `requestedBy` and `reason` of its `watchdog-stopped`. */
export function stopWords(event: LedgerEvent): string {
  const reason = typeof event.reason === 'string' ? stripTerminalControls(event.reason) : '';
  if (reason === 'sequence complete') return 'sequence complete';
  if (typeof event.requestedBy === 'string')
    return `by ${stripTerminalControls(event.requestedBy)}`;
  if (isCrashReason(reason)) return 'crashed';
  return reason === '' ? 'stopped' : reason;
}

export function eventView(event: LedgerEvent, zone: string, today?: string): EventView {
  const parts = eventParts(event, { zone, ...(today === undefined ? {} : { today }) });
  const until = typeof event.until === 'string' ? event.until : null;
  return {
    time: parts.time,
    who: parts.who,
    label: parts.label,
    detail: parts.detail,
    quote: parts.quote,
    tone: toneOf(event, parts.colour),
    ...(event.type === 'watchdog-stopped' ? { stopped: stopWords(event) } : {}),
    ...(until !== null && !Number.isNaN(Date.parse(until)) ? { ahead: until } : {}),
  };
}

/** The same feed, every event carrying its `view`. */
export function viewedFeed(feed: EventFeed, zone: string, now: () => Date): EventFeed {
  const withView = <E extends LedgerEvent>(event: E): E => ({
    ...event,
    view: eventView(event, zone, now().toISOString()),
  });
  return {
    last: feed.last,
    history: (query) => {
      const history = feed.history(query);
      return { ...history, events: history.events.map(withView) };
    },
    after: (seq) => {
      const after = feed.after(seq);
      return { ...after, events: after.events.map(withView) };
    },
    subscribe: (listener) => feed.subscribe((event: SequencedEvent) => listener(withView(event))),
    close: feed.close,
  };
}
