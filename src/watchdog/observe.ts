// observe: one snapshot of the world per tick — every pane's liveness and screen in one tmux call,
// each live pane read by the backend's dialect, git (fetch, cursor, INBOX files), the status file,
// the STOP file and the wake prompt. Failures are part of the snapshot, never thrown.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NO_SIGNALS, NO_TRANSCRIPT } from '../evidence/types.js';
import type { GitObserver } from '../adapters/git.js';
import type { PaneSnapshot, Tmux, TmuxFailure } from '../adapters/tmux.js';
import type { Result } from '../util/result.js';
import type { PaneInfo } from '../adapters/tmux-pane-list.js';
import { zombieExit, type ProcessEnd } from '../adapters/zombie-exit.js';
import type { Settings } from '../config/fields.js';
import { roleDir, sessionName, type Role } from '../config/roles.js';
import type { Phase } from '../phases/phase.js';
import { readStatus } from '../phases/status-file.js';
import type { Dialect } from '../screen/types.js';
import type { EvidenceObservers } from './evidence-observers.js';
import { paneExit } from './pane-exit.js';
import type { AccountQuotaPort } from './account-observer.js';
import { wakeText } from './messages.js';
import { roleClient } from '../agents/role-client.js';
import { roleSpec } from '../config/team.js';
import type { WatchdogState } from './state.js';
import type { SessionObservation, Snapshot } from './types.js';

import { STOP_FILE } from './run-files.js';
export { STOP_FILE };

