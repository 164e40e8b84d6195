// observe: one snapshot of the world per tick — every pane's liveness in one tmux call, each live
// pane read by the backend's dialect, git (fetch, cursor, INBOX files), the status file, the STOP
// file and the wake prompt. Failures are part of the snapshot, never thrown.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GitObserver } from '../adapters/git.js';
import type { PaneInfo, Tmux } from '../adapters/tmux.js';
import type { Settings } from '../config/fields.js';
import { sessionName, type Role } from '../config/roles.js';
import type { Phase } from '../phases/phase.js';
import { readStatus } from '../phases/status-file.js';
import type { Dialect } from '../screen/types.js';
import { wakeText } from './messages.js';
import type { WatchdogState } from './state.js';
import type { SessionObservation, Snapshot } from './types.js';

export const STOP_FILE = 'STOP';

export interface ObserveContext {
  readonly tmux: Tmux;
  readonly dialect: Dialect;
  readonly git: GitObserver;
  readonly settings: Settings;
  readonly phases: readonly Phase[];
  readonly roles: readonly Role[];
  readonly zone: string;
  readonly now: () => number;
}

/** The last few non-blank lines, for the ledger. */
export function tail(text: string, lines = 3): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .join('\n');
}

function logMtime(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

async function observeSession(
  context: ObserveContext,
  role: Role,
  panes: readonly PaneInfo[] | null,
  now: number,
): Promise<SessionObservation> {
  const session = sessionName(context.settings, role);
  const logWrittenAt =
    context.settings.backend === 'opencode'
      ? logMtime(join(context.settings.logDir, `${session}.log`))
      : null;
  const gone: SessionObservation = {
    role,
    session,
    presence: 'missing',
    reading: null,
    inputArea: '',
    logWrittenAt,
    paneTail: '',
  };
  // When tmux could not list panes, ask this session directly rather than calling it missing.
  const pane = panes ? panes.find((candidate) => candidate.session === session) : undefined;
  if (panes && pane === undefined) return gone;
  if (pane?.dead) {
    const lastWords = (await context.tmux.capture(session, { history: 200 })) ?? '';
    const status = pane.deadStatus === null ? '' : ` (exit status ${pane.deadStatus})`;
    return {
      ...gone,
      presence: 'dead',
      paneTail: `${tail(lastWords.replace(/^Pane is dead.*$/m, ''))}${status}`,
    };
  }
  const text = await context.tmux.capture(session);
  if (text === null) return gone;
  return {
    role,
    session,
    presence: 'running',
    reading: context.dialect.classify(text, { now: new Date(now), zone: context.zone }),
    inputArea: context.dialect.inputArea(text),
    logWrittenAt,
    paneTail: tail(text),
  };
}

function readWakeText(file: string): string | null {
  try {
    return wakeText(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export async function observe(
  context: ObserveContext,
  state: WatchdogState,
  options: { readonly git: boolean },
): Promise<Snapshot> {
  const now = context.now();
  const listed = await context.tmux.listPanes();
  const panes = listed.ok ? listed.value : null;
  const sessions: SessionObservation[] = [];
  for (const role of context.roles) sessions.push(await observeSession(context, role, panes, now));
  const phase = context.phases[state.phaseIndex] ?? context.phases[context.phases.length - 1];
  return {
    now,
    sessions,
    git: options.git ? await context.git.observe(state.handoff.lastSha) : null,
    status: phase
      ? readStatus(context.settings.builderDir, phase.status)
      : { kind: 'missing', file: '' },
    paused: existsSync(join(context.settings.logDir, STOP_FILE)),
    wakeText: context.roles.includes('orchestrator')
      ? readWakeText(context.settings.orchWakePrompt)
      : null,
  };
}
