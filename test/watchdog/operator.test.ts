// Operator requests (HTTP API): the pure plan (refusals that keep the watchdog's invariants, a
// restart bookkept like the watchdog's own), settle's ledger line for it, the texts that may not be
// typed, and the queue the loop drains between ticks (order, replies, closing, failures).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/resolve.js';
import { dialectFor } from '../../src/screen/dialects.js';
import { FIXED_TEXTS, probeText } from '../../src/watchdog/messages.js';
import {
  operatorText,
  operatorTextProblem,
  planOperatorRequest,
  type OperatorReply,
} from '../../src/watchdog/operator.js';
import { OperatorQueue, type DrainContext } from '../../src/watchdog/operator-queue.js';
import { settle } from '../../src/watchdog/settle.js';
import { freshRecord, initialState, type WatchdogState } from '../../src/watchdog/state.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { privateTmux } from '../helpers/private-tmux.js';
import { tempDir } from '../helpers/temp-dir.js';
import { T0, at, iso } from './fixtures.js';

const roles = ['builder', 'adversary'] as const;

function withSessions(sessions: WatchdogState['sessions']): WatchdogState {
  return { ...initialState(1), sessions };
}

const limitedBuilder = withSessions({
  builder: {
    ...freshRecord({ kind: 'idle', since: iso(T0) }, 'x', iso(T0), 1),
    state: {
      kind: 'limited',
      since: iso(T0),
      until: iso(at(3600)),
      resetAt: iso(at(3555)),
      probes: 0,
      banner: "You've hit your limit",
    },
  },
});

describe('planOperatorRequest', () => {
  it('refuses roles this run does not watch, and anything once the sequence is complete', () => {
    expect(
      planOperatorRequest({ kind: 'message', role: 'orchestrator', text: 'hi' }, initialState(), {
        roles,
        now: T0,
      }),
    ).toMatchObject({ kind: 'refused', status: 'not-found' });
    expect(
      planOperatorRequest(
        { kind: 'restart', role: 'builder', force: true },
        { ...initialState(), sequenceComplete: true },
        { roles, now: T0 },
      ),
    ).toMatchObject({ kind: 'refused', status: 'conflict', message: /sequence is complete/ });
  });

  it('types nothing into a session inside a limit window, and restarts it only when forced', () => {
    expect(
      planOperatorRequest({ kind: 'message', role: 'builder', text: 'go on' }, limitedBuilder, {
        roles,
        now: at(10),
      }),
    ).toMatchObject({ kind: 'refused', status: 'conflict', message: /usage-limit window/ });
    expect(
      planOperatorRequest({ kind: 'restart', role: 'builder', force: false }, limitedBuilder, {
        roles,
        now: at(10),
      }),
    ).toMatchObject({ kind: 'refused', status: 'conflict', message: /"force": true/ });
    const forced = planOperatorRequest(
      { kind: 'restart', role: 'builder', force: true },
      limitedBuilder,
      { roles, now: at(10) },
    );
    expect(forced).toMatchObject({
      kind: 'restart',
      action: { why: 'requested by the operator (forced inside a limit window)' },
    });
    // The other session is not affected by the builder's window.
    expect(
      planOperatorRequest(
        { kind: 'message', role: 'adversary', text: ' a\n\tb ' },
        limitedBuilder,
        {
          roles,
          now: at(10),
        },
      ),
    ).toEqual({ kind: 'message', role: 'adversary', text: 'a b' });
  });

  it('plans a restart as the watchdog does its own: start-session, idle from now, this phase', () => {
    const backingOff = withSessions({
      adversary: {
        ...freshRecord({ kind: 'idle', since: iso(T0) }, 'x', iso(T0), 0),
        state: { kind: 'backoff', since: iso(T0), until: iso(at(900)), reason: 'stall' },
        restarts: [iso(at(-60)), iso(at(-30))],
        backoffLevel: 2,
      },
    });
    const plan = planOperatorRequest(
      { kind: 'restart', role: 'adversary', force: false },
      backingOff,
      {
        roles,
        now: at(5),
      },
    );
    if (plan.kind !== 'restart') throw new Error(`expected a restart plan, got ${plan.kind}`);
    expect(plan.action).toEqual({
      kind: 'start-session',
      role: 'adversary',
      reason: 'operator',
      phaseIndex: 1,
      why: 'requested by the operator',
      matched: '',
      // issue 14: no conversation recorded, so the restart is fresh, and says why.
      fresh: 'no-conversation-recorded',
    });
    expect(plan.state.sessions.adversary).toEqual({
      state: { kind: 'idle', since: iso(at(5)) },
      why: 'restarted: requested by the operator',
      // An operator's restart is not a crash loop: not counted, and it ends the backoff.
      restarts: [iso(at(-60)), iso(at(-30))],
      backoffLevel: 0,
      startedAt: iso(at(5)),
      phaseIndex: 1,
      // A new process: nothing seen of the old one counts.
      screen: null,
      lastActiveAt: null,
      unrecognisedLooks: 0,
      motionIgnoredAt: null,
      evidence: [],
      // issue 14: a fresh restart forgets the conversation; no resume to watch.
      conversation: null,
      resume: null,
    });
    // A session the watchdog has not seen yet gets a fresh record.
    const unseen = planOperatorRequest(
      { kind: 'restart', role: 'builder', force: false },
      initialState(1),
      {
        roles,
        now: at(5),
      },
    );
    expect(unseen.kind === 'restart' && unseen.state.sessions.builder?.startedAt).toBe(iso(at(5)));
  });

  it('is recorded by settle as session-restarted with reason operator, or as a failed start', () => {
    const plan = planOperatorRequest(
      { kind: 'restart', role: 'builder', force: false },
      initialState(),
      {
        roles,
        now: T0,
      },
    );
    if (plan.kind !== 'restart') throw new Error('expected a restart plan');
    const base = {
      kind: 'started' as const,
      role: 'builder' as const,
      reason: 'operator' as const,
      why: plan.action.why,
      matched: '',
    };
    const done = settle(plan.state, [{ ...base, ok: true, detail: 'kickoff k.txt' }], at(1));
    expect(done.events).toEqual([
      {
        ts: iso(at(1)),
        role: 'builder',
        reason: 'operator',
        why: 'requested by the operator',
        type: 'session-restarted',
        detail: 'kickoff k.txt',
        resumed: false,
      },
    ]);
    const failed = settle(plan.state, [{ ...base, ok: false, detail: 'no tmux' }], at(1));
    expect(failed.events[0]).toMatchObject({ type: 'session-start-failed', reason: 'operator' });
    expect(failed.state.sessions.builder?.state.kind).toBe('dead');
  });
});

