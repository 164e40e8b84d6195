// What a long-running watchdog plugs in beside its decision core: notifications for the events
// operators care about, the per-heavy-tick health line (--metrics) and log rotation. Composed here
// so the loop only knows two hook points (events recorded, tick persisted).
import type { Logger } from 'pino';
import { heldLedgerFor } from '../adapters/held-ledger.js';
import type { Tmux } from '../adapters/tmux.js';
import type { Settings } from '../config/fields.js';
import type { Role } from '../config/roles.js';
import { notifierFor } from '../notify/channels.js';
import type { NotifierReport } from '../notify/notifier.js';
import { LogKeeper } from './log-keeper.js';
import type { WatchdogHooks } from './loop.js';
import { countEvents, EMPTY_COUNTS, metricsLine } from './metrics.js';
import { toIso } from './time.js';
import type { LedgerEvent } from './types.js';

export interface OpsHooksOptions {
  readonly settings: Settings;
  readonly roles: readonly Role[];
  /** The phase ids in force (they follow edits of phases.json). */
  readonly phaseIds: () => readonly string[];
  readonly tmux: Tmux;
  readonly logger: Logger;
  readonly now: () => number;
  /** Where the --metrics lines go (stdout); undefined: no health line. */
  readonly metrics?: (line: string) => void;
  /** A `--once` run: its own watchdog-started/stopped are not worth a notification each minute. */
  readonly once: boolean;
  readonly reopenWatchdogLog?: () => void;
}

export interface OpsHooks {
  readonly hooks: WatchdogHooks;
  /** At exit: lets pending notifications go out for a bounded time. */
  readonly close: () => Promise<void>;
}

/** The longest the watchdog's exit waits for notifications still in flight. */
const EXIT_GRACE_CAP_MS = 10_000;

function reportEvent(report: NotifierReport, now: number): LedgerEvent {
  return report.kind === 'failing'
    ? {
        ts: toIso(now),
        type: 'notify-failed',
        channel: report.channel,
        reason: `${report.detail}; further failures are not logged until it works again`,
      }
    : {
        ts: toIso(now),
        type: 'notify-recovered',
        channel: report.channel,
        reason: `works again; ${report.failed} notification${report.failed === 1 ? '' : 's'} given up${report.dropped > 0 ? `, ${report.dropped} dropped (queue full)` : ''}`,
      };
}

export function createOpsHooks(options: OpsHooksOptions): OpsHooks {
  const { settings, logger } = options;
  const notifier = notifierFor(settings, {
    now: options.now,
    // Reports arrive between ticks: they go to the ledger and the log directly (never notified).
    report: (report) => {
      const event = reportEvent(report, options.now());
      // Held in memory when the log dir refuses it, like every ledger line (held-ledger.ts).
      heldLedgerFor(settings.logDir).write([event]);
      if (report.kind === 'failing')
        logger.warn({ event }, `notify ${report.channel} failing: ${String(event.reason)}`);
      else logger.info({ event }, `notify ${report.channel} ${String(event.reason)}`);
    },
    skipTypes: options.once ? new Set(['watchdog-started', 'watchdog-stopped']) : undefined,
  });
  const startedAt = options.now();
  let counts = EMPTY_COUNTS;
  const keeper = new LogKeeper({
    settings,
    roles: options.roles,
    tmux: options.tmux,
    now: options.now,
    reopenWatchdogLog: options.reopenWatchdogLog,
  });
  // Pane logs are also rotated between ticks (a flooding pane must not outgrow LOG_MAX_MB while a
  // tick is slow); a single `--once` tick has no between.
  if (!options.once) {
    keeper.guard(
      (events) => {
        heldLedgerFor(settings.logDir).write(events);
        counts = countEvents(counts, events);
      },
      (error) => logger.error({ err: error }, 'log rotation failed; trying again'),
    );
  }
  let lastLine: number | null = null;

  const hooks: WatchdogHooks = {
    onEvents: (events) => {
      counts = countEvents(counts, events);
      notifier.notify(events);
      // A full disk ended the panes' log pipes (their `cat` died on ENOSPC): attach them again.
      if (!options.once && events.some((event) => event.type === 'log-dir-recovered'))
        keeper.reattachPipes().then(
          (reattached) => heldLedgerFor(settings.logDir).write(reattached),
          (error: unknown) => logger.error({ err: error }, 'could not reattach the pane log pipes'),
        );
    },
    afterTick: async (tick) => {
      let events: LedgerEvent[] = [];
      try {
        events = await keeper.keep();
      } catch (error) {
        logger.error({ err: error }, 'log rotation failed; trying again next tick');
      }
      // The first tick always reports; while paused no heavy pass runs, but the line keeps its
      // cadence regardless.
      const due =
        tick.heavy || lastLine === null || tick.now - lastLine >= settings.watchInterval * 1000;
      if (options.metrics && due) {
        lastLine = tick.now;
        options.metrics(
          `${JSON.stringify(
            metricsLine({
              now: tick.now,
              startedAt,
              pid: process.pid,
              state: tick.state,
              roles: options.roles,
              phaseIds: options.phaseIds(),
              counts: countEvents(counts, events),
            }),
          )}\n`,
        );
      }
      return events;
    },
  };
  return {
    hooks,
    close: async () => {
      await keeper.close();
      await notifier.close(Math.min(settings.notifyTimeout * 1000, EXIT_GRACE_CAP_MS));
    },
  };
}
