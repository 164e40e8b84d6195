// Bounded disk use: after each tick, every log the run appends to is rotated once it passes
// LOG_MAX_MB (keeping LOG_KEEP), without restarting anything. Files writers reopen by path (the
// ledger, cron.log) only need a rename; the watchdog's own log reopens its destination; a pane log
// gets its tmux pipe replaced (close and reopen in one tmux invocation). The kickoff files and
// state.json are never touched.
//
// tmux drops output still in its buffer when a pipe is replaced, so a live pane's log is rotated
// when the pane has been quiet for a moment (nothing in flight); one that never goes quiet is
// rotated anyway at twice the limit, so disk use stays bounded.
import { statSync } from 'node:fs';
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
    const forced = info.size >= 2 * limits.maxBytes;
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
          ? ' (the pane never went quiet; rotated at twice the limit)'
          : '',
      );
    } catch (cause) {
      failed(file, cause instanceof Error ? cause.message : String(cause));
    }
  }
  return events;
}
