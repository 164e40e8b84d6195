// act: carries out decide's actions through the adapters and reports each outcome as data. The one
// judgement made here is the last-moment re-check before a kill: a session found working or limited
// when its restart comes up is left alone (a healthy session is never rebooted mid-turn). Typing
// goes to the per-session delivery queue when there is one (its outcome is settled at a later tick).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tmux } from '../adapters/tmux.js';
import {
  deliver,
  describeDelivery,
  submitTyped,
  type Delivery,
  type DeliveryConfirmations,
} from '../agents/deliver.js';
import { roleClient } from '../agents/role-client.js';
import { answerPrompt } from '../agents/answer-prompt.js';
import { startAgent } from '../agents/start-agent.js';
import type { Settings } from '../config/fields.js';
import { sessionName, type Role } from '../config/roles.js';
import type { Phase } from '../phases/phase.js';
import type { Dialect } from '../screen/types.js';
import { unreachable } from '../util/result.js';
import type { DeliveryQueue, TypedOutcome, TypingAction } from './delivery-queue.js';
import type { AccountQuotaPort } from './account-observer.js';
import { shortMatched } from './rules/session.js';
import type { Action, Outcome } from './types.js';

import { SEQUENCE_COMPLETE_FILE } from './run-files.js';
export { SEQUENCE_COMPLETE_FILE };

export interface ActContext {
  readonly tmux: Tmux;
  readonly dialect: Dialect;
  readonly settings: Settings;
  readonly phases: readonly Phase[];
  readonly zone: string;
  readonly now: () => number;
  /** Per-session delivery queues; without one, typing is awaited in line (tests, one-off calls). */
  readonly delivery?: DeliveryQueue;
  /** The agents' prompt-submitted signals, which confirm typing the screen cannot. */
  readonly confirmations?: DeliveryConfirmations;
  /** Where account windows are published (none: the changes are dropped, e.g. a dry run). */
  readonly quota?: AccountQuotaPort;
}

export function sequenceCompleteText(phaseIds: readonly string[], at: Date): string {
  return `launch: phase sequence complete at ${at.toISOString()}\nphases: ${phaseIds.join(' ')}\nagents stopped; the whole sequence is finished.\n`;
}

/**
 * Types one action's text into its session and reports the outcome (used directly, or as the
 * delivery queue's worker). `signal` aborts it when the session is killed or the watchdog stops.
 */
export async function typeInto(
  context: Pick<ActContext, 'tmux' | 'dialect' | 'settings' | 'confirmations'>,
  action: TypingAction,
  signal?: AbortSignal,
  onSubmitted?: () => void,
): Promise<TypedOutcome> {
  const session = sessionName(context.settings, action.role);
  // This role's own client: its dialect (submit key) and input-clearing keys.
  const client = roleClient(context, action.role);
  const target = { dialect: client.dialect, clearInputKeys: client.clearInputKeys };
  const options = { signal, onSubmitted, confirmations: context.confirmations };
  const delivery: Delivery =
    action.kind === 'submit'
      ? await submitTyped(context.tmux, session, action.text, target, options)
      : await deliver(context.tmux, session, action.text, target, options);
  return {
    kind: 'typed',
    role: action.role,
    purpose: action.purpose,
    key: action.key,
    delivered: delivery.kind === 'delivered',
    detail: describeDelivery(delivery),
    ...(delivery.kind === 'delivered' ? { confirmedBy: delivery.confirmedBy } : {}),
    ...(delivery.kind === 'not-delivered' && delivery.reason === 'cancelled'
      ? { cancelled: true }
      : {}),
  };
}

/** Hands a typing action to the session's queue; null when the same delivery is in flight. */
function enqueue(queue: DeliveryQueue, context: ActContext, action: TypingAction): Outcome | null {
  const pushed = queue.push(sessionName(context.settings, action.role), action);
  if (!pushed.queued) return null;
  return {
    kind: 'queued',
    role: action.role,
    purpose: action.purpose,
    key: action.key,
    behind: pushed.behind,
    detail:
      pushed.behind > 0 ? `queued behind ${pushed.behind} other deliveries` : 'typing started',
  };
}

/**
 * A session about to be killed or restarted: its queued deliveries go with it, and the one typing
 * is stopped (and gets its last look at the screen) before the kill.
 */
