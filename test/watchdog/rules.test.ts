import { describe, expect, it } from 'vitest';
import { decide } from '../../src/watchdog/decide.js';
import { PING_CLAIM, PING_REVIEW, pingInbox, probeText } from '../../src/watchdog/messages.js';
import { backoffDelaySeconds } from '../../src/watchdog/rules/backoff.js';
import { settle } from '../../src/watchdog/settle.js';
import { freshRecord, type SessionRecord, type WatchdogState } from '../../src/watchdog/state.js';
import type { Action, DecideSettings, Snapshot } from '../../src/watchdog/types.js';
import {
  ACTIVE,
  IDLE,
  SETTINGS,
  T0,
  at,
  gitOk,
  gone,
  iso,
  reading,
  running,
  snapshot,
  stateWith,
} from './fixtures.js';

const BANNER = "You've hit your limit · resets 3pm (America/New_York)";
const limited = (resetAt: string | null) =>
  reading({
    limited: true,
    resetAt,
    resetSource: resetAt ? 'time-with-zone' : null,
    matched: BANNER,
  });

function run(snap: Snapshot, state: WatchdogState, settings: DecideSettings = SETTINGS) {
  return decide(snap, state, settings);
}

/** Runs decide over a sequence of (time, observations) with the state threaded through. */
function sequence(
  steps: [number, Parameters<typeof snapshot>[1], Partial<Snapshot>?][],
  start = stateWith(),
  settings = SETTINGS,
) {
  let state = start;
  const all: { at: number; actions: readonly Action[]; events: readonly { type: string }[] }[] = [];
  for (const [now, sessions, over] of steps) {
    const decision = decide(snapshot(now, sessions, over), state, settings);
    state = decision.state;
    all.push({ at: now, actions: decision.actions, events: decision.events });
  }
  return { state, steps: all };
}

const kinds = (actions: readonly Action[]) =>
  actions.map(
    (action) =>
      `${action.kind}:${'role' in action ? action.role : ''}${'reason' in action ? `:${action.reason}` : ''}`,
  );

