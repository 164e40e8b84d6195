// The watchdog loop: observe → decide → act → settle → persist, once per tick. One watchdog per log
// dir (lock); state resumes from state.json (a damaged file is moved aside, never a crash loop);
// SIGINT / SIGTERM / SIGHUP finish the current tick, persist, release the lock and exit 0. A tick
// that throws is logged and survived.
import type { Logger } from 'pino';
import type { GitObserver } from '../adapters/git.js';
import { readRecentEvents } from '../adapters/ledger.js';
import type { Tmux } from '../adapters/tmux.js';
import { acquireLock, type LockInfo } from '../adapters/watchdog-lock.js';
import type { Settings } from '../config/fields.js';
import type { Role } from '../config/roles.js';
import type { Phase } from '../phases/phase.js';
import type { Dialect } from '../screen/types.js';
import { fileConfirmations } from '../agents/prompt-confirmations.js';
import { sessionName } from '../config/roles.js';
import { promptSubmittedSince } from '../evidence/signals.js';
import { err, ok, type Result } from '../util/result.js';
import { backendFor } from '../agents/registry.js';
import { act, typeInto } from './act.js';
import { createDurableWriter } from './durable-writer.js';
import type { EvidenceObservers } from './evidence-observers.js';
import type { AccountQuotaPort } from './account-observer.js';
import { decide } from './decide.js';
import { DeliveryQueue } from './delivery-queue.js';
import { RECOVERY_WINDOW, recoverDeliveries } from './delivery-recovery.js';
import { describeEvent } from './describe-event.js';
import { LiveInputs } from './live-inputs.js';
import { observe } from './observe.js';
import type { OperatorQueue } from './operator-queue.js';
import { settle } from './settle.js';
import { teamFacts } from './team-facts.js';
import { teamBackends } from '../config/team.js';
import { loadStateForRun } from './state-salvage.js';
import type { WatchdogState } from './state.js';
import { toIso } from './time.js';
import type { Action, DecideSettings, LedgerEvent } from './types.js';

export interface WatchdogContext {
  readonly settings: Settings;
  readonly phases: readonly Phase[];
  readonly roles: readonly Role[];
  readonly tmux: Tmux;
  readonly dialect: Dialect;
  readonly git: GitObserver;
  readonly zone: string;
  readonly logger: Logger;
  readonly now: () => number;
  /** Where --dry-run prints. */
  readonly print: (text: string) => void;
  /** Plug-ins outside the decision core (notifications, metrics, log rotation); none in a dry run. */
  readonly hooks?: WatchdogHooks;
  /** `<client> --version` as far as known (read in the background at start; named when a screen is unrecognised). */
  readonly clientVersion?: () => string | null;
  /** The observers of the agents' signals and transcripts (none: those sources are absent). */
  readonly evidence?: EvidenceObservers;
  /** The run's delivery queue, set by runWatchdog for the operator's restarts (they drop typing). */
  readonly delivery?: DeliveryQueue;
  /** The shared account windows (one quota per account); none: every session on its own. */
  readonly quota?: AccountQuotaPort;
}

/** Shutdown: how long deliveries still typing get to finish (a `--once` run waits for its own). */
export const DELIVERY_GRACE_MS = 5_000;
const ONCE_DELIVERY_GRACE_MS = 60_000;
/** Longest a tick waits for submitted texts to be confirmed (one look at the screen, normally). */
const CONFIRMATION_WAIT_MS = 1_500;

/** What a tick hands its hooks once its state is persisted. */
export interface TickReport {
  readonly now: number;
  readonly state: WatchdogState;
  /** This tick ran the heavy pass (WATCH_INTERVAL), or it is the only tick of a `--once` run. */
  readonly heavy: boolean;
}

export interface WatchdogHooks {
  /** Each batch of events, right after it reached the ledger. Must return at once, never throw. */
  readonly onEvents?: (events: readonly LedgerEvent[]) => void;
  /** After each tick is persisted; the events it returns are recorded like the tick's own. */
  readonly afterTick?: (tick: TickReport) => Promise<readonly LedgerEvent[]>;
}

export interface RunOptions {
  readonly once: boolean;
  readonly dryRun: boolean;
  /** Aborted on SIGINT / SIGTERM / SIGHUP: the current tick finishes, then the loop ends. */
  readonly stop: AbortSignal;
  /** Resolves early when something changed (file watchers); the loop then ticks at once. */
  readonly nudges?: Waker;
  /** Operator requests (HTTP API, issue 9), run between ticks so they never race one. */
  readonly operator?: OperatorQueue;
  /** Told the phase sequence in force whenever a phases.json hot reload changes it. */
  readonly onSequence?: (phases: readonly Phase[]) => void;
  /** Who asked for the stop (`launch stop`), named in `watchdog-stopped` as `requestedBy`. */
  readonly stoppedBy?: () => string | null;
}

