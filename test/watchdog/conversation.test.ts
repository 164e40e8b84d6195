// Restarts that keep the conversation (issue 14), the pure pieces: which restarts resume, the id
// noted from the evidence, a resume confirmed or given up (conversation-lost, with why), the one
// line typed after it, and what settle records. Plain inputs, an injected clock.
import { describe, expect, it } from 'vitest';
import type { SignalEvent, SignalEvidence } from '../../src/evidence/types.js';
import { decide } from '../../src/watchdog/decide.js';
import { operatorTextProblem, planOperatorRequest } from '../../src/watchdog/operator.js';
import {
  continueLine,
  planRestart,
  resumeKey,
  seenConversation,
} from '../../src/watchdog/rules/conversation.js';
import { settle } from '../../src/watchdog/settle.js';
import {
  freshRecord,
  stateSchema,
  type SessionRecord,
  type WatchdogState,
} from '../../src/watchdog/state.js';
import type {
  Action,
  DecideSettings,
  RestartReason,
  SessionObservation,
} from '../../src/watchdog/types.js';
import { at, gone, iso, reading, running, SETTINGS, snapshot, stateWith } from './fixtures.js';

const FATAL = reading({
  fatal: true,
  matched: 'API Error: 400 thinking blocks cannot be modified',
});

function signals(event: SignalEvent, atMs: number, conversationId: string | null): SignalEvidence {
  return {
    kind: 'seen',
    last: { event, at: atMs },
    lastWorkAt: null,
    lastStopAt: event === 'stop' ? atMs : null,
    lastPromptAt: null,
    asking: null,
    conversationId,
    transcriptPath: null,
  };
}

const builder = (over: Partial<SessionObservation> = {}): SessionObservation =>
  running('builder', undefined, over);

function record(over: Partial<SessionRecord> = {}): SessionRecord {
  return {
    ...freshRecord({ kind: 'idle', since: iso(at(0)) }, 'idle', iso(at(0)), 0),
    // The screen the fixtures show, unchanged since the start: no motion.
    screen: { hash: 'screen:', changedAt: iso(at(0)) },
    ...over,
  };
}

const withBuilder = (builderRecord: SessionRecord): WatchdogState =>
  stateWith({
    sessions: { builder: builderRecord, adversary: record() },
  });

const adversaryIdle = running('adversary');
const kinds = (actions: readonly Action[]) => actions.map((action) => action.kind);

describe('planRestart', () => {
  const known = { conversation: { id: 'c1', from: 'signals' as const, at: iso(at(0)) } };
  it('resumes a stall, an expired wait, a dead session and an operator restart when an id is recorded', () => {
    for (const reason of ['stall', 'waiting-expired', 'dead', 'operator'] as const)
      expect(planRestart(known, reason, true)).toEqual({ kind: 'resume', conversationId: 'c1' });
  });
  it('starts fresh after a fatal error or a phase change, without an id, or with resume off', () => {
    expect(planRestart(known, 'fatal', true)).toEqual({ kind: 'fresh', why: 'fatal-error' });
    expect(planRestart(known, 'phase', true)).toEqual({ kind: 'fresh', why: 'phase-change' });
    expect(planRestart(known, 'stall', false)).toEqual({ kind: 'fresh', why: 'resume-off' });
    expect(planRestart({ conversation: null }, 'stall', true)).toEqual({
      kind: 'fresh',
      why: 'no-conversation-recorded',
    });
    expect(planRestart(undefined, 'dead', true)).toEqual({
      kind: 'fresh',
      why: 'no-conversation-recorded',
    });
  });
});

describe('the conversation a session is in', () => {
  it('is noted from its signals, else its transcript; a session-end names none', () => {
    const transcript = {
      kind: 'seen' as const,
      file: '/t/c2.jsonl',
      writtenAt: at(1),
      limit: null,
      conversationId: 'c2',
    };
    expect(seenConversation(builder({ signals: signals('stop', at(1), 'c1') }))).toEqual({
      id: 'c1',
      from: 'signals',
    });
    expect(seenConversation(builder({ transcript }))).toEqual({ id: 'c2', from: 'transcript' });
    expect(seenConversation(builder({ signals: signals('session-end', at(1), 'c1') }))).toBe(null);
    expect(seenConversation(builder())).toBe(null);
  });

  it('is kept in the session record by decide', () => {
    const state = withBuilder(record());
    const one = decide(
      snapshot(at(10), [builder({ signals: signals('stop', at(9), 'c1') }), adversaryIdle]),
      state,
      SETTINGS,
    );
    expect(one.state.sessions.builder?.conversation).toEqual({
      id: 'c1',
      from: 'signals',
      at: iso(at(10)),
    });
  });

  it('old state files (no conversation fields) still load', () => {
    const old = JSON.parse(JSON.stringify(withBuilder(record()))) as Record<string, unknown>;
    const sessions = old.sessions as Record<string, Record<string, unknown>>;
    for (const session of Object.values(sessions)) {
      delete session.conversation;
      delete session.resume;
    }
    const parsed = stateSchema.safeParse(old);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.sessions.builder?.resume ?? null).toBe(null);
  });
});

