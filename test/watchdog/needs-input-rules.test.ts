// decide with an injected clock: a session at a prompt for a person is `needs-input` — never
// stall-rebooted, never pinged (pings held and released once it is answered); its deadline types
// the declared default or restarts it; an authentication prompt gets one ledger line and nothing
// else; a policy rule answers a known prompt once.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/watchdog/decide.js';
import { settle } from '../../src/watchdog/settle.js';
import type { PromptReading } from '../../src/screen/prompt.js';
import type { WatchdogState } from '../../src/watchdog/state.js';
import type { Action, DecideSettings, LedgerEvent, Outcome } from '../../src/watchdog/types.js';
import { IDLE, SETTINGS, at, gitOk, iso, running, snapshot, stateWith } from './fixtures.js';

const PERMISSION: PromptReading = {
  kind: 'permission',
  question: 'Do you want to proceed?',
  options: [
    'Yes',
    "Yes, and don't ask again for rm commands",
    'No, and tell Claude what to do differently',
  ],
  selected: 1,
};
const LOGIN: PromptReading = {
  kind: 'auth',
  question: 'Select login method:',
  options: [
    'Claude account with subscription · Pro, Max, Team, or Enterprise',
    'Anthropic Console account · API usage billing',
  ],
  selected: 1,
};
const TRUST: PromptReading = {
  kind: 'trust',
  question: 'Quick safety check: Is this a project you created or one you trust?',
  options: ['Yes, I trust this folder', 'No, exit'],
  selected: 1,
};

interface Run {
  state: WatchdogState;
  events: LedgerEvent[];
  actions: Action[];
}

/** Ticks every SIGNAL_INTERVAL from `from` to `to` seconds with the adversary showing `prompt`. */
function tickAlong(
  run: Run,
  from: number,
  to: number,
  prompt: PromptReading | null,
  settings: DecideSettings = SETTINGS,
  git: (t: number) => ReturnType<typeof gitOk> | null = () => null,
): Run {
  let { state } = run;
  const events = [...run.events];
  const actions = [...run.actions];
  for (let t = from; t <= to; t += settings.signalInterval) {
    const decision = decide(
      snapshot(at(t), [running('builder'), running('adversary', IDLE, { prompt })], {
        git: git(t),
      }),
      state,
      settings,
    );
    state = decision.state;
    events.push(...decision.events);
    actions.push(...decision.actions);
  }
  return { state, events, actions };
}

const start = (): Run => ({ state: stateWith(), events: [], actions: [] });
const restartsOf = (run: Run, role = 'adversary') =>
  run.actions.filter(
    (action) =>
      (action.kind === 'restart-session' || action.kind === 'start-session') &&
      action.role === role,
  );

describe('needs-input: held, never stall-rebooted', () => {
  it('a permission prompt over 3 × STALL_IDLE: needs-input throughout, no restart, one ledger line', () => {
    const run = tickAlong(start(), 0, 3 * SETTINGS.stallIdle + 60, PERMISSION);
    expect(run.state.sessions.adversary?.state).toMatchObject({
      kind: 'needs-input',
      prompt: { kind: 'permission', question: 'Do you want to proceed?' },
    });
    expect(restartsOf(run)).toEqual([]);
    const lines = run.events.filter((event) => event.type === 'needs-input');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      role: 'adversary',
      kind: 'permission',
      question: 'Do you want to proceed?',
      options:
        "1. Yes / 2. Yes, and don't ask again for rm commands / 3. No, and tell Claude what to do differently",
      answerWith: 'launch answer adversary <option-number>',
    });
    // The same idle builder beside it is rebooted as usual (the rule is per session).
    expect(restartsOf(run, 'builder').length).toBeGreaterThan(0);
  });

  it('a claim ping is held while it waits and typed on the tick after the answer', () => {
    const git = (t: number) =>
      t === 60
        ? gitOk('b2', [{ sha: 'b2', subject: 'claim(g1): ready' }])
        : t === 0
          ? gitOk('b1', null)
          : null;
    let run = tickAlong(start(), 0, 600, PERMISSION, SETTINGS, git);
    expect(run.state.handoff.pending.map((ping) => ping.role)).toEqual(['adversary']);
    expect(run.actions.filter((action) => action.kind === 'type')).toEqual([]);
    // `launch answer adversary 1` typed it (act → settle): idle from now.
    const answered: Outcome = {
      kind: 'answered',
      role: 'adversary',
      answer: '1',
      who: 'cli',
      prompt: {
        kind: 'permission',
        question: PERMISSION.question,
        options: [...PERMISSION.options],
      },
      waitedSeconds: 600,
      delivered: true,
      detail: '1: the prompt left the screen',
    };
    const settled = settle(run.state, [answered], at(605));
    expect(settled.events).toContainEqual(
      expect.objectContaining({
        type: 'input-answered',
        who: 'cli',
        what: '1',
        waitedSeconds: 600,
      }),
    );
    expect(settled.state.sessions.adversary?.state.kind).toBe('idle');
    run = tickAlong({ ...run, state: settled.state, actions: [] }, 630, 630, null);
    expect(run.actions).toContainEqual(
      expect.objectContaining({ kind: 'type', role: 'adversary', purpose: 'ping' }),
    );
  });

  it('a prompt answered in the terminal: needs-input-cleared, idle clock from then', () => {
    let run = tickAlong(start(), 0, 120, PERMISSION);
    run = tickAlong(run, 150, 150, null);
    expect(run.events.filter((event) => event.type === 'needs-input-cleared')).toHaveLength(1);
    expect(run.state.sessions.adversary?.state).toEqual({ kind: 'idle', since: iso(at(150)) });
  });
});

