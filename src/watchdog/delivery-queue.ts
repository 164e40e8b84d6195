// Per-session delivery queues (issue 12: a delivery never holds the tick). act hands each typing
// action here and returns at once; every session's deliveries run one after another (FIFO) on a
// worker of its own, so one session waiting for its UI never delays another's typing nor the next
// observe/decide. A finished delivery's outcome waits here until the loop folds it into the state
// (settle) at its next tick, and `onSettled` wakes the loop so that tick comes at once.
//
// Bookkeeping only: what typing means is the `run` function it is given (act's typeInto).
import type { Action, Outcome, TypePurpose } from './types.js';

export type TypingAction = Extract<Action, { kind: 'type' | 'submit' }>;
export type TypedOutcome = Extract<Outcome, { kind: 'typed' }>;
/**
 * Carries out one typing action; aborted when the session is killed or the watchdog stops. Calls
 * `submitted` once the text has been submitted (only its confirmation is left to wait for).
 */
export type RunDelivery = (
  action: TypingAction,
  signal: AbortSignal,
  submitted: () => void,
) => Promise<TypedOutcome>;

export interface DeliveryQueueOptions {
  readonly run: RunDelivery;
  /** Called (synchronously, must not throw) each time an outcome is ready to be taken. */
  readonly onSettled?: () => void;
}

interface Job {
  readonly session: string;
  readonly action: TypingAction;
  readonly identity: string;
  readonly controller: AbortController;
  /** Settles when its typing has returned (set once it starts). */
  done?: Promise<void>;
  /** The text was submitted: only the look that confirms it is left. */
  submitted?: boolean;
}

/** How long a cancel waits for the aborted typing to return (one tmux call, normally). */
const CANCEL_WAIT_MS = 3_000;

/**
 * What makes two typing actions the same delivery: a ping is its key (one claim, one ping); a wake
 * or a probe is one per session at a time, whatever tick issued it (decide asks again every tick
 * until the outcome is folded in, and must not get a second one typed meanwhile).
 */
export function deliveryIdentity(action: {
  readonly role: string;
  readonly purpose: TypePurpose;
  readonly key: string;
}): string {
  return action.purpose === 'ping' ? action.key : `${action.role}:${action.purpose}`;
}

export function cancelledOutcome(action: TypingAction, why: string): TypedOutcome {
  return {
    kind: 'typed',
    role: action.role,
    purpose: action.purpose,
    key: action.key,
    delivered: false,
    detail: `not delivered (cancelled): ${why}`,
    cancelled: true,
  };
}

export type PushResult =
  | { readonly queued: true; readonly behind: number }
  /** The same delivery is already queued, typing, or finished and not yet settled. */
  | { readonly queued: false };