async function dropDeliveries(context: ActContext, role: Role, why: string): Promise<void> {
  await context.delivery?.cancel(sessionName(context.settings, role), why);
}

async function restart(
  context: ActContext,
  action: Extract<Action, { kind: 'restart-session' }>,
): Promise<Outcome> {
  const session = sessionName(context.settings, action.role);
  const pane = await context.tmux.capture(session);
  if (pane !== null) {
    const reading = roleClient(context, action.role).dialect.classify(pane, {
      now: new Date(context.now()),
      zone: context.zone,
    });
    if (reading.active || reading.limited)
      return {
        kind: 'restart-skipped',
        role: action.role,
        because: reading.active ? 'working' : 'limited',
        matched: shortMatched(reading.matched),
      };
  }
  await dropDeliveries(context, action.role, `${session} was restarted (${action.reason})`);
  return start(context, action);
}

async function start(
  context: ActContext,
  action: Extract<Action, { kind: 'start-session' | 'restart-session' }>,
): Promise<Outcome> {
  const started = await startAgent(
    {
      tmux: context.tmux,
      settings: context.settings,
      phases: context.phases,
      dialect: roleClient(context, action.role).dialect,
    },
    action.role,
    action.phaseIndex,
    action.resume?.conversationId ?? null,
  );
  const base = {
    kind: 'started' as const,
    role: action.role,
    reason: action.reason,
    why: action.why,
    matched: action.matched,
    ...(action.evidence ? { evidence: action.evidence } : {}),
    ...(action.exit ? { exit: action.exit } : {}),
    ...(action.resume ? { resume: action.resume } : {}),
    ...(action.fresh ? { fresh: action.fresh } : {}),
  };
  if (!started.ok) return { ...base, ok: false, detail: started.error };
  const typed = started.value.typedKickoff;
  return {
    ...base,
    ok: true,
    detail: action.resume
      ? `resuming conversation ${action.resume.conversationId}`
      : typed
        ? `kickoff ${describeDelivery(typed)}`
        : `kickoff ${started.value.kickoffFile}`,
  };
}

/** Types an answer into a prompt, in the session's turn (never between a delivery's keys). */
async function answerInto(
  context: ActContext,
  action: Extract<Action, { kind: 'answer' }>,
): Promise<Outcome> {
  const session = sessionName(context.settings, action.role);
  const typing = () =>
    answerPrompt(context.tmux, session, roleClient(context, action.role).dialect, action.answer);
  const done = context.delivery
    ? await context.delivery.exclusive(session, typing)
    : await typing();
  return {
    kind: 'answered',
    role: action.role,
    answer: action.answer,
    who: action.who,
    prompt: action.prompt,
    waitedSeconds: action.waitedSeconds,
    delivered: done.kind === 'answered',
    detail:
      done.kind === 'answered'
        ? `${done.keys}: ${done.after}`
        : `${done.keys || 'nothing typed'}: ${done.detail}`,
  };
}

export async function act(context: ActContext, actions: readonly Action[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const action of actions) {
    switch (action.kind) {
      case 'start-session':
        await dropDeliveries(
          context,
          action.role,
          `the session was (re)started (${action.reason})`,
        );
        outcomes.push(await start(context, action));
        break;
      case 'restart-session':
        outcomes.push(await restart(context, action));
        break;
      case 'stop-session':
        await dropDeliveries(context, action.role, 'the session was stopped');
        await context.tmux.killSession(sessionName(context.settings, action.role));
        break;
      case 'type':
      case 'submit': {
        // With a queue, typing happens in the background and never holds the tick.
        const outcome = context.delivery
          ? enqueue(context.delivery, context, action)
          : await typeInto(context, action);
        if (outcome) outcomes.push(outcome);
        break;
      }
      case 'answer':
        outcomes.push(await answerInto(context, action));
        break;
      case 'write-sequence-complete':
        writeFileSync(
          join(context.settings.logDir, SEQUENCE_COMPLETE_FILE),
          sequenceCompleteText(action.phaseIds, new Date(context.now())),
        );
        break;
      case 'account-update': {
        // A write that fails is retried by the next tick's reconciliation (decide compares again).
        const failed = context.quota?.publish(action, context.now()) ?? null;
        if (failed !== null)
          outcomes.push({ kind: 'account-not-published', role: action.role, detail: failed });
        break;
      }
      case 'exit':
        break;
      default:
        unreachable(action);
    }
  }
  return outcomes;
}
