// The watchdog's decision core: decide(snapshot, state, settings) → { state, actions, events }.
// Pure: no I/O, no timers, no clock but snapshot.now. Composes the small rules in rules/.
//
// Per tick: sequence complete → exit · STOP file → nothing (paused) · phase DONE → advance or finish
// · each session's rules (limit, phase, backoff, fatal, active, waiting, stall, dead) · handoffs →
// held pings → delivery · the Orchestrator's wake. Heavy-tick work (healing dead and fatal sessions)
// runs when WATCH_INTERVAL has passed since the last heavy tick.
import { NO_SIGNALS, NO_TRANSCRIPT } from '../evidence/types.js';
import type { Role } from '../config/roles.js';
import { conversationStep, resumeLineAction } from './rules/conversation.js';
import { handoffRule, pingDeliveryRule } from './rules/handoff.js';
import { limitRule } from './rules/limit.js';
import { sessionRule } from './rules/session.js';
import { withTranscriptLimit } from './rules/transcript-limit.js';
import { wakeRule } from './rules/wake.js';
import { accountQuota, type AccountQuota } from './rules/account-decide.js';
import { isParked } from './rules/account.js';
import { heartbeatRule } from './rules/heartbeat.js';
import { orchestratorRole, traitsOf } from './role-traits.js';
import { freshRecord, type SessionMap, type WatchdogState } from './state.js';
import { seconds, toIso, toMs } from './time.js';
import type {
  Action,
  Decision,
  DecideSettings,
  LedgerEvent,
  SessionObservation,
  Snapshot,
} from './types.js';

/** How a session with no tmux session looks to decide. */
export function missingSession(role: Role): SessionObservation {
  return {
    role,
    session: role,
    presence: 'missing',
    reading: null,
    inputArea: '',
    logWrittenAt: null,
    paneTail: '',
    screenHash: null,
    signals: NO_SIGNALS,
    transcript: NO_TRANSCRIPT,
  };
}

/** Records a standing problem once per change (not every tick) and clears it when it goes away. */
function notice(
  state: WatchdogState,
  key: string,
  message: string | null,
  ts: string,
  events: LedgerEvent[],
): WatchdogState {
  const previous = state.notices[key];
  if (message === null) {
    if (previous === undefined) return state;
    const { [key]: _gone, ...rest } = state.notices;
    events.push({ ts, type: `${key}-recovered`, reason: `was: ${previous}` });
    return { ...state, notices: rest };
  }
  if (previous === message) return state;
  events.push({ ts, type: key, reason: message });
  return { ...state, notices: { ...state.notices, [key]: message } };
}

