// The small JSON document every notifier gets (webhook body, NOTIFY_COMMAND's stdin): what happened
// in one line of text (so a chat webhook shows it as is), which run it was, and the ledger event.
import { describeEvent } from '../watchdog/describe-event.js';
import type { LedgerEvent } from '../watchdog/types.js';
import type { NotifyKind } from './kinds.js';

/** Which run a notification is about: one host can run several plan dirs. */
export interface RunIdentity {
  readonly host: string;
  /** SESSION_PREFIX. */
  readonly prefix: string;
  readonly planDir: string;
}

export interface NotifyDocument {
  readonly source: 'launch';
  readonly kind: NotifyKind;
  /** One line for people, e.g. "launch loop@build-1: builder: restarted (stall) — idle 312s …". */
  readonly text: string;
  readonly ts: string;
  readonly host: string;
  readonly prefix: string;
  readonly planDir: string;
  readonly role: string | null;
  /** How many notifications like this one were held back since the last one sent (throttling). */
  readonly suppressed: number;
  /** The ledger event, as written to events.jsonl. */
  readonly event: LedgerEvent;
}

export function notifyDocument(
  kind: NotifyKind,
  event: LedgerEvent,
  run: RunIdentity,
  suppressed = 0,
): NotifyDocument {
  const repeated = suppressed > 0 ? ` (${suppressed} more like it held back)` : '';
  return {
    source: 'launch',
    kind,
    text: `launch ${run.prefix}@${run.host}: ${describeEvent(event)}${repeated}`,
    ts: event.ts,
    host: run.host,
    prefix: run.prefix,
    planDir: run.planDir,
    role: event.role ?? null,
    suppressed,
    event,
  };
}