describe('usage-limit window (the core invariant)', () => {
  it('arms until the parsed reset + slack and stays quiet, however long it idles', () => {
    const resetAt = iso(at(3600));
    const { state, steps } = sequence(
      Array.from({ length: 100 }, (_, i) => [
        at(i * 30),
        [running('builder', limited(resetAt)), running('adversary', ACTIVE)],
      ]),
    );
    expect(steps[0]?.events.map((event) => event.type)).toContain('limit-armed');
    expect(steps.flatMap((step) => step.actions)).toEqual([]);
    expect(state.sessions.builder?.state).toMatchObject({
      kind: 'limited',
      resetAt,
      until: iso(at(3600 + 45)),
      probes: 0,
    });
  });

  it('never restarts a limited session, even one that also shows a fatal error or a past WAITING-UNTIL', () => {
    const banner = reading({
      limited: true,
      fatal: true,
      waitingUntil: iso(at(-10_000)),
      matched: BANNER,
    });
    const { steps } = sequence(
      Array.from({ length: 400 }, (_, i) => [
        at(i * 30),
        [running('builder', banner), running('adversary', ACTIVE)],
      ]),
    );
    const restarts = steps
      .flatMap((step) => step.actions)
      .filter((action) => action.kind !== 'type');
    expect(restarts).toEqual([]);
  });

  it('uses the flat fallback when the reset did not parse', () => {
    const decision = run(
      snapshot(at(0), [running('builder', limited(null)), running('adversary')]),
      stateWith(),
    );
    expect(decision.state.sessions.builder?.state).toMatchObject({
      kind: 'limited',
      until: iso(at(300)),
      resetAt: null,
    });
  });

  it('sends one probe at the window end, then re-arms from the flat fallback', () => {
    const resetAt = iso(at(600));
    const { steps, state } = sequence([
      [at(0), [running('builder', limited(resetAt)), running('adversary', ACTIVE)]],
      [at(644), [running('builder', limited(resetAt)), running('adversary', ACTIVE)]],
      [at(645), [running('builder', limited(resetAt)), running('adversary', ACTIVE)]],
      [at(675), [running('builder', limited(resetAt)), running('adversary', ACTIVE)]],
    ]);
    expect(steps[1]?.actions).toEqual([]);
    expect(steps[2]?.actions).toEqual([
      {
        kind: 'type',
        role: 'builder',
        text: probeText('builder'),
        purpose: 'probe',
        key: 'probe:builder:1',
      },
    ]);
    expect(steps[3]?.actions).toEqual([]);
    expect(state.sessions.builder?.state).toMatchObject({
      kind: 'limited',
      probes: 1,
      until: iso(at(645 + 300)),
    });
  });

  it('does not stack a probe on one still in the input area (it submits that one), and one that scrolled away does not block', () => {
    const start = stateWith({
      sessions: {
        builder: {
          ...freshRecord(
            {
              kind: 'limited',
              since: iso(T0),
              until: iso(at(10)),
              resetAt: null,
              probes: 1,
              banner: BANNER,
            },
            'limited',
            iso(T0),
            0,
          ),
        },
      },
    });
    const typedButNotSent = `> ${probeText('builder')}`;
    const stuck = run(
      snapshot(at(20), [
        running('builder', limited(null), { inputArea: typedButNotSent }),
        running('adversary'),
      ]),
      start,
    );
    expect(stuck.actions).toEqual([
      {
        kind: 'submit',
        role: 'builder',
        text: probeText('builder'),
        purpose: 'probe',
        key: 'probe:builder:2',
      },
    ]);
    const scrolled = run(
      snapshot(at(20), [
        running('builder', limited(null), { inputArea: '> ', paneTail: probeText('builder') }),
        running('adversary'),
      ]),
      start,
    );
    expect(scrolled.actions.map((action) => action.kind)).toEqual(['type']);
  });

  it('extends the window when a fresh banner gives a later reset, never shortens it', () => {
    const { state } = sequence([
      [at(0), [running('builder', limited(null)), running('adversary')]],
      [at(30), [running('builder', limited(iso(at(7200)))), running('adversary')]],
      [at(60), [running('builder', limited(iso(at(100)))), running('adversary')]],
    ]);
    expect(state.sessions.builder?.state).toMatchObject({ kind: 'limited', until: iso(at(7245)) });
  });

  it('lifts on a working marker or when the banner goes, with a fresh idle clock', () => {
    const armed = run(
      snapshot(at(0), [running('builder', limited(null)), running('adversary')]),
      stateWith(),
    ).state;
    const working = run(
      snapshot(at(30), [running('builder', ACTIVE), running('adversary')]),
      armed,
    );
    expect(working.events.map((event) => event.type)).toContain('limit-lifted');
    expect(working.state.sessions.builder?.state.kind).toBe('active');
    const quiet = run(snapshot(at(30), [running('builder', IDLE), running('adversary')]), armed);
    expect(quiet.state.sessions.builder?.state).toEqual({ kind: 'idle', since: iso(at(30)) });
  });

  it('warns at the third probe and keeps probing, never rebooting', () => {
    let state = run(
      snapshot(at(0), [running('builder', limited(null)), running('adversary', ACTIVE)]),
      stateWith(),
    ).state;
    const warnings: unknown[] = [];
    for (let t = 300; t <= 300 * 6; t += 300) {
      const decision = run(
        snapshot(at(t), [running('builder', limited(null)), running('adversary', ACTIVE)]),
        state,
      );
      expect(
        decision.actions.every((action) => action.kind === 'type' || action.kind === 'submit'),
      ).toBe(true);
      warnings.push(...decision.events.filter((event) => 'warning' in event));
      state = decision.state;
    }
    expect(state.sessions.builder?.state).toMatchObject({ kind: 'limited', probes: 6 });
    expect(warnings).toHaveLength(1);
  });

  it('holds pings for a limited session and delivers them once the window lifts', () => {
    let state = run(
      snapshot(at(0), [running('builder'), running('adversary', limited(null))], {
        git: gitOk('a', null),
      }),
      stateWith(),
    ).state;
    const claim = run(
      snapshot(at(30), [running('builder'), running('adversary', limited(null))], {
        git: gitOk('b', [{ sha: 'b', subject: 'claim(g1): ready' }]),
      }),
      state,
    );
    expect(claim.actions).toEqual([]);
    expect(claim.state.handoff.pending).toHaveLength(1);
    // A second claim while the first ping is held: the same ping answers it, and says so.
    const second = run(
      snapshot(at(45), [running('builder'), running('adversary', limited(null))], {
        git: gitOk('c', [{ sha: 'c', subject: 'claim(g2): ready too' }]),
      }),
      { ...claim.state, handoff: { ...claim.state.handoff, lastSha: 'b' } },
    );
    expect(second.state.handoff.pending).toMatchObject([
      { cause: 'claim(g1): ready', also: ['claim(g2): ready too'] },
    ]);
    state = claim.state;
    const lifted = run(
      snapshot(at(60), [running('builder'), running('adversary', ACTIVE)], { git: gitOk('b', []) }),
      state,
    );
    expect(lifted.actions).toEqual([
      expect.objectContaining({
        kind: 'type',
        role: 'adversary',
        text: PING_CLAIM,
        purpose: 'ping',
      }),
    ]);
  });
});

