// The Orchestrator's scheduled wake (SPEC "Behaviour" 4): every ORCH_WAKE_INTERVAL the wake prompt is
// typed into it — never interrupting a busy turn (retried each tick until delivered), and sent even
// inside a limit window as a fallback that keeps it on track if the limit machinery misjudges.
import type { Role } from '../../config/roles.js';
import type { SessionRecord, WatchdogState } from '../state.js';
import { seconds, toIso, toMs } from '../time.js';
import type { Action, DecideSettings, LedgerEvent, SessionObservation } from '../types.js';

export interface WakeResult {
  readonly wake: WatchdogState['wake'];
  readonly actions: readonly Action[];
  readonly events: readonly LedgerEvent[];
}

export function wakeRule(
  wake: WatchdogState['wake'],
  observation: SessionObservation | undefined,
  record: SessionRecord | undefined,
  wakeText: string | null,
  now: number,
  settings: Pick<DecideSettings, 'orchWakeInterval' | 'roles'>,
  restarting: boolean,
  /** The team's orchestrator-kind role. */
  role: Role = 'orchestrator',
): WakeResult {
  if (!settings.roles.includes(role)) return { wake, actions: [], events: [] };
  // The first wake comes a full interval after the watchdog starts, not at once.
  if (wake.lastAt === null) return { wake: { lastAt: toIso(now) }, actions: [], events: [] };
  if (now - toMs(wake.lastAt) < seconds(settings.orchWakeInterval))
    return { wake, actions: [], events: [] };
  if (wakeText === null || wakeText === '') {
    return {
      wake: { lastAt: toIso(now) },
      actions: [],
      events: [
        {
          ts: toIso(now),
          type: 'wake-skipped',
          role,
          reason: 'the wake prompt file is missing or empty',
        },
      ],
    };
  }
  if (observation?.presence !== 'running' || record === undefined || restarting)
    return { wake, actions: [], events: [] };
  // Parked for its account's shared window: nothing is typed into it (retried once it resumes).
  const parked = record.state.kind === 'limited' && record.state.account !== undefined;
  const busy = record.state.kind === 'active' || parked;
  // A person's prompt takes nothing but an answer: the wake stays due until it is answered.
  if (busy || record.state.kind === 'needs-input') return { wake, actions: [], events: [] };
  return {
    wake,
    actions: [
      {
        kind: 'type',
        role,
        text: wakeText,
        purpose: 'wake',
        key: `wake:${toIso(now)}`,
      },
    ],
    events: [],
  };
}