/** Sleeps until a timeout, a nudge or a stop, whichever comes first. */
export class Waker {
  private wake: (() => void) | null = null;
  private pending = false;

  nudge(): void {
    this.pending = true;
    this.wake?.();
  }

  async sleep(ms: number, stop: AbortSignal): Promise<void> {
    if (this.pending || stop.aborted) {
      this.pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        stop.removeEventListener('abort', done);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      stop.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
    this.pending = false;
  }
}

export function decideSettings(
  context: Pick<WatchdogContext, 'settings' | 'roles' | 'phases' | 'clientVersion' | 'quota'>,
): DecideSettings {
  const { settings } = context;
  return {
    ...settings,
    roles: context.roles,
    phaseIds: context.phases.map((phase) => phase.id),
    // A client that has drawn nothing within its stall window is not merely starting up.
    startupGrace: Math.min(backendFor(settings.backend).startupMs / 1000, settings.stallIdle),
    clientVersion: context.clientVersion?.() ?? null,
    ...(context.quota ? { quota: context.quota.settings } : {}),
    // Each role's own client, thresholds and kind, and the handoff routes (teams).
    ...teamFacts(settings),
  };
}

function describeAction(action: Action): string {
  switch (action.kind) {
    case 'start-session':
      return `start ${action.role} (${action.reason}: ${action.why})`;
    case 'restart-session':
      return `restart ${action.role} (${action.reason}: ${action.why})`;
    case 'stop-session':
      return `stop ${action.role}`;
    case 'type':
      return `type into ${action.role} (${action.purpose}): ${action.text}`;
    case 'submit':
      return `press submit in ${action.role} (${action.purpose})`;
    case 'answer':
      return `answer ${action.role}'s prompt (${action.who}): ${action.answer}`;
    case 'write-sequence-complete':
      return `write SEQUENCE-COMPLETE (${action.phaseIds.join(' ')})`;
    case 'account-update':
      return `account ${action.account.label}: ${action.change.kind} (${action.role})`;
    case 'exit':
      return 'exit';
  }
}

export type RunFailure = { readonly reason: 'held'; readonly holder: LockInfo };

export async function runWatchdog(
  context: WatchdogContext,
  options: RunOptions,
): Promise<Result<'stopped' | 'complete' | 'once', RunFailure>> {
  const { settings, logger } = context;
  // A dry run looks once and touches nothing (it may run beside a live watchdog).
  const once = options.once || options.dryRun;
  const lock = options.dryRun ? null : acquireLock(settings.logDir, new Date(context.now()));
  if (lock && !lock.ok) return err(lock.error);
  const loaded = loadStateForRun(
    settings.logDir,
    context.phases.map((phase) => phase.id),
    new Date(context.now()),
  );
  let state = loaded.state;
  // A log dir that refuses writes (full, read-only) never ends the run: see durable-writer.ts.
  const writer = options.dryRun
    ? null
    : createDurableWriter({
        logDir: settings.logDir,
        logger,
        now: context.now,
        onEvents: (events) => context.hooks?.onEvents?.(events),
      });
  const record = (events: readonly LedgerEvent[]): void => writer?.record(events);
  record(loaded.events);
  if (!options.dryRun) {
    // Deliveries the last watchdog began and never recorded an outcome for (killed mid-typing).
    const recovered = recoverDeliveries(
      state,
      readRecentEvents(settings.logDir, RECOVERY_WINDOW),
      context.now(),
      (role, sinceMs) =>
        promptSubmittedSince(settings.logDir, sessionName(settings, role), sinceMs),
    );
    state = recovered.state;
    record(recovered.events);
  }
  record([
    {
      ts: toIso(context.now()),
      type: 'watchdog-started',
      pid: process.pid,
      phase: context.phases[state.phaseIndex]?.id,
      roles: context.roles,
      reason: `signal ${settings.signalInterval}s, heavy ${settings.watchInterval}s, ${teamBackends(settings)}, ${settings.watchEvents ? 'file events on' : 'polling only'}`,
    },
  ]);
  const waker = options.nudges ?? new Waker();
  // Typing runs in the background, one FIFO per session (a delivery never holds the tick); each
  // outcome is folded in at the next tick, which a finished delivery brings forward.
  const confirmations = fileConfirmations(settings.logDir);
  const delivery = options.dryRun
    ? undefined
    : new DeliveryQueue({
        run: (action, signal, submitted) =>
          typeInto({ ...context, confirmations }, action, signal, submitted),
        onSettled: () => waker.nudge(),
      });
  const foldDeliveries = (): void => {
    const finished = delivery?.takeFinished() ?? [];
    if (finished.length === 0) return;
    const folded = settle(state, finished, context.now());
    state = folded.state;
    // The outcome reaches the ledger before the state that lets go of the ping: a kill between the
    // two is reconciled on restart (delivery-recovery.ts), never a delivered ping with no line.
    record(folded.events);
    writer?.saveState(state);
  };
  let result: 'stopped' | 'complete' | 'once' = 'stopped';
  // File watchers (early ticks) and phases.json hot reload; a single tick needs neither.
  const live = once
    ? null
    : new LiveInputs(context, state.phaseIndex, { nudge: () => waker.nudge() });

  try {
    for (;;) {
      // issue 9: operator requests (HTTP API) run here, between ticks, never during one.
      if (options.operator) {
        // After a phases.json hot reload, operator restarts use the sequence in force.
        const current = { ...context, delivery, ...(live ? { phases: live.sequence } : {}) };
        state = await options.operator.drain(state, { context: current, record });
      }
      const tickStart = context.now();
      let exit = false;
      try {
        foldDeliveries();
        const before = state;
        const inputs = live?.beforeTick(state.phaseIndex);
        if (inputs) record(inputs.events);
        if (inputs && inputs.phases !== context.phases) options.onSequence?.(inputs.phases);
        const tick = inputs ? { ...context, phases: inputs.phases } : context;
        const snapshot = await observe(tick, state, { git: true });
        if (delivery) {
          // A text already submitted is confirmed before decide sees the agent's reaction to it.
          await delivery.confirmations(CONFIRMATION_WAIT_MS);
          foldDeliveries();
        }
        const decision = decide(snapshot, state, decideSettings(tick));
        if (options.dryRun) {
          for (const event of decision.events) context.print(`event: ${describeEvent(event)}\n`);
          for (const action of decision.actions)
            context.print(`would: ${describeAction(action)}\n`);
          if (decision.actions.length === 0) context.print('would: nothing\n');
          return ok('once');
        }
        record(decision.events);
        const outcomes = await act({ ...tick, delivery, confirmations }, decision.actions);
        const settled = settle(decision.state, outcomes, context.now());
        state = settled.state;
        writer?.saveState(state);
        record(settled.events);
        // Their intent is persisted and in the ledger: the queued deliveries may start typing.
        delivery?.release();
        live?.afterTick(state.phaseIndex);
        exit = decision.actions.some((action) => action.kind === 'exit');
        const heavy = once || decision.state.lastHeavyAt !== before.lastHeavyAt;
        if (context.hooks?.afterTick)
          record(await context.hooks.afterTick({ now: context.now(), state, heavy }));
      } catch (error) {
        // Survive: an unexpected failure in one tick must not end a week-long run.
        logger.error({ err: error }, 'tick failed; continuing at the next tick');
        record([
          {
            ts: toIso(context.now()),
            type: 'tick-failed',
            reason: error instanceof Error ? error.message : String(error),
          },
        ]);
      }
      if (exit) {
        result = 'complete';
        break;
      }
      if (once) {
        result = 'once';
        break;
      }
      if (options.stop.aborted) break;
      const elapsed = context.now() - tickStart;
      await waker.sleep(Math.max(0, settings.signalInterval * 1000 - elapsed), options.stop);
      if (options.stop.aborted) break;
    }
  } finally {
    await live?.close();
    if (delivery) {
      // Deliveries still typing get a bounded time; the rest are recorded as not delivered.
      await delivery.close(
        once ? ONCE_DELIVERY_GRACE_MS : DELIVERY_GRACE_MS,
        'the watchdog stopped before it was confirmed',
      );
      try {
        foldDeliveries();
      } catch (error) {
        logger.error({ err: error }, 'recording the last deliveries failed');
      }
    }
    if (writer) {
      writer.saveState(state);
      const requestedBy = result === 'complete' ? null : (options.stoppedBy?.() ?? null);
      record([
        {
          ts: toIso(context.now()),
          type: 'watchdog-stopped',
          pid: process.pid,
          ...(requestedBy === null ? {} : { requestedBy }),
          reason:
            result === 'complete'
              ? 'sequence complete'
              : result === 'once'
                ? 'one tick (--once)'
                : // why the stop was asked for (`signal SIGTERM`, `crashed: …`)
                  typeof options.stop.reason === 'string'
                  ? options.stop.reason
                  : 'signal',
        },
      ]);
      writer.close();
      if (lock?.ok) lock.value.release();
    }
  }
  return ok(result);
}