describe('stall', () => {
  it('restarts an idle session after STALL_IDLE, not before', () => {
    const { steps } = sequence([
      [at(0), [running('builder'), running('adversary', ACTIVE)]],
      [at(299), [running('builder'), running('adversary', ACTIVE)]],
      [at(300), [running('builder'), running('adversary', ACTIVE)]],
    ]);
    expect(steps[1]?.actions).toEqual([]);
    expect(kinds(steps[2]?.actions ?? [])).toEqual(['restart-session:builder:stall']);
  });

  it('resets the idle clock whenever the session works', () => {
    const { steps } = sequence([
      [at(0), [running('builder'), running('adversary', ACTIVE)]],
      [at(200), [running('builder', ACTIVE), running('adversary', ACTIVE)]],
      [at(400), [running('builder'), running('adversary', ACTIVE)]],
      [at(699), [running('builder'), running('adversary', ACTIVE)]],
      [at(700), [running('builder'), running('adversary', ACTIVE)]],
    ]);
    expect(steps.slice(0, 4).flatMap((step) => step.actions)).toEqual([]);
    expect(kinds(steps[4]?.actions ?? [])).toEqual(['restart-session:builder:stall']);
  });

  it('never stall-restarts the Orchestrator (it idles between wakes)', () => {
    const settings = { ...SETTINGS, roles: ['builder', 'adversary', 'orchestrator'] as const };
    const { steps } = sequence(
      Array.from({ length: 100 }, (_, i) => [
        at(i * 30),
        [running('builder', ACTIVE), running('adversary', ACTIVE), running('orchestrator')],
      ]),
      stateWith({ wake: { lastAt: iso(at(0)) } }),
      { ...settings, roles: [...settings.roles] },
    );
    expect(
      steps.flatMap((step) => step.actions).filter((action) => action.kind !== 'type'),
    ).toEqual([]);
  });

  it('opencode: a longer threshold, and recent log writes count as activity', () => {
    const settings = { ...SETTINGS, backend: 'opencode' as const };
    const quiet = sequence(
      [
        [at(0), [running('builder'), running('adversary', ACTIVE)]],
        [at(899), [running('builder'), running('adversary', ACTIVE)]],
        [at(900), [running('builder'), running('adversary', ACTIVE)]],
      ],
      stateWith(),
      settings,
    );
    expect(quiet.steps[1]?.actions).toEqual([]);
    expect(kinds(quiet.steps[2]?.actions ?? [])).toEqual(['restart-session:builder:stall']);
    const logging = sequence(
      [
        [at(0), [running('builder'), running('adversary', ACTIVE)]],
        [
          at(850),
          [running('builder', IDLE, { logWrittenAt: at(800) }), running('adversary', ACTIVE)],
        ],
        [at(1000), [running('builder'), running('adversary', ACTIVE)]],
      ],
      stateWith(),
      settings,
    );
    expect(logging.steps.flatMap((step) => step.actions)).toEqual([]);
  });
});

describe('WAITING-UNTIL', () => {
  const waiting = (untilSeconds: number) =>
    reading({
      waitingUntil: iso(at(untilSeconds)),
      matched: `WAITING-UNTIL: ${iso(at(untilSeconds))}`,
    });

  it('is honoured until until + STALL_GRACE, however long that is, then restarts', () => {
    const { steps, state } = sequence([
      [at(0), [running('builder', waiting(3600)), running('adversary', ACTIVE)]],
      [at(3600 + 180), [running('builder', waiting(3600)), running('adversary', ACTIVE)]],
      [at(3600 + 181), [running('builder', waiting(3600)), running('adversary', ACTIVE)]],
    ]);
    expect(steps[0]?.actions).toEqual([]);
    expect(steps[1]?.actions).toEqual([]);
    expect(kinds(steps[2]?.actions ?? [])).toEqual(['restart-session:builder:waiting-expired']);
    expect(state.sessions.builder?.restarts).toHaveLength(1);
  });

  it('reports waiting with its until while it is honoured', () => {
    const decision = run(
      snapshot(at(0), [running('builder', waiting(600)), running('adversary')]),
      stateWith(),
    );
    expect(decision.state.sessions.builder?.state).toEqual({
      kind: 'waiting',
      since: iso(at(0)),
      until: iso(at(600)),
    });
  });
});

