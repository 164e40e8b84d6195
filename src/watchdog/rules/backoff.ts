// Crash-loop protection: every restart passes this gate. More than MAX_RESTARTS restarts within
// RESTART_WINDOW and the session backs off 1, 5, 15, then 30 minutes (capped) before each further
// attempt; RESTART_RESET of clean running clears it.
import type { SessionRecord } from '../state.js';
import { seconds, toIso, toMs } from '../time.js';
import type { DecideSettings, LedgerEvent } from '../types.js';

export const BACKOFF_STEPS_SECONDS = [60, 300, 900, 1800] as const;

type BackoffSettings = Pick<DecideSettings, 'maxRestarts' | 'restartWindow' | 'restartReset'>;

export function backoffDelaySeconds(level: number): number {
  return (
    BACKOFF_STEPS_SECONDS[Math.min(Math.max(level, 1), BACKOFF_STEPS_SECONDS.length) - 1] ?? 1800
  );
}

/** Drops restarts older than the window, and clears the backoff after a clean run. */
export function ageRestarts(
  record: SessionRecord,
  now: number,
  settings: BackoffSettings,
): SessionRecord {
  const restarts = record.restarts.filter((at) => now - toMs(at) < seconds(settings.restartWindow));
  const lastStart = record.startedAt === null ? null : toMs(record.startedAt);
  const cleanRun =
    record.backoffLevel > 0 &&
    record.state.kind !== 'backoff' &&
    lastStart !== null &&
    now - lastStart >= seconds(settings.restartReset);
  return cleanRun ? { ...record, restarts, backoffLevel: 0 } : { ...record, restarts };
}

export type GateVerdict =
  | { readonly allowed: true; readonly record: SessionRecord }
  | {
      readonly allowed: false;
      readonly record: SessionRecord;
      readonly events: readonly LedgerEvent[];
    };

/**
 * May the session be (re)started now? Allowed restarts are recorded; a denied one leaves (or puts)
 * the session in `backoff` until its next attempt.
 */
export function gateRestart(
  record: SessionRecord,
  now: number,
  settings: BackoffSettings,
  reason: string,
  context: { readonly role: LedgerEvent['role']; readonly session: string },
): GateVerdict {
  const nowIso = toIso(now);
  if (record.state.kind === 'backoff') {
    if (now < toMs(record.state.until)) return { allowed: false, record, events: [] };
    // The backoff has run out: one attempt, keeping the level so the next failure waits longer.
    return { allowed: true, record: { ...record, restarts: [...record.restarts, nowIso] } };
  }
  // Crash-looping (or still backing off since the last loop, with no clean run since): every further
  // restart waits one step longer until RESTART_RESET of clean running clears the level.
  if (record.backoffLevel > 0 || record.restarts.length >= settings.maxRestarts) {
    const level = record.backoffLevel + 1;
    const delay = backoffDelaySeconds(level);
    const until = toIso(now + seconds(delay));
    return {
      allowed: false,
      record: {
        ...record,
        backoffLevel: level,
        state: { kind: 'backoff', since: nowIso, until, reason },
        why: `${reason}: ${record.restarts.length} restarts in the last ${settings.restartWindow}s; next attempt ${until}`,
      },
      events: [
        {
          ts: nowIso,
          type: 'backoff-entered',
          ...context,
          from: record.state.kind,
          to: 'backoff',
          reason,
          restarts: record.restarts.length,
          level,
          delaySeconds: delay,
          until,
        },
      ],
    };
  }
  return { allowed: true, record: { ...record, restarts: [...record.restarts, nowIso] } };
}
