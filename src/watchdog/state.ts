// The watchdog's durable state (<log-dir>/state.json): phase, per-session state machines, crash-loop
// history, the handoff cursor, held pings and the wake timer. Checked by zod when read.
//
// Per-session state (kinds are the states `launch status` reports):
//
//     (start) ──► idle ◄──────────────► active            working marker seen / gone
//                  │  ▲                   │
//      WAITING-UNTIL  │ marker gone       │ banner, no marker
//                  ▼  │                   ▼
//                waiting ──banner──► limited ──probe──► limited (re-armed) … ──marker/banner gone──► idle
//                  │                    (never killed or restarted inside the window)
//     stall / waiting expired / fatal ──► restart ──► idle        (or ──► backoff when crash-looping)
//     pane gone ──► dead ──heavy tick──► start ──► idle
//     phase done / sequence complete ──► stopped
//     a prompt for a person on screen (or a permission signal) ──► needs-input ──prompt gone──► idle
//       (never stall-rebooted or pinged; auto-answered, answered at its deadline or restarted by policy)
//     no dialect reads the screen (a few looks, past start-up) and no signal says ──► unrecognised
//       (never stall-rebooted while its screen moves or its signals say working; rebooted when
//       every source has been idle for the stall window)
import { z } from 'zod';
import type { Role } from '../config/roles.js';
import { conversationFields } from './conversation-state.js';

/** A role's name as the state file keeps it (any team: roles are data). */
const roleNameSchema = z.string().regex(/^[A-Za-z0-9_-]+$/);
import { needsInputStateSchema } from './needs-input-state.js';

const iso = z.string();

export const sessionStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('idle'), since: iso }),
  z.object({ kind: z.literal('active'), since: iso }),
  z.object({ kind: z.literal('waiting'), since: iso, until: iso }),
  z.object({
    kind: z.literal('limited'),
    since: iso,
    /** When the next probe is due: parsed reset + slack, or the flat fallback. */
    until: iso,
    /** The bare reset the banner gave, when it parsed; null for the flat probe loop. */
    resetAt: iso.nullable(),
    probes: z.number().int().nonnegative(),
    banner: z.string(),
    /** Parked for its account's shared window (the label); absent: its own window. */
    account: z.string().optional(),
  }),
  z.object({ kind: z.literal('backoff'), since: iso, until: iso, reason: z.string() }),
  z.object({ kind: z.literal('fatal'), since: iso, matched: z.string() }),
  z.object({ kind: z.literal('dead'), since: iso }),
  z.object({ kind: z.literal('stopped'), since: iso }),
  /** No dialect reads its screen and no signal says what it does: watched on the other evidence. */
  z.object({ kind: z.literal('unrecognised'), since: iso }),
  /** Waits for a person (see rules/needs-input.ts): never stall-rebooted, never pinged. */
  needsInputStateSchema,
]);
export type SessionState = z.infer<typeof sessionStateSchema>;
export type SessionKind = SessionState['kind'];

export const SESSION_KINDS = [
  'active',
  'idle',
  'waiting',
  'limited',
  'backoff',
  'fatal',
  'dead',
  'stopped',
  'unrecognised',
  'needs-input',
] as const;

/** One source of evidence as last weighed, for `launch status` and the dashboard. */
const evidenceItemSchema = z.object({
  source: z.enum(['screen', 'motion', 'signals', 'transcript', 'log']),
  verdict: z.enum(['working', 'idle', 'asking', 'unknown', 'absent']),
  /** When this source last showed work (ISO); null: never, or absent. */
  workAt: iso.nullable(),
  detail: z.string(),
});
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;

