// state.json as the watchdog resumes it. Missing → fresh. Damaged → moved aside, and every field that
// still validates is kept, one by one against the zod schema (each session, each held ping, the
// handoff cursor, the INBOX hashes, the wake timer, notices), so a limit window survives a damaged
// file and no reboot lands inside it. A field that fails validation is never acted on: the phase
// index only counts if it validates (else the ledger's last phase, else phase 1). A handoff cursor
// that cannot be recovered falls back to the ledger's last `handoff-ping` / `handoff-baseline` head,
// so claims pushed while the watchdog was down are still pinged; the `state-recovered` line says
// what was salvaged and where the cursor came from.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { readRecentEvents } from '../adapters/ledger.js';
import { quarantineState, readState, statePath } from '../adapters/state-store.js';
import {
  initialState,
  pendingPingSchema,
  sessionRecordSchema,
  sessionStateSchema,
  stateSchema,
  type PendingPing,
  type SessionMap,
  type SessionRecord,
  type WatchdogState,
} from './state.js';
import type { LedgerEvent } from './types.js';

export type CursorSource = 'state' | 'ledger' | 'baseline';

export interface Salvage {
  readonly state: WatchdogState;
  /** Dotted paths of the fields kept (`phaseIndex`, `sessions.builder`, `handoff.lastSha`, …). */
  readonly salvaged: readonly string[];
  /** Fields present in the file that failed validation (left at their fresh value). */
  readonly lost: readonly string[];
  readonly cursorFrom: CursorSource;
  readonly phaseFrom: 'state' | 'ledger' | 'default';
}

/** Ledger lines looked at for the last cursor and phase (the tail only: the ledger grows for weeks). */
const LEDGER_LOOKBACK = 2_000;

const asObject = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

/** A session whose record is damaged but whose state machine reads: the state survives. */
function salvageSession(raw: unknown, phaseIndex: number): SessionRecord | null {
  const whole = sessionRecordSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const object = asObject(raw);
  if (!object) return null;
  const state = sessionStateSchema.safeParse(object.state);
  if (!state.success) return null;
  const part = <T>(schema: z.ZodType<T>, value: unknown, fallback: T): T => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : fallback;
  };
  const shape = sessionRecordSchema.shape;
  return {
    state: state.data,
    why: part(shape.why, object.why, 'recovered from a damaged state.json'),
    restarts: part(shape.restarts, object.restarts, []),
    backoffLevel: part(shape.backoffLevel, object.backoffLevel, 0),
    startedAt: part(shape.startedAt, object.startedAt, null),
    phaseIndex: part(shape.phaseIndex, object.phaseIndex, phaseIndex),
    // What was seen of its screen only matters to the next look: start that memory afresh.
    screen: part(shape.screen, object.screen, null),
    lastActiveAt: part(shape.lastActiveAt, object.lastActiveAt, null),
    unrecognisedLooks: part(shape.unrecognisedLooks, object.unrecognisedLooks, 0),
    motionIgnoredAt: part(shape.motionIgnoredAt, object.motionIgnoredAt, null),
    evidence: part(shape.evidence, object.evidence, []),
  };
}

/** The newest head the ledger knows the cursor was at, from its last ping or baseline line. */
export function ledgerCursor(events: readonly LedgerEvent[]): string | null {
  const last = events.findLast(
    (event) =>
      (event.type === 'handoff-ping' || event.type === 'handoff-baseline') &&
      typeof event.head === 'string' &&
      event.head !== '',
  );
  return last ? (last.head as string) : null;
}

/** The phase the ledger last saw the run in (a start or an advance), as an index of `phaseIds`. */
export function ledgerPhase(
  events: readonly LedgerEvent[],
  phaseIds: readonly string[],
): number | null {
  const last = events.findLast(
    (event) =>
      (event.type === 'phase-advanced' || event.type === 'watchdog-started') &&
      typeof event.phase === 'string',
  );
  if (!last) return null;
  const index = phaseIds.indexOf(last.phase as string);
  return index >= 0 ? index : null;
}

/**
 * Salvages what validates from a damaged state file's text. Pure: the ledger's recent lines and the
 * phase ids are inputs.
 */
