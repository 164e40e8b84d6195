// What an operator may ask of a running watchdog (over the HTTP API), and the pure decision of
// whether and how. A restart becomes the same `start-session` action the watchdog's own restarts
// use, with reason `operator`, so act and settle carry it out and the ledger and state.json tell
// the truth. Refusals keep the watchdog's invariants: nothing is typed into a session inside a
// usage-limit window, a limited session is rebooted only when the operator insists (`force`), and
// no typed text may read back as a limit banner, a fatal error or a WAITING-UNTIL marker.
import { BACKENDS } from '../config/fields.js';
import type { Role } from '../config/roles.js';
import { dialectFor } from '../screen/dialects.js';
import { planFields, planRestart, withPlan } from './rules/conversation.js';
import { optionsText } from '../screen/prompt.js';
import type { NeedsInputState } from './needs-input-state.js';
import { freshRecord, restartedRecord, type WatchdogState } from './state.js';
import { toIso } from './time.js';
import type { Action } from './types.js';

export type OperatorRequest =
  | { readonly kind: 'message'; readonly role: Role; readonly text: string }
  | { readonly kind: 'restart'; readonly role: Role; readonly force: boolean }
  /** Answer the prompt the session waits at (`launch answer`, the API, the dashboard). */
  | {
      readonly kind: 'answer';
      readonly role: Role;
      readonly answer: string;
      readonly who: 'cli' | 'api' | 'dashboard';
    };

export interface OperatorRefusal {
  readonly kind: 'refused';
  /**
   * not-found: the role is not part of this run; conflict: not now, in this state; unavailable:
   * the watchdog is stopping; invalid: the request cannot be right (an option that does not exist).
   */
  readonly status: 'not-found' | 'conflict' | 'unavailable' | 'invalid';
  readonly message: string;
}

export type OperatorReply =
  | {
      readonly kind: 'message';
      readonly role: Role;
      readonly delivered: boolean;
      /** "delivered in 1.2s", or why not. */
      readonly detail: string;
    }
  | {
      readonly kind: 'restart';
      readonly role: Role;
      readonly restarted: boolean;
      readonly detail: string;
    }
  | {
      readonly kind: 'answer';
      readonly role: Role;
      readonly answered: boolean;
      readonly detail: string;
    }
  | OperatorRefusal;

export type OperatorPlan =
  | OperatorRefusal
  | { readonly kind: 'message'; readonly role: Role; readonly text: string }
  | {
      readonly kind: 'restart';
      readonly state: WatchdogState;
      readonly action: Extract<Action, { kind: 'start-session' }>;
    }
  | { readonly kind: 'answer'; readonly action: Extract<Action, { kind: 'answer' }> };

export const OPERATOR_RESTART_WHY = 'requested by the operator';

export interface PlanContext {
  /** The roles this run watches. */
  readonly roles: readonly Role[];
  readonly now: number;
  /** RESUME_ON_RESTART: the restart resumes the recorded conversation (default on). */
  readonly resumeOnRestart?: boolean;
}

const refuse = (status: OperatorRefusal['status'], message: string): OperatorRefusal => ({
  kind: 'refused',
  status,
  message,
});

/** The text as it is typed: one line (a newline would submit early), spaces squeezed. */
export function operatorText(text: string): string {
  return text.split(/\s+/).filter(Boolean).join(' ');
}

/** Long enough for any banner, marker or error line a dialect looks for. */
const PHRASE_WINDOW = 400;

/**
 * Why a text must not be typed, or null: read back from a pane it would look like a usage-limit
 * banner, a fatal error or a WAITING-UNTIL marker to some dialect, and the watchdog would then
 * misjudge the session that echoes it. The pane wraps the text wherever it likes, so any word may
 * start a line: the text is read as a whole and from every word on.
 */
export function operatorTextProblem(text: string, now: number, zone: string): string | null {
  const readings: string[] = [text];
  for (let at = 0; at < text.length; at++) {
    if (at === 0 || /\s/.test(text[at - 1] ?? ''))
      readings.push(text.slice(at, at + PHRASE_WINDOW));
  }
  const context = { now: new Date(now), zone };
  for (const backend of BACKENDS) {
    const dialect = dialectFor(backend);
    for (const pane of readings) {
      const reading = dialect.classify(pane, context);
      if (reading.limited) return `it reads as a usage-limit banner to the ${backend} dialect`;
      if (reading.fatal) return `it reads as a fatal client error to the ${backend} dialect`;
      if (reading.waitingUntil !== null)
        return `it reads as a WAITING-UNTIL marker to the ${backend} dialect`;
    }
  }
  return null;
}

