// After a restart: the ledger tells which deliveries the last watchdog began and never finished
// recording (issue 13: a kill mid-delivery). Each delivery-started line is followed by an outcome
// line with the same key; one without is "maybe delivered". A held ping is then sent again once,
// with a note (a duplicate ping is harmless, a lost one costs a night); a held ping whose delivery
// the ledger does show (the kill fell between recording it and saving the state) is let go, not
// sent twice. Pure: the loop reads the ledger and records what this returns.
import type { Role } from '../config/roles.js';
import { pingKey, pingReason } from './rules/handoff.js';
import type { WatchdogState } from './state.js';
import { toIso } from './time.js';
import type { LedgerEvent } from './types.js';

/** Ledger lines that close a delivery (each carries the delivery's key). */
const DELIVERED = new Set(['handoff-ping', 'orchestrator-woken', 'probe-delivered']);
const CLOSING = new Set([
  ...DELIVERED,
  'message-not-delivered',
  'delivery-cancelled',
  'ping-dropped',
  'delivery-uncertain',
]);

/** Ledger lines read back on start to find unfinished deliveries. */
export const RECOVERY_WINDOW = 2_000;

const keyOf = (event: LedgerEvent): string | null =>
  typeof event.key === 'string' ? event.key : null;

/** Whether the role's agent took a prompt at or after `sinceMs` (its prompt-submitted signal). */
export type TookPrompt = (role: Role, sinceMs: number) => boolean;

export function recoverDeliveries(
  state: WatchdogState,
  recent: readonly LedgerEvent[],
  now: number,
  tookPrompt: TookPrompt = () => false,
): { state: WatchdogState; events: LedgerEvent[] } {
  const ts = toIso(now);
  const open = new Map<string, LedgerEvent>();
  const delivered = new Set<string>();
  for (const event of recent) {
    const key = keyOf(event);
    if (key === null) continue;
    if (event.type === 'delivery-started') open.set(key, event);
    else if (CLOSING.has(event.type)) {
      open.delete(key);
      if (DELIVERED.has(event.type)) delivered.add(key);
    }
  }

  const events: LedgerEvent[] = [];
  // Held pings the ledger shows delivered: the kill came after the line, before the state was saved.
  const pending = state.handoff.pending.filter((ping) => {
    const key = pingKey(ping);
    if (!delivered.has(key)) return true;
    events.push({
      ts,
      type: 'delivery-reconciled',
      role: ping.role,
      purpose: 'ping',
      key,
      reason: `${ping.cause}: delivered before the restart (the ledger says so); not sent again`,
    });
    return false;
  });

  // An unfinished ping the agent's own signal shows it took (a prompt submitted after the typing
  // began) was delivered: record it as such, exactly once, instead of typing it again.
  for (const [key, intent] of open) {
    const ping = pending.find((candidate) => pingKey(candidate) === key);
    const role = ping?.role;
    if (ping === undefined || role === undefined || !tookPrompt(role, Date.parse(intent.ts)))
      continue;
    open.delete(key);
    pending.splice(pending.indexOf(ping), 1);
    events.push({
      ts,
      type: 'handoff-ping',
      role,
      purpose: 'ping',
      key,
      reason: pingReason(ping),
      confirmedBy: 'signal',
      detail:
        'confirmed after a restart: the agent signalled the prompt while the last watchdog typed it',
    });
  }

  for (const [key, intent] of open) {
    const held = pending.some((ping) => pingKey(ping) === key);
    const purpose = typeof intent.purpose === 'string' ? intent.purpose : 'ping';
    const what =
      purpose === 'ping'
        ? held
          ? 'sending it again once (a duplicate ping is harmless, a lost one is not)'
          : 'it is no longer held; not sent again'
        : purpose === 'wake'
          ? 'the wake stays due and is sent again'
          : purpose === 'resume'
            ? 'the line after the resumed restart is typed again'
            : 'the next window end probes again';
    events.push({
      ts,
      type: 'delivery-uncertain',
      ...(intent.role ? { role: intent.role } : {}),
      purpose,
      key,
      reason: `the watchdog stopped while typing it (begun ${intent.ts}); it may have arrived: ${what}`,
    });
  }
  const handoff = { ...state.handoff, pending };
  return {
    state: pending.length === state.handoff.pending.length ? state : { ...state, handoff },
    events,
  };
}
