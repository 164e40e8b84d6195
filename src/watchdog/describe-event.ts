// One line a person can read for each ledger event ("adversary  pinged  claim(g3): cache ready").
import type { LedgerEvent } from './types.js';

const str = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value === undefined || value === null
      ? ''
      : JSON.stringify(value);

/** The short label of what happened (the "transition" column). */
export function eventLabel(event: LedgerEvent): string {
  switch (event.type) {
    case 'session-state':
      return `${str(event.from)} → ${str(event.to)}`;
    case 'handoff-ping':
      return 'pinged';
    case 'limit-armed':
      return 'limited';
    case 'limit-probe':
      return `probe #${str(event.probe)}`;
    case 'limit-lifted':
      return 'resumed';
    case 'session-restarted':
      return `restarted (${str(event.reason)})`;
    case 'message-not-delivered':
      return 'not delivered';
    default:
      return event.type;
  }
}

/** The why: reason, until, delivery detail — whatever the event carries. */
export function eventDetail(event: LedgerEvent): string {
  switch (event.type) {
    case 'limit-armed':
      return `until ${str(event.until)}${event.resetAt ? ` (reset ${str(event.resetAt)} + slack)` : ' (reset not parsed: flat probe loop)'}`;
    case 'limit-probe':
      return [str(event.reason), str(event.warning)].filter(Boolean).join(' — ');
    case 'handoff-ping':
      return `${str(event.reason)} — ${str(event.detail)}`;
    case 'session-restarted':
    case 'session-started':
      return str(event.why) || str(event.detail);
    case 'phase-advanced':
      return `${str(event.from)} DONE → ${str(event.to)}`;
    case 'sequence-complete':
      return `last phase ${str(event.phase)} DONE`;
    case 'backoff-entered':
      return `${str(event.reason)}: waiting ${str(event.delaySeconds)}s, next attempt ${str(event.until)}`;
    case 'message-not-delivered':
      return `${str(event.purpose)}: ${str(event.detail)}`;
    default:
      return [str(event.reason), str(event.detail)].filter(Boolean).join(' — ');
  }
}

export function describeEvent(event: LedgerEvent): string {
  const who = event.role ? `${event.role}: ` : '';
  const detail = eventDetail(event);
  return `${who}${eventLabel(event)}${detail ? ` — ${detail}` : ''}`;
}