export interface ObserveContext {
  readonly tmux: Tmux;
  readonly dialect: Dialect;
  readonly git: GitObserver;
  readonly settings: Settings;
  readonly phases: readonly Phase[];
  readonly roles: readonly Role[];
  readonly zone: string;
  readonly now: () => number;
  /** The agent's signals and transcript; absent facts without it (dry runs of other tools). */
  readonly evidence?: EvidenceObservers;
  /** The shared account windows (one quota per account); absent: not looked at. */
  readonly quota?: AccountQuotaPort;
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

/** What one pane showed, by session name: the part of an observation that comes from tmux. */
export type PaneRead = Omit<
  SessionObservation,
  'role' | 'session' | 'logWrittenAt' | 'signals' | 'transcript'
>;

export interface PaneReader {
  readonly tmux: Tmux;
  readonly dialect: Dialect;
  readonly zone: string;
  /** A session's own dialect when its role runs another client than `dialect`'s (teams). */
  readonly dialectOf?: (session: string) => Dialect;
  /** Waits before the second look at a pane that died a moment ago (tests pass their own). */
  readonly pause?: (ms: number) => Promise<void>;
  /** How an exited, unreaped process ended (default: read from /proc). */
  readonly processEnd?: (pid: number) => ProcessEnd | null;
}

/**
 * tmux marks a pane dead when its terminal closes and records the exit status (or the signal) when
 * it reaps the program, a moment later (now and then much later: its SIGCHLD handled late). A look in
 * between has a dead pane with neither: the program, if still unreaped, says how it ended (/proc);
 * else one more look after this long gives the restart event what tmux then knows.
 */
export const DEAD_STATUS_WAIT_MS = 250;

const GONE: PaneRead = {
  presence: 'missing',
  reading: null,
  inputArea: '',
  paneTail: '',
  screenHash: null,
};

/** The screen's identity for motion: any change of content (capture-pane has no cursor). */
export function screenHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * Every session's liveness and screen from one tmux invocation (`Tmux.snapshot`), each live screen
 * read by the dialect; a dead pane's exit status and last words come from the same call.
 */
export async function readPanes(
  reader: PaneReader,
  sessions: readonly string[],
  now: number,
): Promise<Map<string, PaneRead>> {
  const reads = new Map<string, PaneRead>();
  const processEnd = reader.processEnd ?? zombieExit;
  const endOf = (pane: PaneInfo): ProcessEnd | null =>
    pane.deadStatus !== null || pane.deadSignal !== null
      ? { status: pane.deadStatus, signal: pane.deadSignal }
      : processEnd(pane.pid);
  /** How each asked-for session's dead pane ended, as tmux or /proc tell it now (null: not yet). */
  const deadEnds = (listed: Result<PaneSnapshot, TmuxFailure>) => {
    const ends = new Map<string, ProcessEnd | null>();
    for (const session of sessions) {
      const pane = listed.ok ? listed.value.panes.find((p) => p.session === session) : undefined;
      if (pane?.dead) ends.set(session, endOf(pane));
    }
    return ends;
  };
  let snap = await reader.tmux.snapshot(sessions);
  let ends = deadEnds(snap);
  if ([...ends.values()].includes(null)) {
    await (reader.pause ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(
      DEAD_STATUS_WAIT_MS,
    );
    snap = await reader.tmux.snapshot(sessions);
    ends = deadEnds(snap);
  }
  for (const session of sessions) {
    // When tmux could not list panes, ask this session directly rather than calling it missing.
    const pane = snap.ok ? snap.value.panes.find((p) => p.session === session) : undefined;
    if (snap.ok && pane === undefined) {
      reads.set(session, GONE);
      continue;
    }
    // The session's own client (a team may mix them): its input box, its screen reading.
    const dialect = reader.dialectOf?.(session) ?? reader.dialect;
    if (pane?.dead) {
      // Its screen came with the snapshot (the same tmux call); only a failed listing asks again.
      const screen = snap.ok
        ? (snap.value.screens.get(session) ?? '')
        : ((await reader.tmux.capture(session)) ?? '');
      const exit = paneExit(screen, ends.get(session) ?? { status: null, signal: null }, (text) =>
        dialect.inputArea(text),
      );
      reads.set(session, {
        ...GONE,
        presence: 'dead',
        paneTail: exit.lastWords,
        exit,
      });
      continue;
    }
    const text = snap.ok
      ? (snap.value.screens.get(session) ?? null)
      : await reader.tmux.capture(session);
    reads.set(
      session,
      text === null
        ? GONE
        : {
            presence: 'running',
            reading: dialect.classify(text, { now: new Date(now), zone: reader.zone }),
            prompt: dialect.prompt(text),
            inputArea: dialect.inputArea(text),
            paneTail: tail(text),
            screenHash: screenHash(text),
          },
    );
  }
  return reads;
}

async function observeSessions(
  context: ObserveContext,
  state: WatchdogState,
  now: number,
): Promise<SessionObservation[]> {
  const named = context.roles.map((role) => ({
    role,
    session: sessionName(context.settings, role),
    client: roleClient(context, role),
  }));
  const dialects = new Map(named.map(({ session, client }) => [session, client.dialect]));
  const reads = await readPanes(
    { ...context, dialectOf: (session) => dialects.get(session) ?? context.dialect },
    named.map(({ session }) => session),
    now,
  );
  return named.map(({ role, session, client }) => {
    const startedAt = state.sessions[role]?.startedAt ?? null;
    const look = { role, session, startedAt: startedAt === null ? null : Date.parse(startedAt) };
    const signals = context.evidence?.signals(look) ?? NO_SIGNALS;
    return {
      role,
      session,
      ...(reads.get(session) ?? GONE),
      logWrittenAt:
        client.backend === 'opencode'
          ? logMtime(join(context.settings.logDir, `${session}.log`))
          : null,
      signals,
      transcript: context.evidence?.transcript(look, signals, now) ?? NO_TRANSCRIPT,
      // A commit in its clone is a heartbeat sign (only looked at for roles with `staleAfter`).
      ...(roleSpec(context.settings, role).staleAfter === null
        ? {}
        : { commitAt: logMtime(join(roleDir(context.settings, role), '.git', 'logs', 'HEAD')) }),
    };
  });
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
  const sessions = await observeSessions(context, state, now);
  const phase = context.phases[state.phaseIndex] ?? context.phases[context.phases.length - 1];
  return {
    now,
    sessions,
    git: options.git ? await context.git.observe(state.handoff.lastSha) : null,
    status: phase
      ? readStatus(context.settings.builderDir, phase.status)
      : { kind: 'missing', file: '' },
    paused: existsSync(join(context.settings.logDir, STOP_FILE)),
    wakeText: context.roles.some((role) => roleSpec(context.settings, role).kind === 'orchestrator')
      ? readWakeText(context.settings.orchWakePrompt)
      : null,
    ...(context.quota ? { accounts: context.quota.observe(now) } : {}),
  };
}
