// The ControlPort of a running watchdog, over the existing adapters: status from buildStatus, phases
// from the manifest, pause/resume as the STOP file, pane tails from tmux (read-only, so they need
// no turn), and messages and restarts through the loop's operator queue, so they never race a tick.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import type { EventFeed } from '../adapters/ledger-feed.js';
import type { Tmux } from '../adapters/tmux.js';
import type { Settings } from '../config/fields.js';
import { sessionName, type Role } from '../config/roles.js';
import { teamOf } from '../config/team.js';
import type { Phase } from '../phases/phase.js';
import { buildPhasesView } from '../phases/phase-view.js';
import type { Dialect } from '../screen/types.js';
import { buildStatus } from '../status/status-view.js';
import { STOP_FILE } from '../watchdog/observe.js';
import { operatorText, operatorTextProblem } from '../watchdog/operator.js';
import type { OperatorQueue } from '../watchdog/operator-queue.js';
import type { ControlPort, PauseView } from './control-port.js';

export interface WatchdogPortContext {
  readonly settings: Settings;
  /** The sequence the watchdog runs (a getter: it may be reloaded). */
  readonly sequence: () => { readonly phases: readonly Phase[]; readonly source: string };
  readonly tmux: Tmux;
  readonly dialect: Dialect;
  readonly zone: string;
  readonly now: () => Date;
  readonly queue: OperatorQueue;
  /** Makes the loop tick soon (so a pause shows in the ledger within a second, not a tick). */
  readonly nudge: () => void;
  readonly events: EventFeed;
}

const NOTE_LIMIT = 2000;

export function createWatchdogPort(context: WatchdogPortContext): ControlPort {
  const { settings } = context;
  const stopFile = join(settings.logDir, STOP_FILE);
  const roles = teamOf(settings).map((role) => role.name);

  const pauseState = (): PauseView => {
    try {
      const made = statSync(stopFile).mtime.toISOString();
      let note: string | null = null;
      try {
        note = readFileSync(stopFile, 'utf8').slice(0, NOTE_LIMIT).trim() || null;
      } catch {
        note = null;
      }
      return { paused: true, since: made, note };
    } catch {
      return { paused: false, since: null, note: null };
    }
  };

  return {
    roles: () => roles,
    status: () =>
      buildStatus({
        settings,
        phases: context.sequence().phases,
        tmux: context.tmux,
        dialect: context.dialect,
        zone: context.zone,
        now: context.now(),
      }),
    phases: () => buildPhasesView(settings, context.sequence()),
    pauseState,
    pause: (note) => {
      const current = pauseState();
      if (current.paused) return current;
      const at = context.now().toISOString();
      writeFileAtomic(
        stopFile,
        `paused over the HTTP API at ${at}${note ? `: ${note}` : ''}\nremove this file (or POST /api/resume) to resume\n`,
      );
      context.nudge();
      return pauseState();
    },
    resume: () => {
      rmSync(stopFile, { force: true });
      context.nudge();
      return pauseState();
    },
    pane: async (role, lines) => {
      const session = sessionName(settings, role);
      const listed = await context.tmux.listPanes();
      const pane = listed.ok
        ? listed.value.find((candidate) => candidate.session === session)
        : undefined;
      const text = pane === undefined ? null : await context.tmux.capture(session);
      return {
        role,
        session,
        running: pane !== undefined && !pane.dead,
        text: (text ?? '').split('\n').slice(-lines).join('\n'),
        capturedAt: context.now().toISOString(),
      };
    },
    message: async (role: Role, text: string) => {
      const typed = operatorText(text);
      if (typed === '')
        return { kind: 'refused', status: 'invalid', message: 'the message is blank' };
      const problem = operatorTextProblem(typed, context.now().getTime(), context.zone);
      if (problem !== null)
        return {
          kind: 'refused',
          status: 'invalid',
          message: `not typed: ${problem}, and the watchdog would then misjudge the session; reword it`,
        };
      return context.queue.submit({ kind: 'message', role, text: typed });
    },
    restart: (role, force) => context.queue.submit({ kind: 'restart', role, force }),
    answer: (role, answer, who) => context.queue.submit({ kind: 'answer', role, answer, who }),
    events: context.events,
  };
}
