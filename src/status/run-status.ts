// A run's StatusView from its settings alone: what `launch status --json` prints and what `launch ls`
// lists for each run (one code path, so the two never disagree).
import { createTmux, socketFilePath } from '../adapters/tmux.js';
import { probeTmuxServer } from '../adapters/tmux-server-probe.js';
import type { Settings } from '../config/fields.js';
import type { Phase } from '../phases/phase.js';
import { dialectFor } from '../screen/dialects.js';
import { buildStatus, type StatusView } from './status-view.js';
import { statusZone } from './status-zone.js';
import { requestWatchdogPanes } from './watchdog-panes.js';

export async function readRunStatus(
  settings: Settings,
  phases: readonly Phase[],
  env: Readonly<Record<string, string | undefined>>,
  now: Date,
): Promise<StatusView> {
  return buildStatus({
    settings,
    phases,
    tmux: createTmux({ socket: settings.tmuxSocket }),
    watchdogPanes: (sessions) => requestWatchdogPanes(settings.logDir, sessions),
    tmuxServerGone: async () =>
      (await probeTmuxServer(socketFilePath(settings.tmuxSocket ?? 'default'))) === 'none',
    dialect: dialectFor(settings.backend),
    zone: statusZone(settings, env),
    now,
  });
}
