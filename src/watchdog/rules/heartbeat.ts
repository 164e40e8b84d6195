// Per-role heartbeat (after the AEOS loop's team heartbeats): a running role with `staleAfter` that
// has shown no sign of life — no signal, no screen change, no commit in its clone — for that long is
// reported `role-stale` once (status WHY, a notification), and `role-fresh` when a sign returns. A
// stall reboot of a role not yet reported stale reports it first: the operator hears "stale" before
// "rebooted". Pure: the signs come from the observation, the clock from `now`.
//
//   fresh ──(no sign for staleAfter, or a stall reboot asked)──▶ stale ──(any sign)──▶ fresh
import type { Heartbeat } from '../state.js';
import { seconds, toIso, toMs } from '../time.js';
import type { LedgerEvent, SessionObservation } from '../types.js';
import type { RoleTraits } from '../role-traits.js';

export interface HeartbeatResult {
  readonly heartbeat: Heartbeat | undefined;
  readonly events: readonly LedgerEvent[];
}

/** The newest sign of life this observation carries (ms), besides a screen change. */
function newestSign(observation: SessionObservation): number | null {
  const signal = observation.signals.kind === 'seen' ? observation.signals.last.at : null;
  const commit = observation.commitAt ?? null;
  const signs = [signal, commit].filter((at): at is number => at !== null);
  return signs.length === 0 ? null : Math.max(...signs);
}

export function heartbeatRule(
  observation: SessionObservation,
  previous: Heartbeat | undefined,
  traits: Pick<RoleTraits, 'staleAfter'>,
  now: number,
  /** The session rule asks for a stall reboot of this role this tick. */
  stallReboot: boolean,
): HeartbeatResult {
  if (traits.staleAfter === null) return { heartbeat: previous, events: [] };
  const ts = toIso(now);
  if (observation.presence !== 'running') return { heartbeat: previous, events: [] };
  const hash = observation.screenHash;
  const sign = newestSign(observation);
  const last = previous ? toMs(previous.lastSignAt) : now;
  const moved = previous !== undefined && hash !== null && hash !== previous.hash;
  const signed = sign !== null && sign > last;
  const lastSignAt =
    previous === undefined ? now : moved ? now : signed ? Math.min(sign, now) : last;
  const base = { role: observation.role, session: observation.session };
  const events: LedgerEvent[] = [];
  let staleSince = previous?.staleSince ?? null;
  if (staleSince !== null && lastSignAt > toMs(staleSince)) {
    events.push({
      ts,
      type: 'role-fresh',
      ...base,
      reason: moved ? 'its screen changed' : 'a signal or commit arrived',
    });
    staleSince = null;
  }
  const quietFor = now - lastSignAt;
  const overdue = quietFor >= seconds(traits.staleAfter);
  if (staleSince === null && (overdue || stallReboot)) {
    const quiet = `no signal, screen change or commit for ${Math.round(quietFor / 1000)}s`;
    events.push({
      ts,
      type: 'role-stale',
      ...base,
      // Reported early for a stall reboot: say so, rather than "20s (staleAfter 360s)".
      reason: overdue
        ? `${quiet} (staleAfter ${traits.staleAfter}s)`
        : `${quiet}: stalled, about to be rebooted (before staleAfter ${traits.staleAfter}s)`,
    });
    staleSince = ts;
  }
  return { heartbeat: { lastSignAt: toIso(lastSignAt), hash, staleSince }, events };
}

/** The status WHY prefix for a stale role; '' when it is not. */
export function staleNote(heartbeat: Heartbeat | undefined): string {
  return heartbeat?.staleSince ? `stale since ${heartbeat.staleSince}: ` : '';
}
