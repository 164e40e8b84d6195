// One line a person can read for each ledger event ("adversary  pinged  claim(g3): cache ready").
import type { LedgerEvent } from './types.js';
import { stripTerminalControls } from '../util/terminal-text.js';

const str = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value === undefined || value === null
      ? ''
      : JSON.stringify(value);

/** How instants inside a detail are shown; the default keeps the ISO text (logs, notifications). */
export interface DetailOptions {
  readonly time?: (iso: string) => string;
}

/** The short label of what happened (the "transition" column). */
export function eventLabel(event: LedgerEvent): string {
  switch (event.type) {
    case 'session-state':
      return `${str(event.from)} → ${str(event.to)}`;
    case 'handoff-ping':
      return 'pinged';
    case 'limit-armed':
      return 'limited';
    case 'limit-rearmed':
      return 'limit extended';
    case 'limit-probe':
      return `probe #${str(event.probe)}`;
    case 'limit-lifted':
      return 'resumed';
    case 'session-restarted':
      return `restarted (${str(event.reason)})`;
    case 'session-started':
      return 'started';
    case 'message-not-delivered':
      return 'not delivered';
    case 'backoff-entered':
      return 'backing off';
    case 'phase-advanced':
      return 'phase done';
    case 'orchestrator-woken':
      return 'woken';
    case 'session-unrecognised':
      return 'screen not recognised';
    case 'motion-ignored':
      return 'motion not counted';
    // One quota per account (rules/account.ts).
    case 'account-armed':
      return 'account limited';
    case 'account-parked':
      return 'parked (account)';
    case 'account-probe':
      return `account probe #${str(event.probe)}`;
    case 'account-probe-taken':
      return 'took the account probe';
    case 'account-lifted':
      return 'account lifted';
    case 'account-resumed':
      return 'resumed (account)';
    case 'conversation-resumed':
      return 'conversation back';
    case 'conversation-lost':
      return 'conversation lost';
    case 'resume-line-delivered':
      return 'told to continue';
    case 'delivery-started':
      return 'typing';
    case 'needs-input':
      return `needs input (${str(event.kind)})`;
    case 'input-answered':
      return 'answered';
    default:
      return event.type;
  }
}

/** The why: reason, until, delivery detail — whatever the event carries. */
export function eventDetail(event: LedgerEvent, options: DetailOptions = {}): string {
  const time = (value: unknown): string => {
    const text = str(value);
    return options.time && text !== '' ? options.time(text) : text;
  };
  switch (event.type) {
    case 'limit-armed':
    case 'limit-rearmed': {
      const slack =
        typeof event.until === 'string' && typeof event.resetAt === 'string'
          ? Math.round((Date.parse(event.until) - Date.parse(event.resetAt)) / 1000)
          : null;
      return `until ${time(event.until)}${event.resetAt ? ` (reset ${time(event.resetAt)} + ${slack ?? '?'}s)` : ' (reset not parsed: flat probe loop)'}`;
    }
    case 'limit-probe':
      return [str(event.reason), str(event.warning)].filter(Boolean).join(' — ');
    case 'handoff-ping':
      return `${str(event.reason)} — ${str(event.detail)}`;
    case 'session-restarted':
    case 'session-started': {
      // issue 14: whether it came back in its conversation, or fresh and why.
      const how =
        event.resumed === true
          ? ` (resuming conversation ${str(event.conversationId)})`
          : typeof event.fresh === 'string'
            ? ` (fresh: ${event.fresh})`
            : '';
      return `${str(event.why) || str(event.detail)}${how}`;
    }
    case 'conversation-resumed':
      return `${str(event.conversationId)} after ${str(event.afterSeconds)}s`;
    case 'session-unrecognised':
      return `${str(event.client)}${event.version ? ` ${str(event.version)}` : ''}: ${str(event.reason)}; check \`launch classify --evidence\` on its pane, and whether a newer launch reads it`;
    case 'phase-advanced':
      return `${str(event.from)} DONE → ${str(event.to)}`;
    case 'needs-input':
      return [
        str(event.question),
        event.options ? `options: ${str(event.options)}` : '',
        `answer: ${str(event.answerWith)}`,
        event.deadlineAt ? `deadline ${time(event.deadlineAt)} (${str(event.onDeadline)})` : '',
      ]
        .filter(Boolean)
        .join(' — ');
    case 'input-answered':
      return `${str(event.what)} by ${str(event.who)} after ${str(event.waitedSeconds)}s — ${str(event.question)}`;
    case 'sequence-complete':
      return `last phase ${str(event.phase)} DONE`;
    case 'backoff-entered':
      return `${str(event.reason)}: waiting ${str(event.delaySeconds)}s, next attempt ${time(event.until)}`;
    case 'message-not-delivered':
      return `${str(event.purpose)}: ${str(event.detail)}`;
    case 'watchdog-stopped':
      // `launch stop` leaves its name (stop-request.ts): "by launch stop (signal SIGTERM)".
      return event.requestedBy
        ? `by ${str(event.requestedBy)}${event.reason ? ` (${str(event.reason)})` : ''}`
        : str(event.reason);
    case 'watchdog-started':
      return [
        event.phase ? `phase ${str(event.phase)}` : '',
        event.pid === undefined ? '' : `pid ${str(event.pid)}`,
        str(event.reason),
      ]
        .filter(Boolean)
        .join(', ');
    default:
      return [str(event.reason), str(event.detail)].filter(Boolean).join(' — ');
  }
}

/** One line for people (log, notifications, dry runs): stripped of what a pushed subject may carry. */
export function describeEvent(event: LedgerEvent, options: DetailOptions = {}): string {
  const who = event.role ? `${event.role}: ` : '';
  const detail = eventDetail(event, options);
  return stripTerminalControls(`${who}${eventLabel(event)}${detail ? ` — ${detail}` : ''}`);
}
