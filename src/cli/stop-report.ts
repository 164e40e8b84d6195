// What `launch stop` says when it found nothing to stop: where it looked (log dir, tmux socket,
// session prefix), so a wrong --log-dir or --socket is obvious rather than a silent success.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../config/fields.js';
import { RUN_SETTINGS_FILE } from '../config/resolve.js';

/** The log dir holds a run's state (a `launch start` or a watchdog has used it). */
export function hasRunState(logDir: string): boolean {
  return (
    existsSync(join(logDir, RUN_SETTINGS_FILE)) ||
    existsSync(join(logDir, 'state.json')) ||
    existsSync(join(logDir, 'events.jsonl'))
  );
}

export function nothingRunningHere(
  settings: Pick<Settings, 'logDir' | 'tmuxSocket' | 'sessionPrefix'>,
): string {
  const socket = settings.tmuxSocket
    ? `tmux socket ${settings.tmuxSocket}`
    : 'the default tmux socket';
  const where = `no watchdog for log dir ${settings.logDir}, no ${settings.sessionPrefix}-* sessions on ${socket}`;
  return hasRunState(settings.logDir)
    ? `nothing was running: ${where}`
    : `nothing was running: ${where}; no run has used that log dir (wrong --log-dir?)`;
}
