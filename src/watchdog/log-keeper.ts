// Bounded disk use: after each tick, every log the run appends to is rotated once it passes
// LOG_MAX_MB (keeping LOG_KEEP), without restarting anything. Files writers reopen by path (the
// ledger, cron.log) only need a rename; the watchdog's own log reopens its destination; a pane log
// gets its tmux pipe replaced (close and reopen in one tmux invocation). The kickoff files and
// state.json are never touched.
//
// tmux drops output still in its buffer when a pipe is replaced, so a live pane's log is rotated
// when the pane has been quiet for a moment (nothing in flight); one that never goes quiet is
// rotated anyway a tenth over the limit, so disk use stays bounded.
//
// A flooding pane can pass the limit many times over between two ticks when ticks stretch (a slow
// git fetch, a loaded machine), so the pane logs are also watched on their own (LogGuard below):
// a write to one that takes it over the limit is answered within moments, whatever the tick does.
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, join } from 'node:path';
import { LEDGER_FILE } from '../adapters/ledger.js';
import { megabytes, rotateFile, type RotationLimits } from '../adapters/log-rotation.js';
import { describeTmuxFailure, type Tmux } from '../adapters/tmux.js';
import type { Settings } from '../config/fields.js';
import { sessionName, watchdogSessionName, type Role } from '../config/roles.js';
import { toIso } from './time.js';
import type { LedgerEvent } from './types.js';

export const WATCHDOG_LOG_FILE = 'watchdog.log';
export const CRON_LOG_FILE = 'cron.log';
/** A pane log untouched this long has nothing in flight in tmux: safe to switch its pipe. */
export const PANE_QUIET_MS = 1_500;
/** A pane log this far over the limit is rotated even if its pane never goes quiet. */
export const FORCE_FACTOR = 1.1;

export interface LogKeeperContext {
  readonly settings: Pick<
    Settings,
    'logDir' | 'logMaxMb' | 'logKeep' | 'sessionPrefix' | 'orchSession'
  >;
  readonly roles: readonly Role[];
  readonly tmux: Tmux;
  readonly now: () => number;
  /** Reopens the watchdog's own log at its path after it was renamed (pino's destination). */
  readonly reopenWatchdogLog?: () => void;
  /** How long a pane log must have been untouched before its pipe is switched (PANE_QUIET_MS). */
  readonly quietMs?: number;
}

export function rotationLimits(settings: Pick<Settings, 'logMaxMb' | 'logKeep'>): RotationLimits {
  return { maxBytes: megabytes(settings.logMaxMb), keep: settings.logKeep };
}

