// Restarts that keep the conversation (issue 14), as pure rules: which conversation a session is in
// (the id its signals or transcript name), whether a restart resumes it or starts fresh, and — after
// a resuming restart — whether the same conversation came back, else a fresh kickoff and a
// `conversation-lost` line saying why. The one line typed after a resume is asked for here too.
//
//   restart ──(stall / waiting-expired / dead / operator, an id recorded, RESUME_ON_RESTART)──▶ resume
//   restart ──(fatal: the conversation itself is broken, phase change, no id, resume off)──▶ fresh
//   resume ──same id seen──▶ confirmed ──line delivered──▶ done
//   resume ──other id / client exited / nothing within the stall window──▶ conversation-lost ──▶ fresh
import { traitsOf } from '../role-traits.js';
import type { Role } from '../../config/roles.js';
import type { Conversation, ResumeState } from '../conversation-state.js';
import { ageRestarts, gateRestart } from './backoff.js';
import { restartedRecord, type SessionRecord } from '../state.js';
import { seconds, toIso, toMs } from '../time.js';
import type {
  Action,
  DecideSettings,
  LedgerEvent,
  RestartReason,
  SessionObservation,
} from '../types.js';

export type FreshWhy =
  'fatal-error' | 'phase-change' | 'no-conversation-recorded' | 'resume-off' | 'conversation-lost';

export type RestartPlan =
  | { readonly kind: 'resume'; readonly conversationId: string }
  | { readonly kind: 'fresh'; readonly why: FreshWhy };

export type LostWhy = 'resume-refused' | 'different-conversation' | 'timeout';

/** Whether a restart for `reason` resumes the recorded conversation or starts fresh, and why. */
export function planRestart(
  record: Pick<SessionRecord, 'conversation'> | undefined,
  reason: RestartReason,
  resumeOnRestart: boolean,
): RestartPlan {
  if (reason === 'fatal') return { kind: 'fresh', why: 'fatal-error' };
  if (reason === 'phase') return { kind: 'fresh', why: 'phase-change' };
  if (!resumeOnRestart) return { kind: 'fresh', why: 'resume-off' };
  const id = record?.conversation?.id;
  if (id === undefined) return { kind: 'fresh', why: 'no-conversation-recorded' };
  return { kind: 'resume', conversationId: id };
}

/** The action fields a plan adds to a start-session / restart-session action. */
export function planFields(
  plan: RestartPlan,
): { readonly resume: { readonly conversationId: string } } | { readonly fresh: string } {
  return plan.kind === 'resume'
    ? { resume: { conversationId: plan.conversationId } }
    : { fresh: plan.why };
}

const BECAUSE: Record<RestartReason, string> = {
  stall: 'it sat idle past the stall limit',
  'waiting-expired': 'its WAITING-UNTIL time had passed',
  dead: 'its program had exited',
  operator: 'the operator asked for it',
  fatal: 'of a client error',
  phase: 'the phase changed',
  'needs-input-deadline': 'nobody answered its prompt in time',
};

/**
 * The one short line typed into a resumed session: why it was restarted, and to go on. Fixed words
 * per reason (never pane text), so it can never read back as a limit banner or a marker.
 */
export function continueLine(reason: RestartReason): string {
  return `launch restarted this session because ${BECAUSE[reason]}; please continue where you left off.`;
}

/** The record of a session the plan (re)starts now: the resume to watch, or a clean slate. */
export function withPlan(
  record: SessionRecord,
  plan: RestartPlan,
  reason: RestartReason,
  ts: string,
): SessionRecord {
  if (plan.kind === 'fresh') return { ...record, conversation: null, resume: null };
  const resume: ResumeState = {
    conversationId: plan.conversationId,
    reason,
    since: ts,
    line: continueLine(reason),
    lineDelivered: false,
    confirmedAt: null,
  };
  return { ...record, resume };
}

/**
 * The conversation the session's evidence names now: its signals first, its transcript second. A
 * session-end as the newest signal names the conversation that ended (the killed process's last
 * word, which may land after the restart), never one that is running.
 */
export function seenConversation(
  observation: Pick<SessionObservation, 'signals' | 'transcript'>,
): { readonly id: string; readonly from: Conversation['from'] } | null {
  const { signals, transcript } = observation;
  if (
    signals.kind === 'seen' &&
    signals.conversationId !== null &&
    signals.last.event !== 'session-end'
  )
    return { id: signals.conversationId, from: 'signals' };
  if (transcript.kind === 'seen' && transcript.conversationId !== null)
    return { id: transcript.conversationId, from: 'transcript' };
  return null;
}

export interface ConversationStep {
  /** undefined: a session never seen (its first look is the session rule's). */
  readonly record: SessionRecord | undefined;
  readonly actions: readonly Action[];
  readonly events: readonly LedgerEvent[];
  /** The step restarted the session (a lost resume): the session's other rules wait a tick. */
  readonly handled: boolean;
}

/**
 * One tick of a session's conversation: note the id its evidence names; while a resume is in
 * progress, confirm it, or give it up (client exited, another conversation, nothing within the
 * bound) for a fresh kickoff. Runs before the session's other rules.
 */