describe('fatal and dead sessions', () => {
  const fatal = reading({ fatal: true, matched: 'thinking blocks cannot be modified' });

  it('restarts a fatal session on the heavy tick and shows fatal until then', () => {
    const start = stateWith({ lastHeavyAt: iso(at(0)) });
    const signal = run(snapshot(at(30), [running('builder', fatal), running('adversary')]), start);
    expect(signal.actions).toEqual([]);
    expect(signal.state.sessions.builder?.state.kind).toBe('fatal');
    const heavy = run(
      snapshot(at(300), [running('builder', fatal), running('adversary')]),
      signal.state,
    );
    expect(kinds(heavy.actions)).toEqual(['restart-session:builder:fatal']);
  });

  it('starts a dead or missing session on the heavy tick', () => {
    const start = stateWith({ lastHeavyAt: iso(at(0)) });
    const signal = run(snapshot(at(30), [gone('builder', 'dead'), running('adversary')]), start);
    expect(signal.actions).toEqual([]);
    expect(signal.state.sessions.builder?.state.kind).toBe('dead');
    const heavy = run(
      snapshot(at(300), [gone('builder', 'dead'), gone('adversary')]),
      signal.state,
    );
    expect(kinds(heavy.actions)).toEqual([
      'start-session:builder:dead',
      'start-session:adversary:dead',
    ]);
  });
});

describe('crash-loop backoff', () => {
  it('backs off 1, 5, 15, 30, 30 minutes after MAX_RESTARTS restarts in the window', () => {
    expect([1, 2, 3, 4, 5, 9].map(backoffDelaySeconds)).toEqual([60, 300, 900, 1800, 1800, 1800]);
    let state = stateWith({ lastHeavyAt: null });
    const starts: number[] = [];
    let backoffs = 0;
    // A session that dies right after every start; heavy tick every 300 s (the first tick is heavy).
    for (let t = 0; t < 4 * 3600; t += 30) {
      const decision = run(
        snapshot(at(t), [gone('builder'), running('adversary', ACTIVE)]),
        state,
        { ...SETTINGS, watchInterval: 30 },
      );
      for (const action of decision.actions) if (action.kind === 'start-session') starts.push(t);
      backoffs += decision.events.filter((event) => event.type === 'backoff-entered').length;
      state = decision.state;
    }
    // 5 quick restarts; each further attempt waits for the next backoff step (the request comes
    // one 30 s tick after the previous start, when the session is seen gone again).
    expect(starts.slice(0, 5)).toEqual([0, 30, 60, 90, 120]);
    const gaps = starts.slice(5).map((t, i) => t - (starts[i + 4] ?? 0));
    expect(gaps.slice(0, 5)).toEqual([30 + 60, 30 + 300, 30 + 900, 30 + 1800, 30 + 1800]);
    expect(backoffs).toBeGreaterThanOrEqual(4);
    expect(state.sessions.builder?.state.kind).toBe('backoff');
  });

  it('a clean run of RESTART_RESET clears the backoff level', () => {
    const record: SessionRecord = {
      ...freshRecord({ kind: 'active', since: iso(at(0)) }, 'working', iso(at(0)), 0),
      backoffLevel: 3,
    };
    const decision = run(
      snapshot(at(601), [running('builder', ACTIVE), running('adversary', ACTIVE)]),
      stateWith({ sessions: { builder: record } }),
    );
    expect(decision.state.sessions.builder?.backoffLevel).toBe(0);
  });
});