export const sessionRecordSchema = z.object({
  state: sessionStateSchema,
  /** Why it is in this state (the last transition's reason), for `launch status`. */
  why: z.string(),
  /** Restart times inside the crash-loop window. */
  restarts: z.array(iso),
  /** 0 = not backing off; n = the n-th backoff step. */
  backoffLevel: z.number().int().nonnegative(),
  /** When the session was last (re)started. */
  startedAt: iso.nullable(),
  /** The phase its kickoff was for; a running session of another phase is restarted into this one. */
  phaseIndex: z.number().int().nonnegative(),
  /** Screen motion: the last screen's hash and when it last changed. */
  screen: z.object({ hash: z.string(), changedAt: iso }).nullable().default(null),
  /** When the dialect last read it working (its marker on screen). */
  lastActiveAt: iso.nullable().default(null),
  /** Looks in a row at a screen no dialect recognised (0 once one does). */
  unrecognisedLooks: z.number().int().nonnegative().default(0),
  /** When motion alone was last reported as not work (the bound passed); null: not now. */
  motionIgnoredAt: iso.nullable().default(null),
  /** Each source as last weighed. */
  evidence: z.array(evidenceItemSchema).default([]),
  ...conversationFields,
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

export const pendingPingSchema = z.object({
  role: roleNameSchema,
  text: z.string(),
  /** What caused it (claim / review / inbox file), for the ledger. */
  cause: z.string(),
  since: iso,
  attempts: z.number().int().nonnegative(),
  /** Later handoffs this same ping answers (one ping tells the reader to pull them all). */
  also: z.array(z.string()).default([]),
});
export type PendingPing = z.infer<typeof pendingPingSchema>;

export const heartbeatSchema = z.object({
  lastSignAt: iso,
  /** The screen as last seen (a change is a sign of life). */
  hash: z.string().nullable(),
  staleSince: iso.nullable(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

export const stateSchema = z.object({
  version: z.literal(1),
  phaseIndex: z.number().int().nonnegative(),
  sequenceComplete: z.boolean().default(false),
  sessions: z.partialRecord(roleNameSchema, sessionRecordSchema).default({}),
  handoff: z
    .object({
      /** Last origin/main sha seen; null = baseline on the next fetch (first start, phase change). */
      lastSha: z.string().nullable(),
      /** Hash of each INBOX file as last seen on origin/main (absent = not there). */
      inboxes: z.record(z.string(), z.string()),
      /** Pings held for a session that is limited, dead or not yet ready. */
      pending: z.array(pendingPingSchema),
    })
    .default({ lastSha: null, inboxes: {}, pending: [] }),
  wake: z
    .object({
      /** Last delivered (or, at start, the start time: the first wake comes a full interval later). */
      lastAt: iso.nullable(),
    })
    .default({ lastAt: null }),
  /** Last heavy tick (phase/heal pass); null = due now. */
  lastHeavyAt: iso.nullable().default(null),
  paused: z.boolean().default(false),
  /** Standing problems (git failing, status file unreadable): logged when they appear or change. */
  notices: z.record(z.string(), z.string()).default({}),
  /** Per-role heartbeat (roles with `staleAfter`): last sign of life, and since when it is stale. */
  heartbeats: z.partialRecord(roleNameSchema, heartbeatSchema).optional(),
});
export type WatchdogState = z.infer<typeof stateSchema>;

export function initialState(phaseIndex = 0): WatchdogState {
  return {
    version: 1,
    phaseIndex,
    sequenceComplete: false,
    sessions: {},
    handoff: { lastSha: null, inboxes: {}, pending: [] },
    wake: { lastAt: null },
    lastHeavyAt: null,
    paused: false,
    notices: {},
  };
}

/** What was seen of a session's process (its screen, its markers): nothing, for a new one. */
const NEW_PROCESS = {
  screen: null,
  lastActiveAt: null,
  unrecognisedLooks: 0,
  motionIgnoredAt: null,
  evidence: [],
} as const satisfies Partial<SessionRecord>;

export function freshRecord(
  state: SessionState,
  why: string,
  startedAt: string | null,
  phaseIndex: number,
): SessionRecord {
  return {
    state,
    why,
    restarts: [],
    backoffLevel: 0,
    startedAt,
    phaseIndex,
    ...NEW_PROCESS,
    conversation: null,
    resume: null,
  };
}

export type SessionMap = Partial<Record<Role, SessionRecord>>;

/**
 * The record of a session just (re)started: idle from now, on this phase — and a new process, so
 * nothing seen of the old one (its screen, its markers) counts for the new one.
 */
export function restartedRecord(
  record: SessionRecord,
  ts: string,
  why: string,
  phaseIndex: number,
): SessionRecord {
  return {
    ...record,
    state: { kind: 'idle', since: ts },
    why,
    startedAt: ts,
    phaseIndex,
    ...NEW_PROCESS,
  };
}