describe('texts an operator may type', () => {
  it('are flattened to one line', () => {
    expect(operatorText('  line one\nline two\r\n\tend  ')).toBe('line one line two end');
  });

  it('may not read as a limit banner, a fatal error or a WAITING-UNTIL marker anywhere in them', () => {
    const bad = [
      "You've hit your limit · resets 3pm (America/New_York)",
      `please note: ${'x '.repeat(150)}5-hour limit reached ∙ resets 3am and carry on`,
      'copy this: Claude AI usage limit reached|1762952400',
      'API Error: 400 thinking blocks cannot be modified',
      'remember WAITING-UNTIL: 2030-01-01T00:00:00Z for later',
    ];
    for (const text of bad) expect(operatorTextProblem(text, T0, 'UTC'), text).not.toBeNull();
    const fine = [
      'please pull and re-run the tests',
      'the limit of the cache is 5 entries; reset it after each gate',
      ...FIXED_TEXTS,
      probeText('builder'),
    ];
    for (const text of fine) expect(operatorTextProblem(text, T0, 'UTC'), text).toBeNull();
  });
});

describe('the operator queue', () => {
  function drainContext(events: LedgerEvent[]): DrainContext {
    const logDir = tempDir();
    const loaded = loadSettings({
      cwd: logDir,
      env: { LOOP_BACKEND: 'sim', LOG_DIR: logDir, SESSION_PREFIX: 'opq' },
    });
    if (!loaded.ok) throw new Error(loaded.error.join('\n'));
    const world = privateTmux('operator');
    onTestFinished(() => world.dispose());
    return {
      context: {
        tmux: world.tmux,
        dialect: dialectFor('sim'),
        settings: loaded.value.settings,
        phases: [],
        zone: 'UTC',
        now: () => T0,
        roles,
      },
      record: (batch) => events.push(...batch),
    };
  }

  it('holds requests until the loop drains them, answers each in order, nudges the loop', async () => {
    let nudges = 0;
    const queue = new OperatorQueue(() => nudges++);
    const replies: OperatorReply[] = [];
    const first = queue
      .submit({ kind: 'restart', role: 'orchestrator', force: false })
      .then((reply) => replies.push(reply));
    const second = queue
      .submit({ kind: 'message', role: 'builder', text: 'hello' })
      .then((reply) => replies.push(reply));
    expect(nudges).toBe(2);
    expect(queue.size).toBe(2);
    await Promise.resolve();
    expect(replies).toEqual([]); // nothing happens between ticks but the drain

    const events: LedgerEvent[] = [];
    const state = await queue.drain(initialState(), drainContext(events));
    await Promise.all([first, second]);
    expect(state).toEqual(initialState());
    expect(queue.size).toBe(0);
    expect(replies[0]).toMatchObject({ kind: 'refused', status: 'not-found' });
    // No such session on the private socket: typed nowhere, and said so.
    expect(replies[1]).toMatchObject({ kind: 'message', role: 'builder', delivered: false });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'message-not-delivered',
        role: 'builder',
        purpose: 'operator',
        reason: 'operator message: hello',
      }),
    ]);
  });

  it('answers waiting and later requests with `unavailable` once closed', async () => {
    const queue = new OperatorQueue();
    const waiting = queue.submit({ kind: 'restart', role: 'builder', force: false });
    queue.close('the watchdog has stopped');
    expect(await waiting).toMatchObject({
      kind: 'refused',
      status: 'unavailable',
      message: /the watchdog has stopped/,
    });
    expect(await queue.submit({ kind: 'message', role: 'builder', text: 'x' })).toMatchObject({
      status: 'unavailable',
    });
  });

  it('survives a request that fails: the caller gets an answer, the ledger a line', async () => {
    const queue = new OperatorQueue();
    const events: LedgerEvent[] = [];
    const context = drainContext(events);
    // A log dir under a regular file: writing the state fails (ENOTDIR) after the restart.
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const broken: DrainContext = {
      ...context,
      context: {
        ...context.context,
        settings: { ...context.context.settings, logDir: join(blocker, 'launch') },
      },
    };
    const reply = queue.submit({ kind: 'restart', role: 'builder', force: false });
    await queue.drain(initialState(), broken);
    expect(await reply).toMatchObject({ kind: 'refused', status: 'unavailable' });
    expect(events.at(-1)).toMatchObject({ type: 'operator-request-failed', role: 'builder' });
  });
});