describe('a stall restart that keeps the conversation', () => {
  const known = record({ conversation: { id: 'c1', from: 'signals', at: iso(at(0)) } });
  const stalled = () =>
    decide(
      snapshot(at(400), [builder({ signals: signals('stop', at(1), 'c1') }), adversaryIdle]),
      withBuilder(known),
      SETTINGS,
    );

  it('restarts with the conversation, watches for it, and types the line from the next tick on', () => {
    const first = stalled();
    const restart = first.actions.find((action) => action.kind === 'restart-session');
    expect(restart).toMatchObject({ reason: 'stall', resume: { conversationId: 'c1' } });
    expect(restart).not.toHaveProperty('fresh');
    const pending = first.state.sessions.builder?.resume;
    expect(pending).toMatchObject({
      conversationId: 'c1',
      reason: 'stall',
      since: iso(at(400)),
      lineDelivered: false,
      confirmedAt: null,
    });
    // Not in the restart's own tick (its restart may yet be skipped).
    expect(kinds(first.actions)).not.toContain('type');

    // The new process says nothing yet: the line is typed, nothing is lost.
    const second = decide(snapshot(at(402), [builder(), adversaryIdle]), first.state, SETTINGS);
    expect(second.actions).toContainEqual({
      kind: 'type',
      role: 'builder',
      text: continueLine('stall'),
      purpose: 'resume',
      key: resumeKey('builder', { since: iso(at(400)) }),
    });
    expect(second.events.map((event) => event.type)).not.toContain('conversation-lost');

    // Its SessionStart names the same conversation: confirmed.
    const third = decide(
      snapshot(at(404), [
        builder({ signals: signals('session-start', at(403), 'c1') }),
        adversaryIdle,
      ]),
      second.state,
      SETTINGS,
    );
    expect(third.events).toContainEqual(
      expect.objectContaining({
        type: 'conversation-resumed',
        role: 'builder',
        conversationId: 'c1',
        from: 'signals',
        afterSeconds: 4,
      }),
    );
    expect(third.state.sessions.builder?.resume?.confirmedAt).toBe(iso(at(404)));

    // The line delivered: nothing more to watch.
    const done = settle(
      third.state,
      [
        {
          kind: 'typed',
          role: 'builder',
          purpose: 'resume',
          key: resumeKey('builder', { since: iso(at(400)) }),
          delivered: true,
          detail: 'delivered in 0.4s',
        },
      ],
      at(405),
    );
    expect(done.events.map((event) => event.type)).toEqual(['resume-line-delivered']);
    expect(done.state.sessions.builder?.resume).toBe(null);
    const after = decide(snapshot(at(406), [builder(), adversaryIdle]), done.state, SETTINGS);
    expect(kinds(after.actions)).not.toContain('type');
  });

  it('a line not delivered is typed again at the next tick', () => {
    const second = decide(snapshot(at(402), [builder(), adversaryIdle]), stalled().state, SETTINGS);
    const failed = settle(
      second.state,
      [
        {
          kind: 'typed',
          role: 'builder',
          purpose: 'resume',
          key: resumeKey('builder', { since: iso(at(400)) }),
          delivered: false,
          detail: 'not delivered',
        },
      ],
      at(403),
    );
    expect(failed.events.map((event) => event.type)).toEqual(['message-not-delivered']);
    const again = decide(snapshot(at(404), [builder(), adversaryIdle]), failed.state, SETTINGS);
    expect(again.actions).toContainEqual(expect.objectContaining({ purpose: 'resume' }));
  });

  function lost(observation: SessionObservation, now: number) {
    const second = decide(snapshot(now, [observation, adversaryIdle]), stalled().state, SETTINGS);
    const event = second.events.find((candidate) => candidate.type === 'conversation-lost');
    const start = second.actions.find((action) => action.kind === 'start-session');
    return { second, event, start };
  }

  it('falls back to a fresh kickoff when the client exits (resume refused)', () => {
    const { second, event, start } = lost(gone('builder', 'dead'), at(402));
    expect(event).toMatchObject({
      role: 'builder',
      conversationId: 'c1',
      reason: 'resume-refused',
    });
    expect(start).toMatchObject({ reason: 'stall', fresh: 'conversation-lost' });
    expect(start).not.toHaveProperty('resume');
    expect(second.state.sessions.builder).toMatchObject({ conversation: null, resume: null });
  });

  it('falls back when the client is in another conversation', () => {
    const { event, start } = lost(
      builder({ signals: signals('session-start', at(401), 'c9') }),
      at(402),
    );
    expect(event).toMatchObject({ reason: 'different-conversation' });
    expect(String(event?.detail)).toContain('c9');
    expect(start).toMatchObject({ fresh: 'conversation-lost' });
  });

  it('falls back when nothing names a conversation within the stall window', () => {
    expect(lost(builder(), at(400 + SETTINGS.stallIdle - 1)).event).toBeUndefined();
    const { event, start } = lost(builder(), at(400 + SETTINGS.stallIdle + 1));
    expect(event).toMatchObject({ reason: 'timeout' });
    expect(start).toMatchObject({ fresh: 'conversation-lost' });
  });

  it("waits the role's own stall window in a mixed team (an opencode builder in a claude run)", () => {
    const team: DecideSettings = {
      ...SETTINGS,
      team: [
        {
          name: 'builder',
          backend: 'opencode',
          kind: 'agent',
          watched: true,
          staleAfter: null,
          stallIdle: SETTINGS.opencodeStallIdle,
          startupGrace: 30,
        },
      ],
    };
    const second = (now: number) =>
      decide(snapshot(now, [builder(), adversaryIdle]), stalled().state, team).events.find(
        (event) => event.type === 'conversation-lost',
      );
    expect(second(at(400 + SETTINGS.stallIdle + 1))).toBeUndefined();
    expect(second(at(400 + SETTINGS.opencodeStallIdle + 1))).toMatchObject({ reason: 'timeout' });
  });

  it('is never given up inside a usage-limit window (nothing is restarted there)', () => {
    const limitedScreen = running(
      'builder',
      reading({ limited: true, matched: "You've hit your limit · resets 3pm" }),
    );
    const { event, start } = lost(limitedScreen, at(400 + SETTINGS.stallIdle + 60));
    expect(event).toBeUndefined();
    expect(start).toBeUndefined();
  });

  it("the killed process's session-end never confirms it", () => {
    const { second, event } = lost(
      builder({ signals: signals('session-end', at(401), 'c1') }),
      at(402),
    );
    expect(event).toBeUndefined();
    expect(second.state.sessions.builder?.resume?.confirmedAt).toBe(null);
  });

  it('with RESUME_ON_RESTART off, restarts fresh', () => {
    const off = decide(
      snapshot(at(400), [builder({ signals: signals('stop', at(1), 'c1') }), adversaryIdle]),
      withBuilder(known),
      { ...SETTINGS, resumeOnRestart: false },
    );
    expect(off.actions.find((action) => action.kind === 'restart-session')).toMatchObject({
      fresh: 'resume-off',
    });
    expect(off.state.sessions.builder).toMatchObject({ conversation: null, resume: null });
  });
});

