// How the watchdog writes its record (the ledger and state.json) to a log dir that may refuse writes
// (a full disk, a read-only mount, an immutable file): a refused write never ends supervision. Ledger
// lines are held in memory (bounded, see held-ledger.ts) and written in order once the disk takes
// them; the state stays in memory and is written on the next tick that can. The outage is said once,
// loudly (stderr, the log, a `log-dir-unwritable` ledger line and notification, a side file for
// `launch status`), and once more when it ends (`log-dir-recovered`).
import type { Logger } from 'pino';
import { sweepTempFiles } from '../adapters/atomic-file.js';
import { heldLedgerFor, MAX_HELD_LINES, type HeldLedger } from '../adapters/held-ledger.js';
import { statePath, writeState } from '../adapters/state-store.js';
import { clearDiskProblem, writeDiskProblem } from '../status/disk-problem.js';
import { describeEvent } from './describe-event.js';
import type { WatchdogState } from './state.js';
import { toIso } from './time.js';
import type { LedgerEvent } from './types.js';

export interface DurableWriterOptions {
  readonly logDir: string;
  readonly logger: Logger;
  readonly now: () => number;
  /** Each batch of events once recorded (written or held): the notifiers, the metrics. */
  readonly onEvents?: (events: readonly LedgerEvent[]) => void;
  /** The loud line for whoever watches (stderr). */
  readonly say?: (line: string) => void;
  readonly ledger?: HeldLedger;
  readonly saveState?: (logDir: string, state: WatchdogState) => void;
}

export interface DurableWriter {
  /** Writes (or holds) a batch of ledger lines, logs and hands them on. Never throws. */
  readonly record: (events: readonly LedgerEvent[]) => void;
  /** Writes state.json; false when the disk refused it (kept in memory, written next time). */
  readonly saveState: (state: WatchdogState) => boolean;
  /** Whether the log dir is refusing writes right now. */
  readonly failing: () => boolean;
  /** At exit: the side file for `launch status` goes with the watchdog. */
  readonly close: () => void;
}

type Part = 'ledger' | 'state';

const describeError = (error: Error): string => {
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
};

export function createDurableWriter(options: DurableWriterOptions): DurableWriter {
  const { logDir, logger } = options;
  const ledger = options.ledger ?? heldLedgerFor(logDir);
  const save = options.saveState ?? writeState;
  const say = options.say ?? ((line: string) => void process.stderr.write(line));
  const failingParts = new Set<Part>();
  let outageSince: number | null = null;
  let outageDetail = '';
  /** Held lines written since the outage began (reported when it ends). */
  let caughtUp = 0;
  /** The held count the side file for `launch status` last carried. */
  let lastHeldSaid = -1;
  // Left by a watchdog killed mid-write, or by one that ran into a full disk before this fix.
  sweepTempFiles(statePath(logDir));

  const hand = (events: readonly LedgerEvent[]): void => {
    for (const event of events) {
      try {
        logger.info({ event }, describeEvent(event));
      } catch {
        // the log file refuses writes too: the ledger (held) and stderr carry it
      }
    }
    if (events.length > 0) options.onEvents?.(events);
  };

  const outageStarted = (part: Part, error: Error): LedgerEvent[] => {
    failingParts.add(part);
    const detail = describeError(error);
    if (outageSince !== null) return [];
    outageSince = options.now();
    outageDetail = detail;
    caughtUp = 0;
    const line = `launch: the log dir ${logDir} refuses writes (${detail}); the watchdog goes on supervising, keeping its ledger and state in memory until the disk takes them again`;
    say(`${line}\n`);
    try {
      logger.error({ err: error }, line);
    } catch {
      // said on stderr
    }
    writeDiskProblem(logDir, {
      pid: process.pid,
      since: toIso(outageSince),
      detail,
      held: ledger.heldCount,
    });
    return [
      {
        ts: toIso(outageSince),
        type: 'log-dir-unwritable',
        part,
        reason: `${detail}; supervision goes on, ledger lines are held in memory (at most ${MAX_HELD_LINES}) and state.json is written once the disk takes it`,
      },
    ];
  };

  const partWorks = (part: Part): LedgerEvent[] => {
    failingParts.delete(part);
    if (outageSince === null || failingParts.size > 0) return [];
    const seconds = Math.round((options.now() - outageSince) / 1000);
    const since = outageSince;
    outageSince = null;
    clearDiskProblem(logDir);
    say(`launch: the log dir ${logDir} takes writes again after ${seconds}s\n`);
    return [
      {
        ts: toIso(options.now()),
        type: 'log-dir-recovered',
        seconds,
        held: caughtUp,
        reason: `writes work again after ${seconds}s (${outageDetail}); ${caughtUp} held ledger line${caughtUp === 1 ? '' : 's'} written`,
        since: toIso(since),
      },
    ];
  };

  const record = (events: readonly LedgerEvent[]): void => {
    const written = ledger.write(events);
    hand(events);
    if (written.ok && outageSince !== null) caughtUp += Math.max(0, written.wrote - events.length);
    const follow = written.ok ? partWorks('ledger') : outageStarted('ledger', written.error);
    if (follow.length === 0) return;
    // The outage (or its end) goes in the ledger too, after the lines it concerns.
    ledger.write(follow);
    hand(follow);
  };

  const saveState = (state: WatchdogState): boolean => {
    // Each tick saves: held ledger lines get their try first, so the ledger stays ahead of the state.
    record([]);
    try {
      save(logDir, state);
    } catch (cause) {
      const error = cause instanceof Error ? cause : new Error(String(cause));
      const events = outageStarted('state', error);
      if (events.length > 0) record(events);
      else if (outageSince !== null && ledger.heldCount !== lastHeldSaid) {
        lastHeldSaid = ledger.heldCount;
        writeDiskProblem(logDir, {
          pid: process.pid,
          since: toIso(outageSince),
          detail: outageDetail,
          held: ledger.heldCount,
        });
      }
      return false;
    }
    const events = partWorks('state');
    if (events.length > 0) {
      // The ledger may still hold lines: flush them with this news.
      record(events);
    }
    return true;
  };

  return {
    record,
    saveState,
    failing: () => outageSince !== null,
    close: () => {
      if (outageSince !== null) clearDiskProblem(logDir);
      // One last try; what the disk still refuses goes to stderr (the pane, the journal) as ledger
      // lines, rather than nowhere.
      const last = ledger.flush();
      if (!last.ok && ledger.heldCount > 0) {
        say(
          `launch: exiting with ${ledger.heldCount} ledger line${ledger.heldCount === 1 ? '' : 's'} the log dir refused; here they are:\n`,
        );
        for (const event of ledger.drain()) say(`${JSON.stringify(event)}\n`);
      }
    },
  };
}
