// The --metrics health line: counters from the ledger events, the phase, each session's state.
import { describe, expect, it } from 'vitest';
import { countEvents, EMPTY_COUNTS, metricsLine } from '../../src/watchdog/metrics.js';
import { freshRecord } from '../../src/watchdog/state.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { iso, stateWith, T0 } from './fixtures.js';

const event = (type: string, extra: Partial<LedgerEvent> = {}): LedgerEvent => ({
  ts: iso(T0),
  type,
  ...extra,
});

describe('the metrics line', () => {
  it('counts reboots, probes, pings and the rest from the events recorded', () => {
    const counts = countEvents(EMPTY_COUNTS, [
      event('session-restarted', { reason: 'stall' }),
      event('session-restarted', { reason: 'dead' }),
      event('session-started', { reason: 'phase' }),
      event('limit-probe'),
      event('handoff-ping'),
      event('handoff-ping'),
      event('message-not-delivered'),
      event('limit-armed'),
      event('backoff-entered'),
      event('orchestrator-woken'),
      event('phase-advanced'),
      event('session-state'),
    ]);
    expect(countEvents(counts, [event('sequence-complete'), event('limit-probe')])).toEqual({
      reboots: 2,
      probes: 2,
      pings: 2,
      notDelivered: 1,
      limitsArmed: 1,
      backoffs: 1,
      wakes: 1,
      phasesDone: 2,
    });
  });

  it('reports time, uptime, the phase and each watched session’s state', () => {
    const state = stateWith({
      phaseIndex: 1,
      paused: true,
      sessions: {
        builder: freshRecord({ kind: 'active', since: iso(T0 - 5_000) }, 'working', null, 1),
        adversary: freshRecord(
          {
            kind: 'limited',
            since: iso(T0 - 60_000),
            until: iso(T0 + 60_000),
            resetAt: null,
            probes: 0,
            banner: 'x',
          },
          'limited',
          null,
          1,
        ),
        orchestrator: freshRecord({ kind: 'idle', since: iso(T0) }, 'not watched', null, 1),
      },
    });
    const line = metricsLine({
      now: T0,
      startedAt: T0 - 3_600_000,
      pid: 4211,
      state,
      roles: ['builder', 'adversary'],
      phaseIds: ['p1', 'p2', 'p3'],
      counts: EMPTY_COUNTS,
    });
    expect(JSON.parse(JSON.stringify(line))).toEqual({
      ts: iso(T0),
      pid: 4211,
      uptimeSeconds: 3600,
      phase: { id: 'p2', index: 1, total: 3, sequenceComplete: false },
      paused: true,
      sessions: {
        builder: { state: 'active', since: iso(T0 - 5_000) },
        adversary: { state: 'limited', since: iso(T0 - 60_000) },
      },
      counts: EMPTY_COUNTS,
    });
  });
});
