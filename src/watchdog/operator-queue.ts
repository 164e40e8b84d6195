// Operator requests (HTTP API) wait here until the watchdog loop drains them between two ticks.
// Why a queue drained by the loop rather than acting at once: a tick may be typing a ping into the
// very pane the operator wants to type into, or restarting the session the operator wants to
// restart; two writers on one pane garble both, and a restart done behind the loop's back would be
// overwritten by the loop's next state write. Drained by the loop, a request sees the loop's
// current state, goes through act and settle like the loop's own actions, and is persisted.
import { writeState } from '../adapters/state-store.js';
import { deliver, describeDelivery } from '../agents/deliver.js';
import { roleClient } from '../agents/role-client.js';
import type { Role } from '../config/roles.js';
import { sessionName } from '../config/roles.js';
import { act, type ActContext } from './act.js';
import {
  planOperatorRequest,
  type OperatorRefusal,
  type OperatorReply,
  type OperatorRequest,
} from './operator.js';
import { settle } from './settle.js';
import type { WatchdogState } from './state.js';
import { toIso } from './time.js';
import type { LedgerEvent } from './types.js';

/** What draining needs from the loop: its act context, its roles, and its way to record events. */
export interface DrainContext {
  readonly context: ActContext & { readonly roles: readonly Role[] };
  readonly record: (events: readonly LedgerEvent[]) => void;
}

interface Entry {
  readonly request: OperatorRequest;
  readonly reply: (reply: OperatorReply) => void;
}

/** How much of an operator's text the ledger keeps. */
const LEDGER_TEXT_LIMIT = 200;

export class OperatorQueue {
  private entries: Entry[] = [];
  private closedBecause: string | null = null;

  /** @param onSubmit called when a request arrives (e.g. the loop's Waker.nudge, to drain soon). */
  constructor(private readonly onSubmit: () => void = () => undefined) {}

  get size(): number {
    return this.entries.length;
  }

  /** Resolves once the loop has carried the request out (or refused it); never rejects. */
  submit(request: OperatorRequest): Promise<OperatorReply> {
    if (this.closedBecause !== null) return Promise.resolve(this.unavailable());
    return new Promise((resolve) => {
      this.entries.push({ request, reply: resolve });
      this.onSubmit();
    });
  }

  /** Answers every waiting request with `unavailable`, and every later one too. */
  close(reason: string): void {
    this.closedBecause = reason;
    const waiting = this.entries;
    this.entries = [];
    for (const entry of waiting) entry.reply(this.unavailable());
  }

  /** Runs every waiting request in order; called by the loop between ticks. Returns the new state. */
  async drain(initial: WatchdogState, drainContext: DrainContext): Promise<WatchdogState> {
    let state = initial;
    while (this.entries.length > 0) {
      const entry = this.entries.shift();
      if (entry === undefined) break;
      try {
        const done = await this.run(entry.request, state, drainContext);
        state = done.state;
        entry.reply(done.reply);
      } catch (error) {
        // A bug in one request must not take the loop down, nor leave the caller waiting forever.
        const message = error instanceof Error ? error.message : String(error);
        drainContext.record([
          {
            ts: toIso(drainContext.context.now()),
            type: 'operator-request-failed',
            role: entry.request.role,
            reason: `${entry.request.kind}: ${message}`,
          },
        ]);
        entry.reply({ kind: 'refused', status: 'unavailable', message: `failed: ${message}` });
      }
    }
    return state;
  }

  private unavailable(): OperatorRefusal {
    return {
      kind: 'refused',
      status: 'unavailable',
      message: `the watchdog is not taking requests: ${this.closedBecause ?? 'stopping'}`,
    };
  }

  private async run(
    request: OperatorRequest,
    state: WatchdogState,
    { context, record }: DrainContext,
  ): Promise<{ state: WatchdogState; reply: OperatorReply }> {
    const plan = planOperatorRequest(request, state, {
      roles: context.roles,
      now: context.now(),
      resumeOnRestart: context.settings.resumeOnRestart,
    });
    switch (plan.kind) {
      case 'refused':
        return { state, reply: plan };
      case 'message': {
        const session = sessionName(context.settings, plan.role);
        const typing = () =>
          // The role's own client (a team may mix them): its dialect and input-clearing keys.
          deliver(context.tmux, session, plan.text, {
            dialect: roleClient(context, plan.role).dialect,
            clearInputKeys: roleClient(context, plan.role).clearInputKeys,
          });
        // In the session's turn: never interleaved with a watchdog delivery typing into it.
        const delivery = context.delivery
          ? await context.delivery.exclusive(session, typing)
          : await typing();
        const detail = describeDelivery(delivery);
        const delivered = delivery.kind === 'delivered';
        const text =
          plan.text.length > LEDGER_TEXT_LIMIT
            ? `${plan.text.slice(0, LEDGER_TEXT_LIMIT - 1)}…`
            : plan.text;
        record([
          delivered
            ? {
                ts: toIso(context.now()),
                type: 'operator-message',
                role: plan.role,
                reason: `typed for the operator: ${text}`,
                detail,
              }
            : {
                ts: toIso(context.now()),
                type: 'message-not-delivered',
                role: plan.role,
                purpose: 'operator',
                reason: `operator message: ${text}`,
                detail,
              },
        ]);
        return { state, reply: { kind: 'message', role: plan.role, delivered, detail } };
      }
      case 'answer': {
        const outcomes = await act(context, [plan.action]);
        const settled = settle(state, outcomes, context.now());
        writeState(context.settings.logDir, settled.state);
        record(settled.events);
        const outcome = outcomes[0];
        const answered = outcome?.kind === 'answered' && outcome.delivered;
        const detail = outcome?.kind === 'answered' ? outcome.detail : 'nothing was done';
        return {
          state: settled.state,
          reply: { kind: 'answer', role: plan.action.role, answered, detail },
        };
      }
      case 'restart': {
        const outcomes = await act(context, [plan.action]);
        const settled = settle(plan.state, outcomes, context.now());
        writeState(context.settings.logDir, settled.state);
        record(settled.events);
        const outcome = outcomes[0];
        const restarted = outcome?.kind === 'started' && outcome.ok;
        const detail =
          outcome === undefined
            ? 'nothing was done'
            : outcome.kind === 'started'
              ? outcome.detail
              : outcome.kind === 'restart-skipped'
                ? `skipped: ${outcome.because}`
                : outcome.detail;
        return {
          state: settled.state,
          reply: { kind: 'restart', role: plan.action.role, restarted, detail },
        };
      }
    }
  }
}