export function conversationStep(
  observation: SessionObservation,
  initial: SessionRecord | undefined,
  now: number,
  phaseIndex: number,
  settings: Pick<
    DecideSettings,
    | 'backend'
    | 'stallIdle'
    | 'opencodeStallIdle'
    | 'startupGrace'
    | 'team'
    | 'maxRestarts'
    | 'restartWindow'
    | 'restartReset'
  >,
): ConversationStep {
  if (initial === undefined) return { record: initial, actions: [], events: [], handled: false };
  const ts = toIso(now);
  const base = { ts, role: observation.role, session: observation.session };
  let record = initial;
  const events: LedgerEvent[] = [];
  const seen = observation.presence === 'running' ? seenConversation(observation) : null;
  const resume = record.resume;

  if (resume == null) {
    if (seen !== null && seen.id !== record.conversation?.id)
      record = { ...record, conversation: { id: seen.id, from: seen.from, at: ts } };
    return { record, actions: [], events, handled: false };
  }

  // Inside a usage-limit window nothing is restarted (the core invariant): the resume waits.
  const limited = record.state.kind === 'limited' || observation.reading?.limited === true;
  if (resume.confirmedAt === null) {
    const lost = limited ? null : lostWhy(observation, resume, seen, now, settings);
    if (lost === null && seen?.id === resume.conversationId) {
      events.push({
        ...base,
        type: 'conversation-resumed',
        conversationId: resume.conversationId,
        from: seen.from,
        afterSeconds: Math.round((now - toMs(resume.since)) / 1000),
      });
      record = {
        ...record,
        conversation: { id: seen.id, from: seen.from, at: ts },
        resume: { ...resume, confirmedAt: ts },
      };
    } else if (lost !== null) {
      events.push({
        ...base,
        type: 'conversation-lost',
        conversationId: resume.conversationId,
        reason: lost.why,
        detail: lost.detail,
      });
      const reason = restartReason(resume.reason);
      // The fallback is a restart like any other: crash-loop protection counts it.
      const gate = gateRestart(
        { ...ageRestarts(record, now, settings), conversation: null, resume: null },
        now,
        settings,
        reason,
        { role: observation.role, session: observation.session },
      );
      if (!gate.allowed)
        return {
          record: gate.record,
          actions: [],
          events: [...events, ...gate.events],
          handled: true,
        };
      record = gate.record;
      const why = `conversation ${resume.conversationId} did not come back (${lost.why}); starting fresh with the kickoff`;
      const action: Action = {
        kind: 'start-session',
        role: observation.role,
        reason,
        phaseIndex,
        why,
        matched: lost.matched,
        fresh: 'conversation-lost',
      };
      record = {
        ...restartedRecord(record, ts, `restarted: ${why}`, phaseIndex),
        conversation: null,
        resume: null,
      };
      return { record, actions: [action], events, handled: true };
    }
  }
  // Confirmed and the line is in: nothing more to watch.
  if (record.resume?.confirmedAt != null && record.resume.lineDelivered)
    record = { ...record, resume: null };
  return { record, actions: [], events, handled: false };
}

function lostWhy(
  observation: SessionObservation,
  resume: ResumeState,
  seen: { readonly id: string } | null,
  now: number,
  settings: Pick<
    DecideSettings,
    'backend' | 'stallIdle' | 'opencodeStallIdle' | 'startupGrace' | 'team'
  >,
): { why: LostWhy; detail: string; matched: string } | null {
  if (observation.presence !== 'running')
    return {
      why: 'resume-refused',
      detail:
        observation.presence === 'dead'
          ? 'the client exited instead of resuming it'
          : 'the session is gone',
      matched: observation.paneTail,
    };
  if (seen !== null && seen.id !== resume.conversationId)
    return {
      why: 'different-conversation',
      detail: `the client is in conversation ${seen.id}`,
      matched: '',
    };
  // The role's own stall window (its client's, or its own stallIdle): a team may mix clients.
  const bound = traitsOf(settings, observation.role).stallIdle;
  if (seen === null && now - toMs(resume.since) > seconds(bound))
    return {
      why: 'timeout',
      detail: `no signal or transcript named a conversation within ${bound}s`,
      matched: observation.paneTail,
    };
  return null;
}

const restartReason = (reason: string): RestartReason =>
  reason === 'waiting-expired' || reason === 'dead' || reason === 'operator' ? reason : 'stall';

/** States in which the line may be typed (never inside a limit window, a backoff, a fatal screen…). */
const TYPABLE: ReadonlySet<string> = new Set(['idle', 'active', 'waiting', 'unrecognised']);

/**
 * The line to type into a session resumed in an earlier tick, until it is delivered. Nothing is
 * typed into a session (re)started this tick: its restart may yet be skipped.
 */
export function resumeLineAction(
  role: Role,
  record: SessionRecord | undefined,
  observation: Pick<SessionObservation, 'presence'> | undefined,
  ts: string,
  restarting: boolean,
): Action | null {
  const resume = record?.resume;
  if (record === undefined || resume == null || resume.lineDelivered || restarting) return null;
  if (resume.since >= ts || observation?.presence !== 'running') return null;
  if (!TYPABLE.has(record.state.kind)) return null;
  return { kind: 'type', role, text: resume.line, purpose: 'resume', key: resumeKey(role, resume) };
}

export const resumeKey = (role: Role, resume: Pick<ResumeState, 'since'>): string =>
  `resume:${role}:${resume.since}`;
