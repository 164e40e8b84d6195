// What `launch ls` shows of each registered run: its status read through the same code as
// `launch status --json` (readRunStatus), cut down to the fleet's fields. `launch ls --json` prints
// `{ runs: RunListing[] }`; the `hosts` module merges these objects from several machines, so the
// field names are a contract.
import { loadSettings } from '../config/resolve.js';
import type { Settings } from '../config/fields.js';
import { loadPhases } from '../phases/manifest.js';
import { readRunStatus } from '../status/run-status.js';
import type { StatusView } from '../status/status-view.js';
import { stripTerminalControls } from '../util/terminal-text.js';
import { eventDetail, eventLabel } from '../watchdog/describe-event.js';
import { readLockHolder } from '../adapters/watchdog-lock.js';
import { readLiveRespawner } from '../watchdog/respawn-record.js';
import type { SessionKind } from '../watchdog/state.js';
import type { LedgerEvent } from '../watchdog/types.js';
import type { RunEntry } from './registry.js';

export type RunState = 'running' | 'stopped' | 'complete';

export interface RunListing {
  readonly name: string;
  readonly planDir: string;
  readonly logDir: string;
  /** running: a watchdog (or its respawner) is live; complete: the sequence finished. */
  readonly state: RunState;
  /** As in `status --json`: index is 0-based; done: the phase's status file says DONE. */
  readonly phase: {
    readonly id: string;
    readonly index: number;
    readonly total: number;
    readonly done: boolean;
  } | null;
  readonly sessions: readonly {
    readonly role: string;
    readonly name: string;
    readonly running: boolean;
    readonly state: SessionKind;
    readonly limitedUntil: string | null;
    /** Why it is in that state (a needs-input session: what it asks). */
    readonly why: string;
  }[];
  readonly watchdog: {
    readonly running: boolean;
    readonly pid: number | null;
    readonly startedAt: string | null;
    readonly uptimeSeconds: number | null;
    /** While stopped: when it last stopped (or last ticked), ISO; null when not known. */
    readonly stoppedAt: string | null;
  };
  readonly lastEvent: {
    readonly ts: string;
    readonly type: string;
    readonly role: string | null;
    readonly text: string;
  } | null;
  /** Why the run's state could not be read in full (its settings or phases), else null. */
  readonly problem: string | null;
}

/** The run settings `launch start` saved for this entry, exactly (the caller's environment aside). */
export function entrySettings(
  entry: RunEntry,
): { ok: true; settings: Settings } | { ok: false; error: string } {
  const loaded = loadSettings({
    cwd: entry.planDir,
    env: {},
    flags: { planDir: entry.planDir, logDir: entry.logDir },
    usePersisted: 'only',
  });
  return loaded.ok
    ? { ok: true, settings: loaded.value.settings }
    : { ok: false, error: loaded.error.join('; ') };
}

function lastEventOf(view: StatusView): RunListing['lastEvent'] {
  const event: LedgerEvent | undefined = view.recent.at(-1);
  if (event === undefined) return null;
  const detail = eventDetail(event);
  return {
    ts: event.ts,
    type: event.type,
    role: event.role ?? null,
    text: stripTerminalControls(`${eventLabel(event)}${detail ? ` ${detail}` : ''}`),
  };
}

function seconds(from: string | null, now: Date): number | null {
  if (from === null) return null;
  const ms = now.getTime() - Date.parse(from);
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms / 1000)) : null;
}

export function listingFromStatus(entry: RunEntry, view: StatusView, now: Date): RunListing {
  const running = view.watchdog.running || view.watchdog.respawner !== null;
  return {
    name: entry.name,
    planDir: entry.planDir,
    logDir: entry.logDir,
    state: running ? 'running' : view.sequenceComplete ? 'complete' : 'stopped',
    phase:
      view.phase.total === 0
        ? null
        : {
            id: view.phase.id,
            index: view.phase.index,
            total: view.phase.total,
            done: view.phase.done,
          },
    sessions: view.sessions.map((session) => ({
      role: session.role,
      name: session.name,
      running: session.running,
      state: session.state,
      limitedUntil: session.limitedUntil,
      why: session.why,
    })),
    watchdog: {
      running: view.watchdog.running,
      pid: view.watchdog.pid,
      startedAt: view.watchdog.startedAt,
      uptimeSeconds: view.watchdog.running ? seconds(view.watchdog.startedAt, now) : null,
      stoppedAt: running ? null : (view.watchdog.lastStop?.at ?? view.watchdog.lastTick),
    },
    lastEvent: lastEventOf(view),
    problem: null,
  };
}

/** What can be said of a run whose settings or phases do not load: its watchdog, from the lock. */
function degraded(entry: RunEntry, problem: string, now: Date): RunListing {
  const holder = readLockHolder(entry.logDir);
  const running = holder !== null || readLiveRespawner(entry.logDir) !== null;
  return {
    name: entry.name,
    planDir: entry.planDir,
    logDir: entry.logDir,
    state: running ? 'running' : 'stopped',
    phase: null,
    sessions: [],
    watchdog: {
      running: holder !== null,
      pid: holder?.pid ?? null,
      startedAt: holder?.startedAt ?? null,
      uptimeSeconds: holder ? seconds(holder.startedAt, now) : null,
      stoppedAt: null,
    },
    lastEvent: null,
    problem,
  };
}

/** One run's listing; never throws for a run's own damage (that is its `problem`). */
export async function listRun(
  entry: RunEntry,
  env: Readonly<Record<string, string | undefined>>,
  now: Date,
): Promise<RunListing> {
  const loaded = entrySettings(entry);
  if (!loaded.ok) return degraded(entry, loaded.error, now);
  const phases = loadPhases(loaded.settings);
  if (!phases.ok) return degraded(entry, phases.error.join('; '), now);
  try {
    const view = await readRunStatus(loaded.settings, phases.value.phases, now);
    return listingFromStatus(entry, view, now);
  } catch (cause) {
    return degraded(entry, cause instanceof Error ? cause.message : String(cause), now);
  }
}
