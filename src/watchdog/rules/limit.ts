// The usage-limit window (SPEC "Behaviour" 8). The core invariant lives here: while a session is
// limited, every other rule stands aside — it is never killed or rebooted, nothing but the probe is
// typed into it, and its idle clock does not run.
//
//   banner, no marker ──► limited(until = reset + slack | now + fallback, probes 0)
//   marker, or banner gone ──► lifted
//   now < until ──► stay quiet (a fresher banner with a later reset extends the window)
//   now ≥ until, probe text not in the input area ──► type the probe, probes + 1, until = now + fallback
//                                                     (the next reading re-arms from the fresh banner)
//   now ≥ until, probe text still in the input area ──► press submit on it (never a second probe)
import type { PaneReading } from '../../screen/types.js';
import { probeText, typedPrefix } from '../messages.js';
import type { SessionState } from '../state.js';
import { seconds, toIso, toMs } from '../time.js';
import type { Action, DecideSettings, LedgerEvent, SessionObservation } from '../types.js';

type LimitedState = Extract<SessionState, { kind: 'limited' }>;
type LimitSettings = Pick<DecideSettings, 'limitResetSlack' | 'limitProbeFallback'>;

export type LimitVerdict =
  /** Not limited and not becoming so: other rules decide. */
  | { readonly kind: 'clear' }
  /** Inside (or entering) a window: other rules must stand aside. */
  | {
      readonly kind: 'hold';
      readonly state: LimitedState;
      readonly actions: readonly Action[];
      readonly events: readonly LedgerEvent[];
    }
  /** The window ended because the session works again or the banner went away. */
  | { readonly kind: 'lifted'; readonly events: readonly LedgerEvent[] };

/** When the next probe is due for a banner read now: the parsed reset + slack, else the flat fallback. */
export function windowEnd(
  reading: PaneReading,
  now: number,
  settings: LimitSettings,
): { until: number; resetAt: string | null } {
  if (reading.resetAt !== null) {
    const until = toMs(reading.resetAt) + seconds(settings.limitResetSlack);
    if (until > now) return { until, resetAt: reading.resetAt };
  }
  return { until: now + seconds(settings.limitProbeFallback), resetAt: null };
}

export const PROBE_WARNING_AT = 3;

export function limitRule(
  observation: SessionObservation,
  current: SessionState,
  now: number,
  settings: LimitSettings,
): LimitVerdict {
  const reading = observation.reading;
  if (reading === null)
    return current.kind === 'limited' ? { kind: 'lifted', events: [] } : { kind: 'clear' };
  const base = { ts: toIso(now), role: observation.role, session: observation.session };

  if (current.kind !== 'limited') {
    if (!reading.limited || reading.active) return { kind: 'clear' };
    const { until, resetAt } = windowEnd(reading, now, settings);
    const banner = reading.matched ?? '';
    return {
      kind: 'hold',
      state: {
        kind: 'limited',
        since: toIso(now),
        until: toIso(until),
        resetAt,
        probes: 0,
        banner,
      },
      actions: [],
      events: [
        {
          ...base,
          type: 'limit-armed',
          from: current.kind,
          to: 'limited',
          until: toIso(until),
          resetAt,
          reason: resetAt ? 'reset time parsed' : 'reset time not parsed: flat probe loop',
          matched: banner,
        },
      ],
    };
  }

  if (reading.active || !reading.limited) {
    return {
      kind: 'lifted',
      events: [
        {
          ...base,
          type: 'limit-lifted',
          from: 'limited',
          to: reading.active ? 'active' : 'idle',
          reason: reading.active ? 'working again' : 'banner gone',
          probes: current.probes,
          ...(reading.matched ? { matched: reading.matched } : {}),
        },
      ],
    };
  }

  const until = toMs(current.until);
  if (now < until) {
    // A fresh banner (e.g. re-printed after a probe) may push the reset later: never shorten.
    const fresh = windowEnd(reading, now, settings);
    if (fresh.resetAt !== null && fresh.until > until) {
      return {
        kind: 'hold',
        state: {
          ...current,
          until: toIso(fresh.until),
          resetAt: fresh.resetAt,
          banner: reading.matched ?? current.banner,
        },
        actions: [],
        events: [
          {
            ...base,
            type: 'limit-rearmed',
            until: toIso(fresh.until),
            resetAt: fresh.resetAt,
            matched: reading.matched ?? '',
          },
        ],
      };
    }
    return { kind: 'hold', state: current, actions: [], events: [] };
  }

  // Window over, banner still there. Never stack a second probe on one still sitting in the input
  // area — submit that one instead (left there, it would wedge the window for good). Look only in
  // the input area: a probe that scrolled into the conversation must not block the next.
  const text = probeText(observation.role);
  const stillTyped = observation.inputArea.includes(typedPrefix(text));
  const probes = current.probes + 1;
  const next = windowEnd(reading, now, settings);
  const key = `probe:${observation.role}:${probes}`;
  return {
    kind: 'hold',
    state: { ...current, probes, until: toIso(next.until), resetAt: next.resetAt },
    actions: [
      stillTyped
        ? { kind: 'submit', role: observation.role, text, purpose: 'probe', key }
        : { kind: 'type', role: observation.role, text, purpose: 'probe', key },
    ],
    events: [
      {
        ...base,
        type: 'limit-probe',
        probe: probes,
        reason: stillTyped
          ? `window ended ${toIso(until)}; the last probe was still in the input area: submitted it`
          : `window ended ${toIso(until)}`,
        ...(probes === PROBE_WARNING_AT
          ? {
              warning: `still limited after ${probes} probes; probing every ${settings.limitProbeFallback}s, never rebooting`,
            }
          : {}),
        matched: reading.matched ?? current.banner,
      },
    ],
  };
}