describe('needs-input: the deadline', () => {
  const withPolicy = (needsInput: DecideSettings['needsInput']): DecideSettings => ({
    ...SETTINGS,
    needsInput,
  });

  it('types the declared default once the deadline passes, once', () => {
    const settings = withPolicy({ needsInputDeadline: 900, default: '3' });
    const run = tickAlong(start(), 0, 2000, PERMISSION, settings);
    const answers = run.actions.filter((action) => action.kind === 'answer');
    expect(answers).toEqual([
      expect.objectContaining({
        role: 'adversary',
        answer: '3',
        who: 'deadline',
        waitedSeconds: 900,
      }),
    ]);
    expect(run.events.filter((event) => event.type === 'needs-input-deadline')).toHaveLength(1);
    expect(restartsOf(run)).toEqual([]);
  });

  it('the default deadline (3600 s) restarts the session when no default answer is declared', () => {
    const run = tickAlong(start(), 0, 3700, PERMISSION);
    const restarts = restartsOf(run);
    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toMatchObject({ reason: 'needs-input-deadline' });
    expect(run.events.find((event) => event.type === 'needs-input-deadline')?.ts).toBe(
      iso(at(3600)),
    );
  });

  it('onDeadline "wait" waits without end (the user chose it)', () => {
    const run = tickAlong(start(), 0, 4 * 3600, PERMISSION, withPolicy({ onDeadline: 'wait' }));
    expect(restartsOf(run)).toEqual([]);
    expect(run.actions.filter((action) => action.kind === 'answer')).toEqual([]);
  });
});

describe('needs-input: authentication is never answered by launch', () => {
  it('a login screen: one ledger line, no restart, no deadline action, no answer — even with a rule and a default', () => {
    const settings: DecideSettings = {
      ...SETTINGS,
      needsInput: {
        autoAnswer: [{ match: 'login', answer: '1' }],
        needsInputDeadline: 600,
        default: '1',
      },
    };
    const run = tickAlong(start(), 0, 6 * 3600, LOGIN, settings);
    expect(run.events.filter((event) => event.type === 'needs-input')).toHaveLength(1);
    expect(run.events.filter((event) => event.type === 'needs-input-deadline')).toEqual([]);
    expect(restartsOf(run)).toEqual([]);
    expect(run.actions.filter((action) => action.kind === 'answer')).toEqual([]);
    expect(run.state.sessions.adversary?.state.kind).toBe('needs-input');
  });
});

describe('needs-input: policy rules', () => {
  it('answers the trust dialog by kind, once per prompt', () => {
    const settings: DecideSettings = {
      ...SETTINGS,
      needsInput: { autoAnswer: [{ kind: 'trust', answer: '1' }] },
    };
    const run = tickAlong(start(), 0, 300, TRUST, settings);
    expect(run.actions.filter((action) => action.kind === 'answer')).toEqual([
      expect.objectContaining({ role: 'adversary', answer: '1', who: 'policy' }),
    ]);
  });

  it('a rule matched by pattern; a non-matching one leaves it to a person', () => {
    const settings: DecideSettings = {
      ...SETTINGS,
      needsInput: {
        autoAnswer: [
          { match: 'rm commands', answer: '2' },
          { kind: 'trust', answer: '1' },
        ],
      },
    };
    expect(tickAlong(start(), 0, 0, PERMISSION, settings).actions).toContainEqual(
      expect.objectContaining({ kind: 'answer', answer: '2', who: 'policy' }),
    );
    const other = { ...PERMISSION, options: ['Yes', 'No'] };
    expect(
      tickAlong(start(), 0, 0, other, settings).actions.filter(
        (action) => action.kind === 'answer',
      ),
    ).toEqual([]);
  });

  it("a Notification asking for permission counts; Claude Code's idle_prompt does not", () => {
    const signals = (kind: string) => ({
      kind: 'seen' as const,
      last: { event: 'notification' as const, at: at(0) },
      lastWorkAt: null,
      lastStopAt: null,
      lastPromptAt: null,
      asking: { at: at(0), kind, message: 'Claude needs your permission to use Bash' },
      conversationId: null,
      transcriptPath: null,
    });
    const tick = (kind: string) =>
      decide(
        snapshot(at(10), [
          running('builder'),
          running('adversary', IDLE, { signals: signals(kind) }),
        ]),
        stateWith(),
        SETTINGS,
      ).state.sessions.adversary?.state.kind;
    expect(tick('permission_prompt')).toBe('needs-input');
    expect(tick('idle_prompt')).toBe('idle');
  });
});

describe('needs-input: the Orchestrator', () => {
  it('its scheduled wake is not typed into a prompt; it stays due until the prompt is answered', () => {
    const settings: DecideSettings = {
      ...SETTINGS,
      roles: ['builder', 'adversary', 'orchestrator'],
    };
    const state = stateWith({ wake: { lastAt: iso(at(-2 * 3600)) } });
    const tick = (prompt: PromptReading | null, t: number, from: WatchdogState) =>
      decide(
        snapshot(at(t), [
          running('builder'),
          running('adversary'),
          running('orchestrator', IDLE, { prompt }),
        ]),
        from,
        settings,
      );
    const held = tick(PERMISSION, 0, state);
    expect(held.actions.filter((action) => action.kind === 'type')).toEqual([]);
    const again = tick(null, 30, held.state);
    expect(again.actions).toContainEqual(
      expect.objectContaining({ kind: 'type', role: 'orchestrator', purpose: 'wake' }),
    );
  });
});