describe('fresh restarts', () => {
  const known = record({ conversation: { id: 'c1', from: 'signals', at: iso(at(0)) } });
  it('a fatal client error starts fresh and forgets the broken conversation', () => {
    // A heavy tick (WATCH_INTERVAL after the last) heals a fatal session.
    const fatal = decide(
      snapshot(at(SETTINGS.watchInterval + 1), [running('builder', FATAL), adversaryIdle]),
      withBuilder(known),
      SETTINGS,
    );
    expect(fatal.actions.find((action) => action.kind === 'restart-session')).toMatchObject({
      reason: 'fatal',
      fresh: 'fatal-error',
    });
    expect(fatal.state.sessions.builder).toMatchObject({ conversation: null, resume: null });
  });

  it('settle records resumed: true with the conversation, or resumed: false with why', () => {
    const base = {
      kind: 'started' as const,
      role: 'builder' as const,
      ok: true,
      detail: 'x',
      why: 'w',
      matched: '',
    };
    const done = settle(
      stateWith(),
      [
        { ...base, reason: 'stall', resume: { conversationId: 'c1' } },
        { ...base, reason: 'fatal', fresh: 'fatal-error' },
        { ...base, reason: 'phase', fresh: 'phase-change' },
      ],
      at(1),
    );
    expect(
      done.events.map((event) => [event.type, event.resumed, event.conversationId ?? event.fresh]),
    ).toEqual([
      ['session-restarted', true, 'c1'],
      ['session-restarted', false, 'fatal-error'],
      ['session-started', false, 'phase-change'],
    ]);
  });

  it('an operator restart resumes too', () => {
    const plan = planOperatorRequest(
      { kind: 'restart', role: 'builder', force: false },
      withBuilder(known),
      { roles: ['builder', 'adversary'], now: at(5) },
    );
    if (plan.kind !== 'restart') throw new Error(`expected a restart plan, got ${plan.kind}`);
    expect(plan.action.resume).toEqual({ conversationId: 'c1' });
    expect(plan.state.sessions.builder?.resume?.line).toBe(continueLine('operator'));
  });
});

describe('the line typed after a resume', () => {
  it('is one short line that no dialect reads as a limit banner, a fatal error or a marker', () => {
    const reasons: RestartReason[] = [
      'stall',
      'waiting-expired',
      'dead',
      'operator',
      'fatal',
      'phase',
    ];
    for (const reason of reasons) {
      const line = continueLine(reason);
      expect(line).not.toContain('\n');
      expect(line.length).toBeLessThan(120);
      expect(operatorTextProblem(line, at(0), 'UTC')).toBe(null);
    }
  });
});