/** Decides an operator request against the watchdog's current state. Pure. */
export function planOperatorRequest(
  request: OperatorRequest,
  state: WatchdogState,
  context: PlanContext,
): OperatorPlan {
  const { role } = request;
  if (!context.roles.includes(role))
    return refuse(
      'not-found',
      `${role} is not part of this run (roles: ${context.roles.join(', ')})`,
    );
  if (state.sequenceComplete)
    return refuse('conflict', 'the phase sequence is complete; the agents are stopped');
  const record = state.sessions[role];
  const limited = record?.state.kind === 'limited' ? record.state : null;

  const waiting = record?.state.kind === 'needs-input' ? record.state : null;

  switch (request.kind) {
    case 'answer':
      return planAnswer(request, waiting, context.now);
    case 'message':
      if (waiting)
        return refuse(
          'conflict',
          `${role} waits for a person (${waiting.prompt.kind}: ${waiting.prompt.question}); nothing but an answer is typed into it (\`launch answer ${role} <option-number|text>\`)`,
        );
      if (limited)
        return refuse(
          'conflict',
          `${role} is inside a usage-limit window until ${limited.until}; nothing but the resume probe is typed into it`,
        );
      return { kind: 'message', role, text: operatorText(request.text) };
    case 'restart': {
      if (limited && !request.force)
        return refuse(
          'conflict',
          `${role} is inside a usage-limit window until ${limited.until}; a restart will not bring it back sooner ` +
            '(send {"force": true} to restart it anyway)',
        );
      const ts = toIso(context.now);
      const base =
        record ?? freshRecord({ kind: 'idle', since: ts }, 'found running', null, state.phaseIndex);
      // Bookkept like the watchdog's own restarts (idle clock from now, started now, this phase),
      // but not counted towards crash-loop protection, and an operator's restart ends a backoff.
      // It resumes the recorded conversation, as the watchdog's own restarts do (issue 14).
      const plan = planRestart(base, 'operator', context.resumeOnRestart ?? true);
      const restarted = restartedRecord(
        base,
        ts,
        `restarted: ${OPERATOR_RESTART_WHY}`,
        state.phaseIndex,
      );
      const sessions = {
        ...state.sessions,
        [role]: { ...withPlan(restarted, plan, 'operator', ts), backoffLevel: 0 },
      };
      return {
        kind: 'restart',
        state: { ...state, sessions },
        action: {
          kind: 'start-session',
          role,
          reason: 'operator',
          phaseIndex: state.phaseIndex,
          why: limited
            ? `${OPERATOR_RESTART_WHY} (forced inside a limit window)`
            : OPERATOR_RESTART_WHY,
          matched: '',
          ...planFields(plan),
        },
      };
    }
  }
}

/** An answer for a session that waits for a person; refused (nothing typed) for any other. */
function planAnswer(
  request: Extract<OperatorRequest, { kind: 'answer' }>,
  waiting: NeedsInputState | null,
  now: number,
): OperatorPlan {
  const { role } = request;
  if (waiting === null)
    return refuse('conflict', `${role} is not waiting for input; nothing was typed`);
  const answer = request.answer.trim();
  if (answer === '') return refuse('invalid', 'the answer is blank; nothing was typed');
  const options = waiting.prompt.options;
  if (/^\d+$/.test(answer) && options.length > 0) {
    const n = Number(answer);
    if (n < 1 || n > options.length)
      return refuse(
        'invalid',
        `${role} has no option ${answer} (${optionsText(options)}); nothing was typed`,
      );
  }
  return {
    kind: 'answer',
    action: {
      kind: 'answer',
      role,
      answer,
      who: request.who,
      prompt: waiting.prompt,
      waitedSeconds: Math.max(0, Math.round((now - Date.parse(waiting.since)) / 1000)),
    },
  };
}
