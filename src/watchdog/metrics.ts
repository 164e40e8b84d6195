// The health line `launch watchdog --metrics` prints once per heavy tick, for external scraping:
// the time, the phase, each session's state, and counters since this watchdog started.
import type { Role } from '../config/roles.js';
import type { SessionKind, WatchdogState } from './state.js';
import type { LedgerEvent } from './types.js';

export interface MetricsCounts {
  /** Sessions restarted (stall, missed wait, fatal error, gone). */
  readonly reboots: number;
  readonly probes: number;
  /** Handoff pings delivered. */
  readonly pings: number;
  readonly notDelivered: number;
  readonly limitsArmed: number;
  readonly backoffs: number;
  readonly wakes: number;
  readonly phasesDone: number;
}

export const EMPTY_COUNTS: MetricsCounts = {
  reboots: 0,
  probes: 0,
  pings: 0,
  notDelivered: 0,
  limitsArmed: 0,
  backoffs: 0,
  wakes: 0,
  phasesDone: 0,
};

const COUNTED: Readonly<Record<string, keyof MetricsCounts>> = {
  'session-restarted': 'reboots',
  'limit-probe': 'probes',
  'handoff-ping': 'pings',
  'message-not-delivered': 'notDelivered',
  'limit-armed': 'limitsArmed',
  'backoff-entered': 'backoffs',
  'orchestrator-woken': 'wakes',
  'phase-advanced': 'phasesDone',
  'sequence-complete': 'phasesDone',
};

export function countEvents(counts: MetricsCounts, events: readonly LedgerEvent[]): MetricsCounts {
  const next: Record<keyof MetricsCounts, number> = { ...counts };
  for (const event of events) {
    const key = COUNTED[event.type];
    if (key) next[key]++;
  }
  return next;
}

export interface MetricsLine {
  readonly ts: string;
  readonly pid: number;
  readonly uptimeSeconds: number;
  readonly phase: {
    readonly id: string;
    readonly index: number;
    readonly total: number;
    readonly sequenceComplete: boolean;
  };
  readonly paused: boolean;
  readonly sessions: Readonly<Partial<Record<Role, { state: SessionKind; since: string }>>>;
  /** Since this watchdog process started. */
  readonly counts: MetricsCounts;
}

export function metricsLine(input: {
  readonly now: number;
  readonly startedAt: number;
  readonly pid: number;
  readonly state: WatchdogState;
  readonly roles: readonly Role[];
  readonly phaseIds: readonly string[];
  readonly counts: MetricsCounts;
}): MetricsLine {
  const { state } = input;
  const sessions: Partial<Record<Role, { state: SessionKind; since: string }>> = {};
  for (const role of input.roles) {
    const record = state.sessions[role];
    if (record) sessions[role] = { state: record.state.kind, since: record.state.since };
  }
  return {
    ts: new Date(input.now).toISOString(),
    pid: input.pid,
    uptimeSeconds: Math.max(0, Math.round((input.now - input.startedAt) / 1000)),
    phase: {
      id: input.phaseIds[state.phaseIndex] ?? '',
      index: state.phaseIndex,
      total: input.phaseIds.length,
      sequenceComplete: state.sequenceComplete,
    },
    paused: state.paused,
    sessions,
    counts: input.counts,
  };
}