describe('handoffs', () => {
  const base = () =>
    run(
      snapshot(at(0), [running('builder'), running('adversary')], { git: gitOk('a0', null) }),
      stateWith(),
    ).state;

  it('baselines silently on the first look', () => {
    const decision = run(
      snapshot(at(0), [running('builder'), running('adversary')], { git: gitOk('a0', null) }),
      stateWith(),
    );
    expect(decision.actions).toEqual([]);
    expect(decision.state.handoff.lastSha).toBe('a0');
    expect(decision.events.map((event) => event.type)).toEqual(['handoff-baseline']);
  });

  it.each([
    [[{ sha: 'a1', subject: 'claim(g1): ready' }], [['adversary', PING_CLAIM]]],
    [[{ sha: 'a1', subject: 'Claim: parser' }], [['adversary', PING_CLAIM]]],
    [[{ sha: 'a1', subject: 'review(g1): PASS' }], [['builder', PING_REVIEW]]],
    [
      [
        { sha: 'a1', subject: 'claim(g1): x' },
        { sha: 'a2', subject: 'claim(g2): y' },
        { sha: 'a3', subject: 'REVIEW(g0): finding' },
      ],
      [
        ['adversary', PING_CLAIM],
        ['builder', PING_REVIEW],
      ],
    ],
    [[{ sha: 'a1', subject: 'wip: not a claim(g1)' }], []],
  ])('%j pings %j', (commits, expected) => {
    const decision = run(
      snapshot(at(30), [running('builder'), running('adversary')], {
        git: gitOk(commits.at(-1)?.sha ?? 'a0', commits),
      }),
      base(),
    );
    expect(
      decision.actions.map((action) => (action.kind === 'type' ? [action.role, action.text] : [])),
    ).toEqual(expected);
  });

  it('pings an INBOX reader when the file is new or changed, and forgets a removed one', () => {
    let state = base();
    const steps: [string | null, string[]][] = [
      ['h1', [pingInbox('ADVERSARY-INBOX.md')]],
      ['h1', []],
      ['h2', [pingInbox('ADVERSARY-INBOX.md')]],
      [null, []],
      ['h2', [pingInbox('ADVERSARY-INBOX.md')]],
    ];
    for (const [index, [hash, texts]] of steps.entries()) {
      const decision = run(
        snapshot(at(30 * (index + 1)), [running('builder'), running('adversary')], {
          git: gitOk('a0', [], { 'ADVERSARY-INBOX.md': hash }),
        }),
        state,
      );
      expect(decision.actions.map((action) => (action.kind === 'type' ? action.text : ''))).toEqual(
        texts,
      );
      // delivered: settle removes it from the queue
      state = settle(
        decision.state,
        decision.actions.flatMap((action) =>
          action.kind === 'type'
            ? [
                {
                  kind: 'typed' as const,
                  role: action.role,
                  purpose: action.purpose,
                  key: action.key,
                  delivered: true,
                  detail: 'ok',
                },
              ]
            : [],
        ),
        at(30 * (index + 1)),
      ).state;
    }
  });

  it('baselines again when the cursor is gone from git (force-push)', () => {
    const decision = run(
      snapshot(at(30), [running('builder'), running('adversary')], { git: gitOk('zz', null) }),
      base(),
    );
    expect(decision.actions).toEqual([]);
    expect(decision.events[0]).toMatchObject({
      type: 'handoff-baseline',
      reason: expect.stringMatching(/no longer known/) as unknown,
    });
  });

  it('logs a failing fetch once per streak and survives it', () => {
    let state = base();
    const types: string[] = [];
    for (const [t, git] of [
      [30, { kind: 'failed', detail: 'could not resolve host' }],
      [60, { kind: 'failed', detail: 'could not resolve host' }],
      [90, gitOk('a0', [])],
    ] as const) {
      const decision = run(
        snapshot(at(t), [running('builder'), running('adversary')], { git }),
        state,
      );
      types.push(...decision.events.map((event) => event.type));
      state = decision.state;
    }
    expect(types).toEqual(['git-failed', 'git-failed-recovered']);
  });

  it('retries a ping that was not delivered, then drops it', () => {
    let state = run(
      snapshot(at(30), [running('builder'), running('adversary')], {
        git: gitOk('a1', [{ sha: 'a1', subject: 'claim(x)' }]),
      }),
      base(),
    ).state;
    const types: string[] = [];
    for (let i = 0; i < 4; i++) {
      const decision = run(
        snapshot(at(60 + i * 30), [running('builder'), running('adversary')], {
          git: gitOk('a1', []),
        }),
        state,
      );
      const settled = settle(
        decision.state,
        decision.actions.flatMap((action) =>
          action.kind === 'type'
            ? [
                {
                  kind: 'typed' as const,
                  role: action.role,
                  purpose: action.purpose,
                  key: action.key,
                  delivered: false,
                  detail: 'stuck',
                },
              ]
            : [],
        ),
        at(60 + i * 30),
      );
      types.push(...settled.events.map((event) => event.type));
      state = settled.state;
    }
    expect(types).toEqual([
      'message-not-delivered',
      'message-not-delivered',
      'message-not-delivered',
      'ping-dropped',
    ]);
    expect(state.handoff.pending).toEqual([]);
  });
});