export class DeliveryQueue {
  /** Pushed in this tick, not yet released: their intent is recorded before any typing starts. */
  private held: Job[] = [];
  /** Per session: released jobs not yet started, in order. */
  private readonly waiting = new Map<string, Job[]>();
  private readonly running = new Map<string, Job>();
  private finished: TypedOutcome[] = [];
  /** Identities from push until their outcome is taken (the dedupe set). */
  private readonly known = new Set<string>();
  private readonly workers = new Set<Promise<void>>();
  /** Per session: the end of the last typing that holds its turn (see exclusive). */
  private readonly turns = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly options: DeliveryQueueOptions) {}

  /** Queues a typing action for `session` (held until release); refuses one already in flight. */
  push(session: string, action: TypingAction): PushResult {
    const identity = deliveryIdentity(action);
    if (this.closed || this.known.has(identity)) return { queued: false };
    const behind =
      this.held.filter((job) => job.session === session).length +
      (this.waiting.get(session)?.length ?? 0) +
      (this.running.has(session) ? 1 : 0);
    this.known.add(identity);
    this.held.push({ session, action, identity, controller: new AbortController() });
    return { queued: true, behind };
  }

  /** Lets the held jobs start (call once their intent is persisted and recorded). */
  release(): void {
    const held = this.held;
    this.held = [];
    for (const job of held) {
      const queue = this.waiting.get(job.session) ?? [];
      queue.push(job);
      this.waiting.set(job.session, queue);
    }
    for (const session of new Set(held.map((job) => job.session))) this.startWorker(session);
  }

  /**
   * Drops a session's deliveries (it is about to be killed or restarted): queued ones are settled
   * as cancelled at once; the one typing is aborted and given up to `waitMs` to return, so a text
   * already submitted gets its last look at the screen before the kill (and counts as delivered
   * when it left the input area). Resolves with how many deliveries were dropped or aborted.
   */
  async cancel(session: string, why: string, waitMs = CANCEL_WAIT_MS): Promise<number> {
    const dropped = [
      ...this.held.filter((job) => job.session === session),
      ...(this.waiting.get(session) ?? []),
    ];
    this.held = this.held.filter((job) => job.session !== session);
    this.waiting.get(session)?.splice(0);
    for (const job of dropped) this.finish(cancelledOutcome(job.action, why));
    const typing = this.running.get(session);
    if (typing) {
      typing.controller.abort(why);
      if (typing.done) await waitAll(new Set([typing.done]), waitMs);
    }
    return dropped.length + (typing ? 1 : 0);
  }

  /**
   * Waits (up to `maxMs`) for the deliveries whose text is already submitted to be confirmed: the
   * agent may act on a text at once (a DONE line, a commit), and decide must not see its reaction
   * before the delivery that caused it. Deliveries still waiting for a UI are not waited for.
   */
  async confirmations(maxMs: number): Promise<void> {
    const confirming = new Set<Promise<void>>();
    for (const job of this.running.values())
      if (job.submitted && job.done) confirming.add(job.done);
    if (confirming.size > 0) await waitAll(confirming, maxMs);
  }

  /** Outcomes finished since the last call, oldest first; their identities may be queued again. */
  takeFinished(): TypedOutcome[] {
    const taken = this.finished;
    this.finished = [];
    for (const outcome of taken) this.known.delete(deliveryIdentity(outcome));
    return taken;
  }

  /** Deliveries not finished yet (held, waiting or typing). */
  get unfinished(): number {
    let count = this.held.length + this.running.size;
    for (const queue of this.waiting.values()) count += queue.length;
    return count;
  }

  /** Whether this delivery (by identity) is queued, typing, or finished but not yet taken. */
  inFlight(action: { role: string; purpose: TypePurpose; key: string }): boolean {
    return this.known.has(deliveryIdentity(action));
  }

  /**
   * Shutdown: no new deliveries; those in flight get up to `graceMs` to finish (held ones never
   * start), then every unfinished one is aborted and settled as cancelled with `why`.
   */
  async close(graceMs: number, why: string): Promise<void> {
    this.closed = true;
    for (const job of this.held) this.finish(cancelledOutcome(job.action, why));
    this.held = [];
    if (this.workers.size > 0) await waitAll(this.workers, graceMs);
    for (const [session, queue] of this.waiting) {
      for (const job of queue.splice(0)) this.finish(cancelledOutcome(job.action, why));
      this.waiting.delete(session);
    }
    for (const job of this.running.values()) job.controller.abort(why);
    // Aborted typing returns between two tmux calls (each bounded by its own timeout).
    if (this.workers.size > 0) await waitAll(this.workers, 5_000);
  }

  /**
   * Runs `typing` in the session's turn — after the delivery typing into it now, before the next —
   * so keystrokes from elsewhere (an operator's message) never interleave with a queued delivery.
   */
  async exclusive<T>(session: string, typing: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(session) ?? Promise.resolve();
    let done!: () => void;
    const mine = previous.then(() => new Promise<void>((resolve) => (done = resolve)));
    this.turns.set(session, mine);
    await previous;
    try {
      return await typing();
    } finally {
      done();
      if (this.turns.get(session) === mine) this.turns.delete(session);
    }
  }

  private startWorker(session: string): void {
    if (this.running.has(session)) return;
    const queue = this.waiting.get(session);
    if (!queue || queue.length === 0) return;
    const worker = (async () => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        this.running.set(session, job);
        let outcome: TypedOutcome;
        try {
          const typing = this.exclusive(session, () =>
            this.options.run(job.action, job.controller.signal, () => {
              job.submitted = true;
            }),
          );
          job.done = typing.then(
            () => undefined,
            () => undefined,
          );
          outcome = await typing;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          outcome = {
            kind: 'typed',
            role: job.action.role,
            purpose: job.action.purpose,
            key: job.action.key,
            delivered: false,
            detail: `not delivered (tmux-error): ${message}`,
          };
        }
        this.running.delete(session);
        const aborted = job.controller.signal.aborted && !outcome.delivered;
        this.finish(aborted ? { ...outcome, cancelled: true } : outcome);
      }
      if (this.waiting.get(session) === queue) this.waiting.delete(session);
    })();
    this.workers.add(worker);
    void worker.finally(() => this.workers.delete(worker));
  }

  private finish(outcome: TypedOutcome): void {
    this.finished.push(outcome);
    this.options.onSettled?.();
  }
}

/** Resolves when every promise settled or `ms` passed, whichever comes first. */
async function waitAll(promises: ReadonlySet<Promise<void>>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled([...promises]),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
