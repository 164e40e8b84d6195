// A run's StatusView from its settings alone: what `launch status --json` prints and what `launch ls`
// lists for each run (one code path, so the two never disagree).
import { createTmux, socketFilePath } from '../adapters/tmux.js';
import { probeTmuxServer } from '../adapters/tmux-server-probe.js';
import type { Settings } from '../config/fields.js';
import type { Phase } from '../phases/phase.js';
import { dialectFor } from '../screen/dialects.js';
import { buildStatus, type StatusContext, type StatusView } from './status-view.js';
import { displayZone } from './status-zone.js';
import { requestWatchdogPanes } from './watchdog-panes.js';

/**
 * Where status takes its look at a run's panes before running tmux itself: the run's live watchdog
 * (its status socket), then tmux's socket, which says when no server is there at all.
 */
export function paneLooks(
  settings: Pick<Settings, 'logDir' | 'tmuxSocket'>,
): Pick<StatusContext, 'watchdogPanes' | 'tmuxServerGone'> {
  return {
    watchdogPanes: (sessions) => requestWatchdogPanes(settings.logDir, sessions),
    tmuxServerGone: async () =>
      (await probeTmuxServer(socketFilePath(settings.tmuxSocket ?? 'default'))) === 'none',
  };
}

export async function readRunStatus(
  settings: Settings,
  phases: readonly Phase[],
  now: Date,
): Promise<StatusView> {
  return buildStatus({
    settings,
    phases,
    tmux: createTmux({ socket: settings.tmuxSocket }),
    ...paneLooks(settings),
    dialect: dialectFor(settings.backend),
    zone: displayZone(settings),
    now,
  });
}