describe('orchestrator wake', () => {
  const settings: DecideSettings = { ...SETTINGS, roles: ['builder', 'adversary', 'orchestrator'] };
  const sessions = (orchestrator = running('orchestrator')) => [
    running('builder', ACTIVE),
    running('adversary', ACTIVE),
    orchestrator,
  ];

  it('comes a full interval after start, not while busy, retried until delivered, and also inside a limit window', () => {
    let state = run(snapshot(at(0), sessions()), stateWith(), settings).state;
    expect(state.wake.lastAt).toBe(iso(at(0)));
    expect(run(snapshot(at(3599), sessions()), state, settings).actions).toEqual([]);
    const busy = run(
      snapshot(at(3600), sessions(running('orchestrator', ACTIVE))),
      state,
      settings,
    );
    expect(busy.actions).toEqual([]);
    state = busy.state;
    const inLimit = run(
      snapshot(at(3630), sessions(running('orchestrator', limited(null)))),
      state,
      settings,
    );
    expect(inLimit.actions).toEqual([
      expect.objectContaining({ kind: 'type', role: 'orchestrator', purpose: 'wake' }),
    ]);
    const failed = settle(
      inLimit.state,
      [
        {
          kind: 'typed',
          role: 'orchestrator',
          purpose: 'wake',
          key: 'k',
          delivered: false,
          detail: 'x',
        },
      ],
      at(3630),
    );
    const retry = run(snapshot(at(3660), sessions()), failed.state, settings);
    expect(retry.actions).toEqual([expect.objectContaining({ purpose: 'wake' })]);
    const delivered = settle(
      retry.state,
      [
        {
          kind: 'typed',
          role: 'orchestrator',
          purpose: 'wake',
          key: 'k',
          delivered: true,
          detail: 'ok',
        },
      ],
      at(3660),
    );
    expect(delivered.state.wake.lastAt).toBe(iso(at(3660)));
    expect(run(snapshot(at(3690), sessions()), delivered.state, settings).actions).toEqual([]);
  });

  it('skips (and logs) a wake whose prompt file is missing', () => {
    const decision = run(
      snapshot(at(3600), sessions(), { wakeText: null }),
      stateWith({ wake: { lastAt: iso(at(0)) } }),
      settings,
    );
    expect(decision.actions).toEqual([]);
    expect(
      decision.events.filter((event) => event.type.startsWith('wake')).map((event) => event.type),
    ).toEqual(['wake-skipped']);
  });
});