export function decide(
  observed: Snapshot,
  initial: WatchdogState,
  settings: DecideSettings,
): Decision<WatchdogState> {
  // A limit the transcript shows counts like one on screen (the rules see one reading).
  const snapshot: Snapshot = { ...observed, sessions: observed.sessions.map(withTranscriptLimit) };
  const now = snapshot.now;
  const ts = toIso(now);
  const events: LedgerEvent[] = [];
  const actions: Action[] = [];
  let state = initial;

  if (state.sequenceComplete) return { state, actions: [{ kind: 'exit' }], events };

  // ── the operator's kill switch ─────────────────────────────────────────────
  if (snapshot.paused) {
    if (!state.paused)
      events.push({ ts, type: 'paused', reason: 'STOP file present: taking no action' });
    return { state: { ...state, paused: true }, actions, events };
  }
  if (state.paused) {
    events.push({ ts, type: 'resumed', reason: 'STOP file removed' });
    // Time spent paused must not count towards a stall.
    const sessions: SessionMap = {};
    for (const [role, record] of Object.entries(state.sessions) as [
      Role,
      NonNullable<SessionMap[Role]>,
    ][]) {
      sessions[role] =
        record.state.kind === 'idle' ? { ...record, state: { kind: 'idle', since: ts } } : record;
    }
    state = { ...state, paused: false, sessions };
  }

  const heavy =
    state.lastHeavyAt === null || now - toMs(state.lastHeavyAt) >= seconds(settings.watchInterval);
  if (heavy) state = { ...state, lastHeavyAt: ts };

  // ── phase DONE → advance or finish ─────────────────────────────────────────
  state = notice(
    state,
    'status-unreadable',
    snapshot.status.kind === 'unreadable'
      ? `${snapshot.status.file}: ${snapshot.status.reason}`
      : null,
    ts,
    events,
  );
  const quota = accountQuota(snapshot, settings, events);
  if (snapshot.status.kind === 'done') return finishPhase(snapshot, state, settings, events, quota);

  // ── each session ───────────────────────────────────────────────────────────
  const sessions: SessionMap = { ...state.sessions };
  const heartbeats = { ...(state.heartbeats ?? {}) };
  for (const role of settings.roles) {
    const observation =
      snapshot.sessions.find((candidate) => candidate.role === role) ?? missingSession(role);
    // The conversation first: its id noted, a resume confirmed or given up (issue 14).
    const conversation = conversationStep(
      observation,
      sessions[role],
      now,
      state.phaseIndex,
      settings,
    );
    actions.push(...conversation.actions);
    events.push(...conversation.events);
    if (conversation.handled && conversation.record) {
      sessions[role] = conversation.record;
      continue;
    }
    const context = {
      observation,
      record: conversation.record,
      now,
      heavy,
      phaseIndex: state.phaseIndex,
      settings,
    };
    // One quota per account: the shared window may park it before its own rules run.
    const outcome = quota
      ? quota.rule(role, context, () => sessionRule(context))
      : sessionRule(context);
    // The heartbeat's word comes before the session rule's: "stale" before any stall reboot.
    const beat = heartbeatRule(
      observation,
      heartbeats[role],
      traitsOf(settings, role),
      now,
      outcome.actions.some(
        (action) => action.kind === 'restart-session' && action.reason === 'stall',
      ),
    );
    if (beat.heartbeat) heartbeats[role] = beat.heartbeat;
    events.push(...beat.events);
    sessions[role] = outcome.record;
    actions.push(...outcome.actions);
    events.push(...outcome.events);
  }
  // Kept only once some role has a heartbeat (a team without `staleAfter` keeps today's state).
  state = {
    ...state,
    sessions,
    ...(state.heartbeats || Object.keys(heartbeats).length > 0 ? { heartbeats } : {}),
  };
  const restarting = new Set(
    actions.flatMap((action) =>
      action.kind === 'start-session' || action.kind === 'restart-session' ? [action.role] : [],
    ),
  );
  for (const role of settings.roles) {
    const line = resumeLineAction(
      role,
      sessions[role],
      snapshot.sessions.find((candidate) => candidate.role === role),
      ts,
      restarting.has(role),
    );
    if (line) actions.push(line);
  }

  // ── handoffs ───────────────────────────────────────────────────────────────
  state = notice(
    state,
    'git-failed',
    snapshot.git?.kind === 'failed' ? snapshot.git.detail : null,
    ts,
    events,
  );
  const handoff = handoffRule(snapshot.git, state.handoff, now, settings.roles, settings.routes);
  events.push(...handoff.events);
  state = { ...state, handoff: handoff.handoff };
  actions.push(...pingDeliveryRule(state.handoff.pending, state.sessions, restarting));

  // ── the Orchestrator's scheduled wake ──────────────────────────────────────
  const orchestrator = orchestratorRole(settings);
  const wake = wakeRule(
    state.wake,
    snapshot.sessions.find((candidate) => candidate.role === orchestrator),
    state.sessions[orchestrator],
    snapshot.wakeText,
    now,
    settings,
    restarting.has(orchestrator),
    orchestrator,
  );
  state = { ...state, wake: wake.wake };
  actions.push(...wake.actions);
  events.push(...wake.events);

  return { state, actions, events };
}

