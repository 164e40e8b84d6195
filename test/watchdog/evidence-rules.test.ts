// decide over several sources of evidence: screen motion, the agent's signals, its transcript and
// the dialect's reading — a stall needs them all idle for the window; an unreadable screen is a
// state of its own, never a guess of "idle".
import { describe, expect, it } from 'vitest';
import type { SignalEvidence, TranscriptEvidence } from '../../src/evidence/types.js';
import { decide } from '../../src/watchdog/decide.js';
import type { WatchdogState } from '../../src/watchdog/state.js';
import type {
  Action,
  DecideSettings,
  LedgerEvent,
  SessionObservation,
} from '../../src/watchdog/types.js';
import { ACTIVE, IDLE, SETTINGS, T0, at, iso, reading, running, snapshot } from './fixtures.js';

const UNKNOWN = reading({ recognised: false });
const STALL = SETTINGS.stallIdle;
const TICK = SETTINGS.signalInterval;

function signals(over: Partial<Extract<SignalEvidence, { kind: 'seen' }>>): SignalEvidence {
  return {
    kind: 'seen',
    last: { event: 'session-start', at: T0 },
    lastWorkAt: null,
    lastStopAt: null,
    lastPromptAt: null,
    asking: null,
    conversationId: 'c-1',
    transcriptPath: null,
    ...over,
  };
}

type TranscriptLimit = Extract<TranscriptEvidence, { kind: 'seen' }>['limit'];
function transcript(writtenAt: number, limit: TranscriptLimit = null): TranscriptEvidence {
  return { kind: 'seen', file: '/t/c-1.jsonl', writtenAt, limit, conversationId: 'c-1' };
}

interface Run {
  readonly state: WatchdogState;
  readonly events: LedgerEvent[];
  readonly actions: Action[];
  /** Ticks at which a restart of the builder was asked for (seconds after T0). */
  readonly restartsAt: number[];
}

/**
 * Runs decide every signal tick from T0 for `seconds`, the builder observed as `look(t)` (t in
 * seconds after T0), the adversary idle and recognised. The builder "starts" at T0.
 */
function simulate(
  seconds: number,
  look: (t: number) => Partial<SessionObservation>,
  settings: DecideSettings = SETTINGS,
): Run {
  let state: WatchdogState = {
    ...decide(snapshot(T0, []), { ...emptyState() }, settings).state,
  };
  const events: LedgerEvent[] = [];
  const actions: Action[] = [];
  const restartsAt: number[] = [];
  for (let t = 0; t <= seconds; t += TICK) {
    const builder = running('builder', IDLE, look(t));
    const decision = decide(
      snapshot(at(t), [builder, running('adversary', IDLE)]),
      state,
      settings,
    );
    state = decision.state;
    events.push(...decision.events);
    actions.push(...decision.actions);
    if (
      decision.actions.some(
        (action) =>
          (action.kind === 'restart-session' || action.kind === 'start-session') &&
          action.role === 'builder',
      )
    )
      restartsAt.push(t);
  }
  return { state, events, actions, restartsAt };
}

function emptyState(): WatchdogState {
  return {
    version: 1,
    phaseIndex: 0,
    sequenceComplete: false,
    sessions: {},
    handoff: { lastSha: 'h0', inboxes: {}, pending: [] },
    wake: { lastAt: null },
    lastHeavyAt: iso(T0),
    paused: false,
    notices: {},
  };
}

/** A screen that changes every look (a spinner animating, a timer counting). */
const moving = (t: number) => ({ screenHash: `frame-${t}` });

describe('a screen no dialect recognises', () => {
  it('is not rebooted over 3 × STALL_IDLE while it moves, and is reported unrecognised once', () => {
    const run = simulate(3 * STALL, (t) => ({ reading: UNKNOWN, ...moving(t) }));
    expect(run.restartsAt).toEqual([]);
    expect(run.state.sessions.builder?.state.kind).toBe('unrecognised');
    const reported = run.events.filter((event) => event.type === 'session-unrecognised');
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ role: 'builder', client: 'claude' });
    // Reported after UNRECOGNISED_AFTER looks, not on the first odd frame.
    expect(reported[0]?.ts).toBe(iso(at((SETTINGS.unrecognisedAfter - 1) * TICK)));
  });

  it('is rebooted after STALL_IDLE when it is static and nothing else shows work', () => {
    const run = simulate(2 * STALL, () => ({ reading: UNKNOWN, screenHash: 'still' }));
    expect(run.restartsAt[0]).toBe(STALL);
    const restart = run.actions.find((action) => action.kind === 'restart-session');
    expect(restart).toMatchObject({ reason: 'stall' });
    if (restart?.kind !== 'restart-session') throw new Error('no restart');
    // The ledger names every source behind it.
    expect(Object.keys(restart.evidence ?? {})).toEqual([
      'screen',
      'motion',
      'signals',
      'transcript',
    ]);
    expect(restart.evidence?.screen).toContain('unknown');
    expect(restart.evidence?.motion).toContain('static');
    expect(restart.why).toContain('motion static');
  });

  it('is active while its signals say a turn runs, and idle at the Stop signal', () => {
    const stopAt = 2 * STALL;
    const run = simulate(4 * STALL, (t) => ({
      reading: UNKNOWN,
      screenHash: 'still',
      signals:
        t < stopAt
          ? signals({ last: { event: 'tool-end', at: at(t) }, lastWorkAt: at(t) })
          : signals({
              last: { event: 'stop', at: at(stopAt) },
              lastWorkAt: at(stopAt - TICK),
              lastStopAt: at(stopAt),
            }),
    }));
    const kinds = run.events
      .filter((event) => event.type === 'session-state' && event.role === 'builder')
      .map((event) => `${String(event.to)}@${(Date.parse(event.ts) - T0) / 1000}`);
    expect(kinds[0]).toBe('active@0');
    expect(kinds).toContain(`idle@${stopAt}`);
    // Not before every source has been idle for the window after the Stop.
    expect(run.restartsAt[0]).toBe(stopAt + STALL);
  });

  it('is not reported unrecognised while its client is still drawing its first screen', () => {
    const started = {
      ...emptyState(),
      sessions: {
        builder: {
          state: { kind: 'idle' as const, since: iso(T0) },
          why: 'started',
          restarts: [],
          backoffLevel: 0,
          startedAt: iso(T0),
          phaseIndex: 0,
          screen: null,
          lastActiveAt: null,
          unrecognisedLooks: 0,
          motionIgnoredAt: null,
          evidence: [],
        },
      },
    };
    let state: WatchdogState = started;
    for (let t = 0; t < SETTINGS.startupGrace; t += 5) {
      state = decide(
        snapshot(at(t), [running('builder', UNKNOWN, { screenHash: '' })]),
        state,
        SETTINGS,
      ).state;
    }
    expect(state.sessions.builder?.unrecognisedLooks).toBe(0);
    expect(state.sessions.builder?.state.kind).toBe('idle');
  });
});