export function salvageState(
  text: string | null,
  ledger: readonly LedgerEvent[],
  phaseIds: readonly string[],
): Salvage {
  let raw: Record<string, unknown> = {};
  if (text !== null) {
    try {
      raw = asObject(JSON.parse(text)) ?? {};
    } catch {
      raw = {}; // not JSON at all: nothing from the file
    }
  }
  const salvaged: string[] = [];
  const lost: string[] = [];
  const keep = <T>(path: string, value: T | undefined, present: boolean): T | undefined => {
    if (value !== undefined) salvaged.push(path);
    else if (present) lost.push(path);
    return value;
  };
  const fresh = initialState(0);

  let phaseFrom: Salvage['phaseFrom'] = 'default';
  const phaseParsed = stateSchema.shape.phaseIndex.safeParse(raw.phaseIndex);
  let phaseIndex = keep(
    'phaseIndex',
    phaseParsed.success ? phaseParsed.data : undefined,
    'phaseIndex' in raw,
  );
  if (phaseIndex !== undefined) phaseFrom = 'state';
  else {
    const fromLedger = ledgerPhase(ledger, phaseIds);
    if (fromLedger !== null) phaseFrom = 'ledger';
    phaseIndex = fromLedger ?? 0;
  }

  const sessions: SessionMap = {};
  const rawSessions = asObject(raw.sessions);
  if (rawSessions) {
    // Every role the file holds, not only the three default ones: a team's builder-2 or reviewer
    // inside a limit window must keep its window as the builder does.
    for (const role of Object.keys(rawSessions)) {
      if (!stateSchema.shape.sessions.unwrap().keyType.safeParse(role).success) {
        lost.push(`sessions.${role}`);
        continue;
      }
      const record = salvageSession(rawSessions[role], phaseIndex);
      if (record) {
        sessions[role] = record;
        salvaged.push(`sessions.${role}`);
      } else lost.push(`sessions.${role}`);
    }
  } else if ('sessions' in raw) lost.push('sessions');

  const rawHandoff = asObject(raw.handoff) ?? {};
  const handoffShape = stateSchema.shape.handoff.unwrap().shape;
  const lastShaParsed =
    'lastSha' in rawHandoff ? handoffShape.lastSha.safeParse(rawHandoff.lastSha) : null;
  let cursorFrom: CursorSource;
  let lastSha: string | null;
  if (lastShaParsed?.success) {
    cursorFrom = 'state';
    lastSha = lastShaParsed.data;
    salvaged.push('handoff.lastSha');
  } else {
    if (lastShaParsed) lost.push('handoff.lastSha');
    lastSha = ledgerCursor(ledger);
    cursorFrom = lastSha === null ? 'baseline' : 'ledger';
  }
  const inboxes = handoffShape.inboxes.safeParse(rawHandoff.inboxes);
  if (inboxes.success) salvaged.push('handoff.inboxes');
  else if ('inboxes' in rawHandoff) lost.push('handoff.inboxes');
  const pending: PendingPing[] = [];
  if (Array.isArray(rawHandoff.pending)) {
    rawHandoff.pending.forEach((ping: unknown, index) => {
      const parsed = pendingPingSchema.safeParse(ping);
      if (parsed.success) pending.push(parsed.data);
      else lost.push(`handoff.pending.${index}`);
    });
    if (pending.length > 0) salvaged.push('handoff.pending');
  } else if ('pending' in rawHandoff) lost.push('handoff.pending');

  const optional = <T>(key: string, schema: z.ZodType<T>, fallback: T): T => {
    if (!(key in raw)) return fallback;
    const parsed = schema.safeParse(raw[key]);
    return keep(key, parsed.success ? parsed.data : undefined, true) ?? fallback;
  };
  const shape = stateSchema.shape;

  return {
    state: {
      version: 1,
      phaseIndex,
      sequenceComplete: optional('sequenceComplete', shape.sequenceComplete, false),
      sessions,
      handoff: { lastSha, inboxes: inboxes.success ? inboxes.data : {}, pending },
      wake: optional('wake', shape.wake, fresh.wake),
      lastHeavyAt: optional('lastHeavyAt', shape.lastHeavyAt, fresh.lastHeavyAt),
      paused: optional('paused', shape.paused, fresh.paused),
      notices: optional('notices', shape.notices, fresh.notices),
    },
    salvaged,
    lost,
    cursorFrom,
    phaseFrom,
  };
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** state.json as the watchdog resumes it, with the `state-recovered` line when it was damaged. */
export function loadStateForRun(
  logDir: string,
  phaseIds: readonly string[],
  now: Date,
): { state: WatchdogState; events: LedgerEvent[] } {
  const read = readState(logDir);
  const events: LedgerEvent[] = [];
  let state: WatchdogState;
  if (read.ok) state = read.value;
  else if (read.error.reason === 'missing') state = initialState(0);
  else {
    let ledger: LedgerEvent[] = [];
    try {
      ledger = readRecentEvents(logDir, LEDGER_LOOKBACK);
    } catch {
      ledger = []; // an unreadable ledger: the cursor baselines
    }
    const salvage = salvageState(readText(statePath(logDir)), ledger, phaseIds);
    let where: string;
    try {
      where = `moved to ${quarantineState(logDir, now)}`;
    } catch (cause) {
      // A read-only log dir: it stays where it is and is replaced once the disk takes writes.
      where = `left in place (${cause instanceof Error ? cause.message : String(cause)})`;
    }
    state = salvage.state;
    const cursor =
      salvage.cursorFrom === 'state'
        ? 'handoff cursor from state.json'
        : salvage.cursorFrom === 'ledger'
          ? `handoff cursor ${String(state.handoff.lastSha).slice(0, 12)} from the ledger's last ping/baseline`
          : 'no handoff cursor: origin/main is baselined on the first look';
    events.push({
      ts: now.toISOString(),
      type: 'state-recovered',
      reason: `state.json was damaged (${read.error.detail}); ${where}; kept ${salvage.salvaged.length > 0 ? salvage.salvaged.join(', ') : 'nothing'}; ${cursor}`,
      phaseIndex: state.phaseIndex,
      phaseFrom: salvage.phaseFrom,
      salvaged: salvage.salvaged,
      lost: salvage.lost,
      cursorFrom: salvage.cursorFrom,
    });
  }
  if (phaseIds.length > 0 && state.phaseIndex >= phaseIds.length)
    state = { ...state, phaseIndex: phaseIds.length - 1 };
  return { state, events };
}
