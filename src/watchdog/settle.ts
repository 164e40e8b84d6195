// Folds what act reports back into the state: a typing handed to the delivery queue is recorded as
// started (the intent), delivered pings leave the queue, a failed one is retried (and dropped after
// a few tries; one cancelled by a restart is simply held), a delivered wake resets the timer,
// (re)starts and skipped restarts are recorded. Every delivery line carries its key. Pure, like decide; emits the ledger lines for the facts.
import type { Role } from '../config/roles.js';
import { pingKey, pingReason } from './rules/handoff.js';
import { settleResumeLine, startedConversation } from './resume-settle.js';
import type { SessionMap, WatchdogState } from './state.js';
import { toIso } from './time.js';
import type { LedgerEvent, Outcome, TypePurpose } from './types.js';

/** What a delivery-started line gives as its reason when it is not a ping (a ping gives its cause). */
const PURPOSE_REASON: Record<TypePurpose, string> = {
  ping: 'ping',
  wake: 'scheduled wake',
  probe: 'limit probe',
  resume: 'the line after a resumed restart',
};

const CANCELLED_REASON: Record<TypePurpose, string> = {
  ping: 'held; sent again when the session takes input',
  wake: 'the wake stays due; sent again when the Orchestrator takes input',
  probe: 'the next window end probes again',
  resume: 'typed again when the session takes input',
};

/** The cause a ping key was made from (pingKey: `ping:<role>:<since, ISO-8601>:<cause>`). */
export function causeOfPingKey(key: string): string | null {
  const match = /^ping:[a-z]+:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z:/.exec(key);
  return match ? key.slice(match[0].length) : null;
}

/** A ping that fails this many times is dropped (the reader's next kickoff or ping covers it). */
export const MAX_PING_ATTEMPTS = 3;