describe('a screen the dialect reads as not working', () => {
  it('is active when the signals say a tool runs (new spinner words the dialect does not know)', () => {
    const run = simulate(2 * STALL, (t) => ({
      reading: IDLE,
      screenHash: 'static',
      signals: signals({ last: { event: 'tool-start', at: at(t) }, lastWorkAt: at(t) }),
    }));
    expect(run.restartsAt).toEqual([]);
    expect(run.state.sessions.builder?.state.kind).toBe('active');
    expect(run.state.sessions.builder?.why).toContain('signals: turn in progress');
  });

  it('holds off a stall while its transcript grows', () => {
    const run = simulate(3 * STALL, (t) => ({
      reading: IDLE,
      screenHash: 'static',
      transcript: transcript(at(t)),
    }));
    expect(run.restartsAt).toEqual([]);
  });

  it('bounds motion with nothing else showing work: reported once, then treated as stalled', () => {
    const run = simulate(8 * STALL, (t) => ({ reading: IDLE, ...moving(t) }));
    const bound = SETTINGS.motionBound * STALL;
    expect(run.restartsAt[0]).toBe(bound);
    const ignored = run.events.filter((event) => event.type === 'motion-ignored');
    expect(ignored[0]?.ts).toBe(iso(at(bound)));
    expect(ignored[0]?.reason).toContain('not counted as work');
  });

  it('a static idle screen is rebooted after STALL_IDLE exactly as before', () => {
    const run = simulate(2 * STALL, () => ({ reading: IDLE, screenHash: 'static' }));
    expect(run.restartsAt[0]).toBe(STALL);
  });

  it('a screen that moved within the window is never stall-rebooted', () => {
    // Moves every third window-tenth: always within the window.
    const run = simulate(3 * STALL, (t) => ({
      reading: IDLE,
      screenHash: `f${Math.floor(t / (STALL / 10))}`,
      transcript: transcript(at(t)),
    }));
    expect(run.restartsAt).toEqual([]);
  });
});

describe('a usage limit in the transcript', () => {
  const RESET = '2026-11-22T11:00:00+00:00';
  it('arms a window when the screen does not show it, and never reboots inside it', () => {
    const run = simulate(3 * STALL, () => ({
      reading: UNKNOWN,
      screenHash: 'static',
      transcript: transcript(at(0), {
        at: at(0),
        text: "You've hit your limit · resets 11am (UTC)",
        resetAt: RESET,
      }),
    }));
    expect(run.restartsAt).toEqual([]);
    const builder = run.state.sessions.builder?.state;
    expect(builder).toMatchObject({ kind: 'limited', resetAt: RESET });
    expect(run.events.find((event) => event.type === 'limit-armed')?.matched).toContain(
      'transcript:',
    );
  });

  it('gives the exact reset when the banner on screen did not parse', () => {
    const run = simulate(TICK, () => ({
      reading: reading({ limited: true, matched: 'usage limit reached' }),
      transcript: transcript(at(0), { at: at(0), text: 'limit', resetAt: RESET }),
    }));
    expect(run.state.sessions.builder?.state).toMatchObject({ kind: 'limited', resetAt: RESET });
  });

  it('is history once a prompt was submitted after it', () => {
    const run = simulate(TICK, () => ({
      reading: ACTIVE,
      transcript: transcript(at(0), { at: at(0), text: 'limit', resetAt: RESET }),
      signals: signals({ lastPromptAt: at(1), lastWorkAt: at(1) }),
    }));
    expect(run.state.sessions.builder?.state.kind).toBe('active');
  });
});

describe('status evidence', () => {
  it('keeps each source with its verdict and when it last showed work', () => {
    const run = simulate(TICK * 2, (t) => ({ reading: UNKNOWN, ...moving(t) }));
    const evidence = run.state.sessions.builder?.evidence ?? [];
    expect(evidence.map((item) => `${item.source}:${item.verdict}`)).toEqual([
      'screen:unknown',
      'motion:working',
      'signals:absent',
      'transcript:absent',
    ]);
  });
});
