// Plain inputs for decide and its rules: readings, observations, settings, clocks.
import { NO_SIGNALS, NO_TRANSCRIPT } from '../../src/evidence/types.js';
import type { Role } from '../../src/config/roles.js';
import type { PaneReading } from '../../src/screen/types.js';
import { initialState, type WatchdogState } from '../../src/watchdog/state.js';
import type {
  DecideSettings,
  GitObservation,
  SessionObservation,
  Snapshot,
} from '../../src/watchdog/types.js';

export const T0 = Date.parse('2026-11-22T10:00:00Z');
export const at = (secondsAfterT0: number): number => T0 + secondsAfterT0 * 1000;
export const iso = (ms: number): string => new Date(ms).toISOString();

export function reading(over: Partial<PaneReading> = {}): PaneReading {
  return {
    active: false,
    limited: false,
    resetAt: null,
    resetSource: null,
    fatal: false,
    waitingUntil: null,
    matched: null,
    recognised: true,
    ...over,
  };
}

export const ACTIVE = reading({ active: true, matched: '✻ Working… (3s · esc to interrupt)' });
export const IDLE = reading();

export function running(
  role: Role,
  paneReading: PaneReading = IDLE,
  over: Partial<SessionObservation> = {},
): SessionObservation {
  return {
    role,
    session: `loop-${role}`,
    presence: 'running',
    reading: paneReading,
    inputArea: '> ',
    logWrittenAt: null,
    paneTail: paneReading.matched ?? '',
    // A static screen unless a test moves it.
    screenHash: `screen:${paneReading.matched ?? ''}`,
    signals: NO_SIGNALS,
    transcript: NO_TRANSCRIPT,
    ...over,
  };
}

export function gone(role: Role, presence: 'dead' | 'missing' = 'missing'): SessionObservation {
  return {
    role,
    session: `loop-${role}`,
    presence,
    reading: null,
    inputArea: '',
    logWrittenAt: null,
    paneTail: '',
    screenHash: null,
    signals: NO_SIGNALS,
    transcript: NO_TRANSCRIPT,
  };
}

export const SETTINGS: DecideSettings = {
  backend: 'claude',
  signalInterval: 30,
  watchInterval: 300,
  orchWakeInterval: 3600,
  stallIdle: 300,
  stallGrace: 180,
  limitProbeFallback: 300,
  limitResetSlack: 45,
  opencodeStallIdle: 900,
  opencodeLogGrace: 180,
  maxRestarts: 5,
  restartWindow: 600,
  restartReset: 600,
  motionBound: 4,
  unrecognisedAfter: 3,
  resumeOnRestart: true,
  startupGrace: 30,
  clientVersion: null,
  roles: ['builder', 'adversary'],
  phaseIds: ['p1', 'p2'],
};

export function snapshot(
  now: number,
  sessions: SessionObservation[],
  over: Partial<Snapshot> = {},
): Snapshot {
  return {
    now,
    sessions,
    git: null,
    status: { kind: 'in-progress', file: '/b/STATUS-p1.md' },
    paused: false,
    wakeText: 'Scheduled supervision pass.',
    ...over,
  };
}

export function gitOk(
  head: string,
  newCommits: { sha: string; subject: string }[] | null,
  inboxes: Partial<Record<'ADVERSARY-INBOX.md' | 'BUILDER-INBOX.md', string | null>> = {},
): GitObservation {
  return {
    kind: 'ok',
    head,
    newCommits,
    inboxes: {
      'ADVERSARY-INBOX.md': inboxes['ADVERSARY-INBOX.md'] ?? null,
      'BUILDER-INBOX.md': inboxes['BUILDER-INBOX.md'] ?? null,
    },
  };
}

export function stateWith(over: Partial<WatchdogState> = {}): WatchdogState {
  return { ...initialState(0), lastHeavyAt: iso(T0), ...over };
}
