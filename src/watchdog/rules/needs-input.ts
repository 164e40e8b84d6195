// The `needs-input` rule (pure): an agent waiting for a person — a permission, trust or selection
// prompt, a login screen, or a client signal asking for permission. Such a session is never
// stall-rebooted and nothing but an answer is typed into it (pings are held: only active, idle and
// waiting sessions take them). Once per prompt: a ledger line `needs-input` (which notifies), the
// policy's auto-answer if a rule matches, and at the deadline the declared default, a restart, or
// nothing (`wait`). An authentication prompt gets the line and nothing else: no auto-answer, no
// deadline action, no restart.
//
//     prompt seen ──► needs-input ──prompt gone──► idle (idle clock from now; held pings go out)
//                      │ same prompt: hold; rule matches → answer once; deadline → default|restart once
//                      └ another question ──► needs-input (a new prompt, a new ledger line)
import type { SignalEvidence } from '../../evidence/types.js';
import {
  autoAnswerFor,
  resolveNeedsInput,
  type ResolvedNeedsInput,
} from '../../config/needs-input-policy.js';
import { optionsText, type PromptReading } from '../../screen/prompt.js';
import type { HeldPrompt, NeedsInputState } from '../needs-input-state.js';
import type { SessionState } from '../state.js';
import { seconds, toIso, toMs } from '../time.js';
import type { Action, DecideSettings, LedgerEvent, SessionObservation } from '../types.js';
import type { Role } from '../../config/roles.js';

/** Client notification kinds that ask a person for a decision (Claude's idle_prompt is not one). */
const ASKING_KINDS: ReadonlySet<string> = new Set([
  'permission_prompt',
  'worker_permission_prompt',
  'ToolPermission',
  'permission',
  'elicitation_dialog',
]);

/** The prompt an agent waits at: the screen's reading first, else a signal asking for permission. */
export function promptOf(observation: SessionObservation): HeldPrompt | null {
  const screen: PromptReading | null | undefined = observation.prompt;
  if (screen) return { kind: screen.kind, question: screen.question, options: [...screen.options] };
  return askingPrompt(observation.signals);
}

function askingPrompt(signals: SignalEvidence): HeldPrompt | null {
  if (signals.kind !== 'seen' || signals.asking === null) return null;
  if (!ASKING_KINDS.has(signals.asking.kind)) return null;
  return {
    kind: signals.asking.kind === 'elicitation_dialog' ? 'selection' : 'permission',
    question: signals.asking.message || `the client asks (${signals.asking.kind})`,
    options: [],
  };
}

const samePrompt = (a: HeldPrompt, b: HeldPrompt): boolean =>
  a.kind === b.kind && a.question === b.question && a.options.join('\n') === b.options.join('\n');

/** The command a person runs to answer, for the ledger line and the notification. */
export function answerCommand(role: Role, prompt: HeldPrompt): string {
  return `launch answer ${role} ${prompt.options.length > 0 ? '<option-number>' : '<text>'}`;
}

export interface NeedsInputContext {
  readonly role: Role;
  readonly session: string;
  readonly state: SessionState;
  readonly prompt: HeldPrompt;
  readonly now: number;
  readonly settings: DecideSettings;
  readonly phaseIndex: number;
}

export interface NeedsInputOutcome {
  readonly state: NeedsInputState;
  readonly why: string;
  readonly actions: readonly Action[];
  readonly events: readonly LedgerEvent[];
  /** The deadline asks for a restart (through the session rule's crash-loop gate). */
  readonly restart: string | null;
}

export function policyOf(settings: DecideSettings): ResolvedNeedsInput {
  return resolveNeedsInput(settings.needsInput ?? {});
}

/** One tick of a session that shows a prompt for a person. */
export function needsInputRule(context: NeedsInputContext): NeedsInputOutcome {
  const { role, session, prompt, now } = context;
  const ts = toIso(now);
  const policy = policyOf(context.settings);
  const events: LedgerEvent[] = [];
  const actions: Action[] = [];
  const previous = context.state.kind === 'needs-input' ? context.state : null;
  let state: NeedsInputState =
    previous !== null && samePrompt(previous.prompt, prompt)
      ? previous
      : { kind: 'needs-input', since: ts, prompt, autoAnswered: false, deadlineDone: false };
  const waited = Math.max(0, Math.round((now - toMs(state.since)) / 1000));
  const auth = prompt.kind === 'auth';
  const deadlineAt = toMs(state.since) + seconds(policy.deadlineSeconds);
  const bounded = !auth && policy.onDeadline !== 'wait';

  if (state !== previous) {
    events.push({
      ts,
      type: 'needs-input',
      role,
      session,
      kind: prompt.kind,
      question: prompt.question,
      options: optionsText(prompt.options),
      optionList: prompt.options,
      answerWith: answerCommand(role, prompt),
      deadlineAt: bounded ? toIso(deadlineAt) : null,
      onDeadline: auth ? 'none (authentication: never answered by launch)' : policy.onDeadline,
      reason: `waits for a person: ${prompt.kind}: ${prompt.question}`,
    });
  }

  const answer = (text: string, who: 'policy' | 'deadline'): void => {
    actions.push({ kind: 'answer', role, answer: text, who, prompt, waitedSeconds: waited });
  };

  if (!auth && !state.autoAnswered) {
    const rule = autoAnswerFor(policy.autoAnswer, prompt);
    if (rule !== null) {
      answer(rule.answer, 'policy');
      state = { ...state, autoAnswered: true };
    }
  }

  let restart: string | null = null;
  if (bounded && !state.deadlineDone && actions.length === 0 && now >= deadlineAt) {
    state = { ...state, deadlineDone: true };
    const base = { ts, type: 'needs-input-deadline', role, session, waitedSeconds: waited };
    if (policy.onDeadline === 'answer' && policy.defaultAnswer !== null) {
      events.push({
        ...base,
        action: 'answer',
        answer: policy.defaultAnswer,
        reason: `no answer after ${policy.deadlineSeconds}s: typing the declared default`,
      });
      answer(policy.defaultAnswer, 'deadline');
    } else {
      events.push({
        ...base,
        action: 'restart',
        reason: `no answer after ${policy.deadlineSeconds}s: restarting the session`,
      });
      restart = `waited ${waited}s for a person at: ${prompt.question}`;
    }
  }

  const why =
    `waits for a person (${prompt.kind}): ${prompt.question}` +
    (prompt.options.length > 0 ? ` [${optionsText(prompt.options)}]` : '');
  return { state, why, actions, events, restart };
}

/** The ledger line when the prompt left the screen without launch typing the answer. */
export function promptClearedEvent(
  role: Role,
  session: string,
  state: NeedsInputState,
  now: number,
): LedgerEvent {
  return {
    ts: toIso(now),
    type: 'needs-input-cleared',
    role,
    session,
    question: state.prompt.question,
    waitedSeconds: Math.max(0, Math.round((now - toMs(state.since)) / 1000)),
    reason: 'the prompt left the screen (answered in the terminal, or the client moved on)',
  };
}