function stat(file: string): { size: number; mtimeMs: number } | null {
  try {
    const info = statSync(file);
    return { size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return null;
  }
}

/** Rotates what is over the limit; returns a ledger line for each rotation (and each problem). */
export async function keepLogs(context: LogKeeperContext): Promise<LedgerEvent[]> {
  const { settings } = context;
  const limits = rotationLimits(settings);
  const events: LedgerEvent[] = [];
  const rotated = (file: string, bytes: number, detail: string): void => {
    events.push({
      ts: toIso(context.now()),
      type: 'log-rotated',
      file: basename(file),
      bytes,
      reason: `${(bytes / 1024 / 1024).toFixed(1)} MB > ${settings.logMaxMb} MB; kept ${settings.logKeep}${detail}`,
    });
  };
  const failed = (file: string, detail: string): void => {
    events.push({
      ts: toIso(context.now()),
      type: 'log-rotation-failed',
      file: basename(file),
      reason: detail,
    });
  };
  const plain = (file: string, after?: () => void): void => {
    try {
      const outcome = rotateFile(file, limits);
      if (outcome.kind !== 'rotated') return;
      after?.();
      rotated(file, outcome.bytes, '');
    } catch (cause) {
      failed(file, cause instanceof Error ? cause.message : String(cause));
    }
  };

  plain(join(settings.logDir, LEDGER_FILE));
  plain(join(settings.logDir, CRON_LOG_FILE));
  plain(join(settings.logDir, WATCHDOG_LOG_FILE), context.reopenWatchdogLog);

  // Pane logs: one tmux call, and only when one of them needs rotating.
  const sessions = [
    ...context.roles.map((role) => sessionName(settings, role)),
    watchdogSessionName(settings),
  ];
  const over = sessions.flatMap((session) => {
    const file = join(settings.logDir, `${session}.log`);
    const info = stat(file);
    return info && info.size > limits.maxBytes ? [{ session, file, info }] : [];
  });
  if (over.length === 0) return events;
  const panes = await context.tmux.listPanes();
  // Without knowing which panes pipe into their logs, renaming one could strand its writer.
  if (!panes.ok) return events;
  const quietMs = context.quietMs ?? PANE_QUIET_MS;
  for (const { session, file, info } of over) {
    const pane = panes.value.find((candidate) => candidate.session === session);
    const piping = pane !== undefined && !pane.dead;
    const forced = info.size >= FORCE_FACTOR * limits.maxBytes;
    if (piping && !forced && context.now() - info.mtimeMs < quietMs) continue;
    try {
      const outcome = rotateFile(file, limits);
      if (outcome.kind !== 'rotated') continue;
      if (piping) {
        const reopened = await context.tmux.pipePane(session, settings.logDir);
        if (!reopened.ok) {
          failed(
            file,
            `rotated, but the pane's log pipe was not reopened: ${describeTmuxFailure(reopened.error)}`,
          );
          continue;
        }
      }
      rotated(
        file,
        outcome.bytes,
        forced && context.now() - info.mtimeMs < quietMs
          ? ` (the pane never went quiet; rotated ${Math.round((FORCE_FACTOR - 1) * 100)}% over the limit)`
          : '',
      );
    } catch (cause) {
      failed(file, cause instanceof Error ? cause.message : String(cause));
    }
  }
  return events;
}

/** The pane logs of a run (the agents' and the watchdog's own pane). */
export function paneLogFiles(
  settings: LogKeeperContext['settings'],
  roles: readonly Role[],
): string[] {
  return [...roles.map((role) => sessionName(settings, role)), watchdogSessionName(settings)].map(
    (session) => join(settings.logDir, `${session}.log`),
  );
}

/** The soonest two size checks follow each other on a burst of writes. */
const GUARD_SPACING_MS = 50;
/** The size check that runs anyway (fs.watch can miss events, e.g. on network file systems). */
const GUARD_POLL_MS = 1_000;

/**
 * Rotation independent of the tick: the log dir is watched, and a write that takes a pane log over
 * the limit triggers a rotation pass at once (checks at most every 50 ms during a flood, and every
 * second regardless). Passes never overlap, with each other or with the tick's (`keep`).
 */
export class LogKeeper {
  private running: Promise<unknown> | null = null;
  private watcher: FSWatcher | null = null;
  private poll: NodeJS.Timeout | null = null;
  private scheduled: NodeJS.Timeout | null = null;
  private lastCheck = 0;

  constructor(private readonly context: LogKeeperContext) {}

  /** The last rotation failure said for each file: a log dir that stays read-only is said once. */
  private readonly failures = new Map<string, string>();

  /** One rotation pass (every log), after any pass in flight. */
  async keep(): Promise<LedgerEvent[]> {
    return this.exclusive(async () => {
      const events = await keepLogs(this.context);
      return events.filter((event) => {
        const file = String(event.file);
        if (event.type === 'log-rotated') this.failures.delete(file);
        if (event.type !== 'log-rotation-failed') return true;
        const reason = String(event.reason);
        if (this.failures.get(file) === reason) return false;
        this.failures.set(file, reason);
        return true;
      });
    });
  }

  /**
   * Attaches every live pane's log pipe again (`pipe-pane` closed and reopened in one call). After a
   * full disk the pipe's writer (`cat`) has died on ENOSPC; without this the pane logs would stay
   * silent for the rest of the run.
   */
  async reattachPipes(): Promise<LedgerEvent[]> {
    return this.exclusive(async () => {
      const { settings, tmux } = this.context;
      const panes = await tmux.listPanes();
      if (!panes.ok) return [];
      const sessions = [
        ...this.context.roles.map((role) => sessionName(settings, role)),
        watchdogSessionName(settings),
      ].filter((session) => panes.value.some((pane) => pane.session === session && !pane.dead));
      const failed: string[] = [];
      for (const session of sessions) {
        const piped = await tmux.pipePane(session, settings.logDir);
        if (!piped.ok) failed.push(`${session}: ${describeTmuxFailure(piped.error)}`);
      }
      return [
        {
          ts: toIso(this.context.now()),
          type: 'log-pipes-reattached',
          reason: `pane logs piped again after the log dir refused writes (${sessions.join(', ') || 'no live pane'})${failed.length > 0 ? `; failed: ${failed.join('; ')}` : ''}`,
        },
      ];
    });
  }

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.running) await this.running.catch(() => undefined);
    const run = work();
    const mine = run.then(
      () => undefined,
      () => undefined,
    );
    this.running = mine;
    try {
      return await run;
    } finally {
      if (this.running === mine) this.running = null;
    }
  }

  /** Starts watching the pane logs; the events of each guard pass go to `record`. */
  guard(record: (events: readonly LedgerEvent[]) => void, onError: (error: unknown) => void): void {
    const { settings } = this.context;
    const files = new Set(paneLogFiles(settings, this.context.roles).map((file) => basename(file)));
    const maxBytes = rotationLimits(settings).maxBytes;
    const check = (): void => {
      this.scheduled = null;
      this.lastCheck = Date.now();
      if (this.running) return; // the pass in flight sees the size too; the next write re-checks
      const over = paneLogFiles(settings, this.context.roles).some(
        (file) => (stat(file)?.size ?? 0) > maxBytes,
      );
      if (!over) return;
      this.keep().then(
        (events) => {
          if (events.length > 0) record(events);
        },
        (error: unknown) => onError(error),
      );
    };
    const soon = (): void => {
      if (this.scheduled) return;
      const wait = Math.max(0, this.lastCheck + GUARD_SPACING_MS - Date.now());
      this.scheduled = setTimeout(check, wait);
      this.scheduled.unref();
    };
    try {
      this.watcher = watch(settings.logDir, { persistent: false }, (_kind, name) => {
        if (name !== null && files.has(String(name))) soon();
      });
      this.watcher.on('error', () => {
        // the dir went away or cannot be watched: the poll below carries on
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      this.watcher = null; // no inotify: polling only
    }
    this.poll = setInterval(soon, GUARD_POLL_MS);
    this.poll.unref();
  }

  /** Stops the guard and waits for a pass in flight. */
  async close(): Promise<void> {
    this.watcher?.close();
    this.watcher = null;
    if (this.poll) clearInterval(this.poll);
    if (this.scheduled) clearTimeout(this.scheduled);
    this.poll = null;
    this.scheduled = null;
    await this.running?.catch(() => undefined);
  }
}