describe('phases', () => {
  const done = { kind: 'done', file: '/b/STATUS-p1.md' } as const;

  it('advances once on DONE: every session restarted with the next kickoff, handoff memory reset', () => {
    const state = stateWith({
      handoff: { lastSha: 'a9', inboxes: { 'BUILDER-INBOX.md': 'h' }, pending: [] },
    });
    const decision = run(
      snapshot(at(0), [running('builder', ACTIVE), running('adversary')], { status: done }),
      state,
    );
    expect(kinds(decision.actions)).toEqual([
      'start-session:builder:phase',
      'start-session:adversary:phase',
    ]);
    expect(decision.state.phaseIndex).toBe(1);
    expect(decision.state.handoff).toEqual({ lastSha: null, inboxes: {}, pending: [] });
    expect(decision.events.map((event) => event.type)).toEqual(['phase-advanced']);
  });

  it('baselines the handoff cursor at the head it saw, so a claim right after the advance is pinged', () => {
    const state = stateWith({ handoff: { lastSha: 'a8', inboxes: {}, pending: [] } });
    const advance = run(
      snapshot(at(0), [running('builder'), running('adversary')], {
        status: done,
        git: gitOk('a9', [{ sha: 'a9', subject: 'done(p1)' }]),
      }),
      state,
    );
    expect(advance.state.handoff.lastSha).toBe('a9');
    const claim = run(
      snapshot(at(30), [running('builder'), running('adversary')], {
        git: gitOk('b1', [{ sha: 'b1', subject: 'claim(p2-g1): ready' }]),
      }),
      advance.state,
    );
    expect(claim.actions).toEqual([
      expect.objectContaining({ kind: 'type', role: 'adversary', text: PING_CLAIM }),
    ]);
  });

  it('holds a limited session at the advance and moves it when its window lifts', () => {
    const armed = run(
      snapshot(at(0), [running('builder'), running('adversary', limited(null))]),
      stateWith(),
    ).state;
    const advance = run(
      snapshot(at(30), [running('builder'), running('adversary', limited(null))], { status: done }),
      armed,
    );
    expect(kinds(advance.actions)).toEqual(['start-session:builder:phase']);
    const stillLimited = run(
      snapshot(at(60), [running('builder'), running('adversary', limited(null))]),
      advance.state,
    );
    expect(stillLimited.actions).toEqual([]);
    const lifted = run(
      snapshot(at(90), [running('builder'), running('adversary', ACTIVE)]),
      stillLimited.state,
    );
    expect(lifted.actions).toEqual([]);
    const next = run(
      snapshot(at(120), [running('builder'), running('adversary', ACTIVE)]),
      lifted.state,
    );
    expect(kinds(next.actions)).toEqual(['start-session:adversary:phase']);
  });

  it('keeps the Orchestrator running across phases (it supervises the whole sequence)', () => {
    const settings: DecideSettings = {
      ...SETTINGS,
      roles: ['builder', 'adversary', 'orchestrator'],
    };
    const decision = run(
      snapshot(at(0), [running('builder'), running('adversary'), running('orchestrator')], {
        status: done,
      }),
      stateWith(),
      settings,
    );
    expect(kinds(decision.actions)).toEqual([
      'start-session:builder:phase',
      'start-session:adversary:phase',
    ]);
    const next = run(
      snapshot(at(30), [running('builder'), running('adversary'), running('orchestrator')]),
      decision.state,
      settings,
    );
    expect(next.actions.filter((action) => action.kind !== 'type')).toEqual([]);
    expect(next.state.sessions.orchestrator?.phaseIndex).toBe(1);
  });

  it('holds a session that turns limited in the very tick of the advance', () => {
    const decision = run(
      snapshot(at(0), [running('builder', limited(null)), running('adversary')], { status: done }),
      stateWith({ sessions: {} }),
    );
    expect(kinds(decision.actions)).toEqual(['start-session:adversary:phase']);
  });

  it('after the last phase: stops everything, writes SEQUENCE-COMPLETE, exits', () => {
    const decision = run(
      snapshot(at(0), [running('builder'), running('adversary')], { status: done }),
      stateWith({ phaseIndex: 1 }),
    );
    expect(decision.actions).toEqual([
      { kind: 'stop-session', role: 'builder' },
      { kind: 'stop-session', role: 'adversary' },
      { kind: 'write-sequence-complete', phaseIds: ['p1', 'p2'] },
      { kind: 'exit' },
    ]);
    expect(decision.state.sequenceComplete).toBe(true);
    expect(decision.state.sessions.builder?.state.kind).toBe('stopped');
    expect(run(snapshot(at(30), []), decision.state).actions).toEqual([{ kind: 'exit' }]);
  });
});

describe('STOP file', () => {
  it('takes no action while paused and does not count the pause towards a stall', () => {
    const { steps } = sequence(
      [
        [at(0), [running('builder'), gone('adversary')]],
        [at(100), [running('builder'), gone('adversary')], { paused: true }],
        [at(10_000), [running('builder'), gone('adversary')], { paused: true }],
        [at(10_030), [running('builder'), running('adversary', ACTIVE)]],
        [at(10_329), [running('builder'), running('adversary', ACTIVE)]],
      ],
      stateWith({ lastHeavyAt: iso(T0) }),
    );
    expect(steps[1]?.events.map((event) => event.type)).toEqual(['paused']);
    expect(steps[1]?.actions).toEqual([]);
    expect(steps[2]?.actions).toEqual([]);
    expect(steps[3]?.events.map((event) => event.type)).toContain('resumed');
    expect(steps[4]?.actions).toEqual([]);
  });
});