/**
 * The current phase is DONE. Not the last: move to the next phase and restart the Builder and the
 * Adversary with its kickoff — except a limited one, which keeps its window and is restarted into
 * the new phase once it lifts. The Orchestrator supervises the whole sequence and keeps running (as
 * in the original launcher). The last: stop everything, write SEQUENCE-COMPLETE, exit.
 */
function finishPhase(
  snapshot: Snapshot,
  state: WatchdogState,
  settings: DecideSettings,
  events: LedgerEvent[],
  quota: AccountQuota | null,
): Decision<WatchdogState> {
  const ts = toIso(snapshot.now);
  const from = state.phaseIndex;
  const fromId = settings.phaseIds[from] ?? String(from + 1);
  const next = from + 1;
  const actions: Action[] = [];

  if (next >= settings.phaseIds.length) {
    events.push({ ts, type: 'sequence-complete', phase: fromId, phases: [...settings.phaseIds] });
    const sessions: SessionMap = {};
    for (const role of settings.roles) {
      actions.push({ kind: 'stop-session', role });
      const record = state.sessions[role];
      sessions[role] = record
        ? { ...record, state: { kind: 'stopped', since: ts }, why: 'sequence complete' }
        : freshRecord({ kind: 'stopped', since: ts }, 'sequence complete', null, from);
    }
    actions.push(
      { kind: 'write-sequence-complete', phaseIds: settings.phaseIds },
      { kind: 'exit' },
    );
    return { state: { ...state, sequenceComplete: true, sessions }, actions, events };
  }

  const toId = settings.phaseIds[next] ?? String(next + 1);
  events.push({
    ts,
    type: 'phase-advanced',
    from: fromId,
    to: toId,
    phase: toId,
    index: next,
    file: snapshot.status.file,
  });
  const sessions: SessionMap = {};
  for (const role of settings.roles) {
    if (traitsOf(settings, role).kind === 'orchestrator') {
      const orchestrator = state.sessions[role];
      if (orchestrator) sessions[role] = { ...orchestrator, phaseIndex: next };
      continue;
    }
    const record =
      state.sessions[role] ?? freshRecord({ kind: 'idle', since: ts }, 'found running', null, from);
    const observation = snapshot.sessions.find((candidate) => candidate.role === role);
    // Never killed inside its window (already armed, or limited right now): it moves to the new
    // phase when the window lifts.
    const limit = observation
      ? limitRule(observation, record.state, snapshot.now, settings)
      : ({ kind: 'clear' } as const);
    if (isParked(record) || quota?.parks(role)) {
      // Parked for its account's window: restarted into the new phase once it resumes.
      sessions[role] = record;
      events.push({ ts, type: 'phase-start-held', role, reason: 'parked for its account' });
      continue;
    }
    if (limit.kind === 'hold') {
      sessions[role] = { ...record, state: limit.state };
      events.push(...limit.events, {
        ts,
        type: 'phase-start-held',
        role,
        reason: 'inside a usage-limit window',
      });
      continue;
    }
    actions.push({
      kind: 'start-session',
      role,
      reason: 'phase',
      phaseIndex: next,
      why: `phase ${fromId} DONE → ${toId}`,
      matched: '',
      fresh: 'phase-change',
    });
    sessions[role] = freshRecord(
      { kind: 'idle', since: ts },
      `started for phase ${toId}`,
      ts,
      next,
    );
  }
  return {
    state: {
      ...state,
      phaseIndex: next,
      sessions,
      // Reset the handoff memory — but baseline at the head this tick saw, not at the next look:
      // a claim pushed between the advance and the next fetch belongs to the new phase.
      handoff: {
        lastSha: snapshot.git?.kind === 'ok' ? snapshot.git.head : null,
        inboxes: {},
        pending: [],
      },
    },
    actions,
    events,
  };
}