export function settle(
  initial: WatchdogState,
  outcomes: readonly Outcome[],
  now: number,
): { state: WatchdogState; events: LedgerEvent[] } {
  const ts = toIso(now);
  const events: LedgerEvent[] = [];
  let state = initial;
  const sessions: SessionMap = { ...state.sessions };

  for (const outcome of outcomes) {
    switch (outcome.kind) {
      case 'queued': {
        // The intent, recorded (and the state persisted) before any typing starts: a watchdog killed
        // mid-delivery finds it without an outcome on restart (see delivery-recovery.ts).
        const ping =
          outcome.purpose === 'ping'
            ? state.handoff.pending.find((candidate) => pingKey(candidate) === outcome.key)
            : undefined;
        events.push({
          ts,
          type: 'delivery-started',
          role: outcome.role,
          purpose: outcome.purpose,
          key: outcome.key,
          reason: ping?.cause ?? PURPOSE_REASON[outcome.purpose],
          detail: outcome.detail,
        });
        break;
      }
      case 'typed': {
        const base = {
          ts,
          role: outcome.role,
          purpose: outcome.purpose,
          key: outcome.key,
          detail: outcome.detail,
          ...(outcome.confirmedBy ? { confirmedBy: outcome.confirmedBy } : {}),
        };
        if (outcome.cancelled && !outcome.delivered) {
          // Not the reader's fault (its session was killed or restarted, or the watchdog stopped): a
          // ping stays held as it was and a wake stays due, both typed again when the session takes
          // input; no attempt is counted.
          events.push({
            ...base,
            type: 'delivery-cancelled',
            reason: CANCELLED_REASON[outcome.purpose],
          });
          break;
        }
        if (outcome.purpose === 'ping') {
          const ping = state.handoff.pending.find(
            (candidate) => pingKey(candidate) === outcome.key,
          );
          if (ping === undefined) {
            // Typed in the background while something else let go of the held ping (a phase
            // change): a delivered ping still gets its ledger line.
            if (outcome.delivered)
              events.push({
                ...base,
                type: 'handoff-ping',
                reason: causeOfPingKey(outcome.key) ?? 'a ping no longer held',
              });
            break;
          }
          let pending = state.handoff.pending.filter((candidate) => candidate !== ping);
          if (outcome.delivered) {
            // `head`: the cursor when it went out, where a lost state.json resumes (state-salvage.ts).
            events.push({
              ...base,
              type: 'handoff-ping',
              reason: pingReason(ping),
              ...(state.handoff.lastSha ? { head: state.handoff.lastSha } : {}),
            });
          } else {
            const attempts = ping.attempts + 1;
            events.push({
              ...base,
              type: 'message-not-delivered',
              reason: pingReason(ping),
              attempt: attempts,
            });
            if (attempts < MAX_PING_ATTEMPTS) pending = [...pending, { ...ping, attempts }];
            else
              events.push({
                ts,
                type: 'ping-dropped',
                role: outcome.role,
                key: outcome.key,
                reason: `${ping.cause}: not delivered after ${attempts} attempts`,
              });
          }
          state = { ...state, handoff: { ...state.handoff, pending } };
        } else if (outcome.purpose === 'wake') {
          if (outcome.delivered) {
            const limited = sessions.orchestrator?.state.kind === 'limited';
            events.push({
              ...base,
              type: 'orchestrator-woken',
              ...(limited ? { reason: 'inside a limit window (fallback)' } : {}),
            });
            state = { ...state, wake: { lastAt: ts } };
          } else {
            events.push({
              ...base,
              type: 'message-not-delivered',
              reason: 'scheduled wake; retried next tick',
            });
          }
        } else if (outcome.purpose === 'resume') {
          const folded = settleResumeLine(sessions[outcome.role], outcome, base);
          sessions[outcome.role] = folded.record;
          events.push(...folded.events);
        } else if (outcome.delivered) {
          events.push({ ...base, type: 'probe-delivered', reason: 'limit probe' });
        } else {
          events.push({
            ...base,
            type: 'message-not-delivered',
            reason: 'limit probe; the next window end tries again',
          });
        }
        break;
      }
      case 'started': {
        const base = {
          ts,
          role: outcome.role,
          reason: outcome.reason,
          why: outcome.why,
          ...(outcome.matched ? { matched: outcome.matched } : {}),
          ...(outcome.evidence ? { evidence: outcome.evidence } : {}),
          // A dead pane: what its program said and returned before it went.
          ...(outcome.exit
            ? {
                exitStatus: outcome.exit.status,
                ...(outcome.exit.signal ? { exitSignal: outcome.exit.signal } : {}),
                lastWords: outcome.exit.lastWords,
              }
            : {}),
        };
        if (outcome.ok) {
          events.push({
            ...base,
            type: outcome.reason === 'phase' ? 'session-started' : 'session-restarted',
            detail: outcome.detail,
            ...startedConversation(outcome),
          });
        } else {
          events.push({ ...base, type: 'session-start-failed', detail: outcome.detail });
          const record = sessions[outcome.role];
          if (record)
            sessions[outcome.role] = {
              ...record,
              state: { kind: 'dead', since: ts },
              why: `start failed: ${outcome.detail}`,
            };
        }
        break;
      }
      case 'account-not-published':
        events.push({
          ts,
          type: 'account-not-published',
          role: outcome.role,
          reason: outcome.detail,
        });
        break;
      case 'answered': {
        const base = {
          ts,
          role: outcome.role,
          who: outcome.who,
          what: outcome.answer,
          question: outcome.prompt.question,
          waitedSeconds: outcome.waitedSeconds,
          detail: outcome.detail,
        };
        if (!outcome.delivered) {
          events.push({ ...base, type: 'answer-not-delivered', reason: outcome.detail });
          break;
        }
        events.push({ ...base, type: 'input-answered', reason: `answered by ${outcome.who}` });
        const record = sessions[outcome.role];
        // The prompt is gone: the idle clock starts now, and held pings go out on the next tick.
        if (record?.state.kind === 'needs-input')
          sessions[outcome.role] = {
            ...record,
            state: { kind: 'idle', since: ts },
            why: `answered by ${outcome.who}: ${outcome.answer}`,
          };
        break;
      }
      case 'restart-skipped': {
        events.push({
          ts,
          type: 'restart-skipped',
          role: outcome.role,
          reason: `the pane showed it ${outcome.because === 'gone' ? 'had gone' : `was ${outcome.because}`} when re-checked`,
          ...(outcome.matched ? { matched: outcome.matched } : {}),
        });
        const record = sessions[outcome.role];
        if (record) {
          // It was not restarted after all: undo the bookkeeping decide did for the restart.
          sessions[outcome.role] = {
            ...record,
            restarts: record.restarts.slice(0, -1),
            state:
              outcome.because === 'working'
                ? { kind: 'active', since: ts }
                : { kind: 'idle', since: ts },
            why: `restart skipped: ${outcome.because}`,
            // Not restarted: no resume to watch (its conversation is noted again from its evidence).
            resume: null,
          };
        }
        break;
      }
    }
  }
  return { state: { ...state, sessions }, events };
}

export const rolesOf = (outcomes: readonly Outcome[]): Role[] => [
  ...new Set(outcomes.map((outcome) => outcome.role)),
];
