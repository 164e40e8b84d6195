// The demo's summary is computed from the ledger alone: plain events in, counts and lines out.
import { describe, expect, it } from 'vitest';
import { handoffLabel, renderSummary, summarizeRun } from '../../src/demo/summary.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

const LEDGER: LedgerEvent[] = [
  { ts: at(0), type: 'watchdog-started', pid: 11 },
  { ts: at(0), type: 'session-state', role: 'builder', from: 'unknown', to: 'waiting' },
  { ts: at(3), type: 'session-state', role: 'builder', from: 'active', to: 'waiting' },
  { ts: at(5), type: 'handoff-ping', role: 'adversary', reason: 'claim(p1-g1): gate g1 ready' },
  { ts: at(9), type: 'handoff-ping', role: 'builder', reason: 'review(p1-g1): PASS' },
  {
    ts: at(11),
    type: 'limit-armed',
    role: 'builder',
    until: at(21),
    resetAt: at(19),
    matched: 'Claude AI usage limit reached|1772359219',
  },
  { ts: at(22), type: 'limit-probe', role: 'builder', probe: 1 },
  { ts: at(23), type: 'limit-lifted', role: 'builder', reason: 'working again', probes: 1 },
  { ts: at(28), type: 'handoff-ping', role: 'adversary', reason: 'ADVERSARY-INBOX.md new' },
  { ts: at(32), type: 'phase-advanced', from: 'p1', to: 'p2' },
  { ts: at(32), type: 'session-started', role: 'builder', reason: 'phase' },
  { ts: at(41), type: 'orchestrator-woken', role: 'orchestrator' },
  {
    ts: at(42),
    type: 'session-restarted',
    role: 'builder',
    reason: 'stall',
    why: 'idle 6s with no WAITING-UNTIL marker',
  },
  { ts: at(44), type: 'message-not-delivered', role: 'builder', reason: 'review(p2-g1): PASS' },
  { ts: at(57), type: 'sequence-complete', phase: 'p2', phases: ['p1', 'p2'] },
  { ts: at(57), type: 'watchdog-stopped', reason: 'sequence complete' },
];

describe('summarizeRun', () => {
  it('counts handoffs each way, reboots, limit windows with their probes, phase changes', () => {
    expect(summarizeRun(LEDGER)).toEqual({
      startedAt: at(0),
      completedAt: at(57),
      phases: ['p1', 'p2'],
      handoffs: {
        toAdversary: ['claim(p1-g1): gate g1 ready', 'ADVERSARY-INBOX.md new'],
        toBuilder: ['review(p1-g1): PASS'],
      },
      reboots: [
        {
          at: at(42),
          role: 'builder',
          reason: 'stall',
          why: 'idle 6s with no WAITING-UNTIL marker',
        },
      ],
      limitWindows: [
        {
          role: 'builder',
          armedAt: at(11),
          resetAt: at(19),
          until: at(21),
          probes: [at(22)],
          liftedAt: at(23),
          liftedBecause: 'working again',
        },
      ],
      phaseChanges: [{ at: at(32), from: 'p1', to: 'p2' }],
      // The first reading of a session is not a declaration.
      declaredWaits: 1,
      wakes: 1,
      undelivered: 1,
      tickFailures: 0,
    });
  });

  it('keeps windows of different sessions apart and a window still open at the end open', () => {
    const summary = summarizeRun([
      { ts: at(0), type: 'limit-armed', role: 'builder', until: at(10), resetAt: null },
      { ts: at(1), type: 'limit-armed', role: 'adversary', until: at(5), resetAt: at(4) },
      { ts: at(6), type: 'limit-probe', role: 'adversary', probe: 1 },
      { ts: at(7), type: 'limit-lifted', role: 'adversary', reason: 'banner gone' },
      { ts: at(11), type: 'limit-probe', role: 'builder', probe: 1 },
      { ts: at(14), type: 'limit-probe', role: 'builder', probe: 2 },
    ]);
    expect(summary.limitWindows.map((window) => [window.role, window.probes.length])).toEqual([
      ['builder', 2],
      ['adversary', 1],
    ]);
    expect(summary.limitWindows[0]?.liftedAt).toBeNull();
    expect(summary.limitWindows[1]?.liftedBecause).toBe('banner gone');
    expect(summary.completedAt).toBeNull();
  });
});

describe('renderSummary', () => {
  it('says what happened with times from the watchdog start', () => {
    expect(renderSummary(summarizeRun(LEDGER), 61_400)).toEqual([
      "summary: the loop ran 0:57 from the watchdog's start to SEQUENCE-COMPLETE; the demo took 1:01 in all",
      '  handoffs       builder → adversary: 2 (claim(p1-g1), ADVERSARY-INBOX.md new)',
      '                 adversary → builder: 1 (review(p1-g1))',
      '  reboots 1      +0:42  builder (stall): idle 6s with no WAITING-UNTIL marker',
      '  limit windows  +0:11  builder limited, 1 probe (+0:22), resumed +0:23 (working again), never rebooted',
      '  phases         +0:32 p1 DONE → p2 · +0:57 p2 DONE → sequence complete',
      '  also           1 declared wait (WAITING-UNTIL) · orchestrator woken 1 time · 1 message not delivered (retried)',
    ]);
  });

  it('says "none" for what did not happen, and leaves the completion out of an unfinished run', () => {
    const lines = renderSummary(summarizeRun([{ ts: at(0), type: 'watchdog-started' }]), 4_000);
    expect(lines).toEqual([
      'summary: the demo took 0:04 in all',
      '  handoffs       builder → adversary: 0',
      '                 adversary → builder: 0',
      '  reboots        none',
      '  limit windows  none',
      '  phases         no change',
      '  also           0 declared waits (WAITING-UNTIL) · orchestrator woken 0 times',
    ]);
  });

  it('labels a handoff by its gate', () => {
    expect(handoffLabel('claim(p1-g1): gate g1 is ready for review')).toBe('claim(p1-g1)');
    expect(handoffLabel('Review(x): FAIL')).toBe('Review(x)');
    expect(handoffLabel('BUILDER-INBOX.md changed')).toBe('BUILDER-INBOX.md changed');
  });
});
