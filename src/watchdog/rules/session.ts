// One session's rules for one tick (SPEC "Behaviour" 5, 7, 8, 9): limit window first (it overrides
// every other rule), then phase mismatch, fatal → restart (heavy ticks), working → active, a
// declared WAITING-UNTIL → waiting (restart only past until + grace), otherwise the idle clock runs
// and a stall restarts it; a dead or missing session is started again on heavy ticks. Restarts go
// through the crash-loop gate; the Orchestrator is never stall-restarted (it idles between wakes).
import { unreachable } from '../../util/result.js';
import { freshRecord, restartedRecord, type SessionRecord, type SessionState } from '../state.js';
import { seconds, toIso, toMs } from '../time.js';
import type { Action, DecideSettings, LedgerEvent, SessionObservation } from '../types.js';
import { ageRestarts, gateRestart } from './backoff.js';
import { planFields, planRestart, withPlan } from './conversation.js';
import { evidenceSummary, weighEvidence } from './evidence.js';
import { exitWhy, type PaneExit } from '../pane-exit.js';
import { limitRule } from './limit.js';
import { traitsOf } from '../role-traits.js';
import { needsInputRule, promptClearedEvent, promptOf } from './needs-input.js';

export interface SessionContext {
  readonly observation: SessionObservation;
  /** undefined: never seen (first tick of this watchdog for a session `launch start` made). */
  readonly record: SessionRecord | undefined;
  readonly now: number;
  readonly heavy: boolean;
  readonly phaseIndex: number;
  readonly settings: DecideSettings;
}

export interface SessionOutcome {
  readonly record: SessionRecord;
  readonly actions: readonly Action[];
  readonly events: readonly LedgerEvent[];
}

/** Text of the pane that explains a decision, kept short for the ledger. */
export function shortMatched(text: string | null | undefined, max = 240): string {
  const line = (text ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function sessionRule(context: SessionContext): SessionOutcome {
  const { observation, now, settings } = context;
  // This role's client and how it is watched (teams mix clients; the default is one for all).
  const traits = traitsOf(settings, observation.role);
  const orchestrator = traits.kind === 'orchestrator';
  const nowIso = toIso(now);
  const base = { role: observation.role, session: observation.session };
  const adopted = context.record === undefined;
  const start =
    context.record ??
    freshRecord({ kind: 'idle', since: nowIso }, 'found running', null, context.phaseIndex);
  let record = ageRestarts(start, now, settings);
  const events: LedgerEvent[] = [];
  const actions: Action[] = [];

  /** Moves to `state`, logging a transition when the kind changes. */
  const become = (state: SessionState, why: string, matched?: string | null): void => {
    const from = adopted ? 'unknown' : record.state.kind;
    if (from !== state.kind) {
      events.push({
        ts: nowIso,
        type: 'session-state',
        ...base,
        from,
        to: state.kind,
        reason: why,
        ...(matched ? { matched: shortMatched(matched) } : {}),
      });
    }
    record = { ...record, state, why };
  };

  /** Asks for a restart through the crash-loop gate. */
  const restart = (
    reason: 'stall' | 'waiting-expired' | 'fatal' | 'dead' | 'needs-input-deadline',
    why: string,
    matched: string | null,
    evidence?: Readonly<Record<string, string>>,
    exit?: PaneExit,
  ): void => {
    const gate = gateRestart(record, now, settings, reason, base);
    record = gate.record;
    if (!gate.allowed) {
      events.push(...gate.events);
      return;
    }
    const phaseIndex = context.phaseIndex;
    // With its conversation when one is recorded (issue 14); a fatal error starts fresh.
    const plan = planRestart(record, reason, settings.resumeOnRestart);
    const detail = {
      why,
      matched: shortMatched(matched),
      ...(evidence ? { evidence } : {}),
      ...(exit ? { exit } : {}),
      ...planFields(plan),
    };
    actions.push(
      reason === 'dead'
        ? { kind: 'start-session', role: observation.role, reason, phaseIndex, ...detail }
        : { kind: 'restart-session', role: observation.role, reason, phaseIndex, ...detail },
    );
    record = withPlan(
      restartedRecord(record, nowIso, `restarted: ${why}`, phaseIndex),
      plan,
      reason,
      nowIso,
    );
  };

  // ── not running ────────────────────────────────────────────────────────────
  if (observation.presence !== 'running') {
    const exit = observation.presence === 'dead' ? observation.exit : undefined;
    const why = observation.presence === 'dead' ? exitWhy(exit) : 'session gone';
    if (record.state.kind === 'backoff') {
      if (now >= toMs(record.state.until))
        restart('dead', why, observation.paneTail, undefined, exit);
      return { record, actions, events };
    }
    if (record.state.kind !== 'dead')
      become({ kind: 'dead', since: nowIso }, why, observation.paneTail);
    if (context.heavy) restart('dead', why, observation.paneTail, undefined, exit);
    return { record, actions, events };
  }
  const reading = observation.reading;
  if (reading === null) return { record, actions, events };

  // ── evidence: every source weighed, the screen memory (motion) kept on every path ──
  const baseline =
    record.state.kind === 'idle' || record.state.kind === 'unrecognised'
      ? toMs(record.state.since)
      : now;
  const weighed = weighEvidence(observation, record, baseline, now, {
    stallSeconds: traits.stallIdle,
    motionBound: settings.motionBound,
    signalInterval: settings.signalInterval,
  });
  const inStartup =
    record.startedAt !== null && now - toMs(record.startedAt) < seconds(traits.startupGrace);
  const unrecognisedLooks = reading.recognised || inStartup ? 0 : record.unrecognisedLooks + 1;
  record = {
    ...record,
    screen: weighed.screen,
    lastActiveAt: reading.active ? nowIso : record.lastActiveAt,
    unrecognisedLooks,
    evidence: [...weighed.items],
  };
  if (weighed.motionIgnored && record.motionIgnoredAt === null) {
    events.push({
      ts: nowIso,
      type: 'motion-ignored',
      ...base,
      reason: `its screen keeps changing but nothing else has shown work for ${settings.motionBound} stall windows: the motion is not counted as work`,
      evidence: evidenceSummary(weighed.items),
      matched: shortMatched(observation.paneTail),
    });
    record = { ...record, motionIgnoredAt: nowIso };
  } else if (!weighed.motionIgnored && record.motionIgnoredAt !== null) {
    record = { ...record, motionIgnoredAt: null };
  }

  // ── usage limit: overrides everything else ─────────────────────────────────
  const limit = limitRule(observation, record.state, now, settings);
  if (limit.kind === 'hold') {
    record = { ...record, state: limit.state, why: limitWhy(limit.state) };
    return { record, actions: limit.actions, events: [...events, ...limit.events] };
  }
  if (limit.kind === 'lifted') {
    events.push(...limit.events);
    // The idle clock starts fresh when a window lifts.
    record = {
      ...record,
      state: reading.active ? { kind: 'active', since: nowIso } : { kind: 'idle', since: nowIso },
      why: reading.active ? 'working again after the limit' : 'limit banner gone',
    };
    return { record, actions, events };
  }

  // ── a session still on another phase's kickoff (e.g. held back by a limit at the advance);
  //    the Orchestrator spans phases ──
  if (record.phaseIndex !== context.phaseIndex && orchestrator) {
    record = { ...record, phaseIndex: context.phaseIndex };
  } else if (record.phaseIndex !== context.phaseIndex && !adopted) {
    const why = `still on phase ${settings.phaseIds[record.phaseIndex] ?? record.phaseIndex + 1}`;
    actions.push({
      kind: 'start-session',
      role: observation.role,
      reason: 'phase',
      phaseIndex: context.phaseIndex,
      why,
      matched: '',
      fresh: 'phase-change',
    });
    record = {
      ...restartedRecord(record, nowIso, 'started for the current phase', context.phaseIndex),
      conversation: null,
      resume: null,
    };
    return { record, actions, events };
  }

  // ── backing off after a crash loop: wait, unless it recovered by itself ────
  if (record.state.kind === 'backoff') {
    if (reading.active)
      become({ kind: 'active', since: nowIso }, 'working again during backoff', reading.matched);
    else if (now >= toMs(record.state.until))
      restart(
        restartReasonOf(record.state.reason),
        'backoff over, still not working',
        reading.matched ?? observation.paneTail,
      );
    return { record, actions, events };
  }

  // ── fatal client error ─────────────────────────────────────────────────────
  if (reading.fatal && !reading.active) {
    if (record.state.kind !== 'fatal') {
      become(
        { kind: 'fatal', since: nowIso, matched: shortMatched(reading.matched) },
        'fatal client error',
        reading.matched,
      );
    }
    if (context.heavy) restart('fatal', 'fatal client error', reading.matched);
    return { record, actions, events };
  }

  // ── a prompt waiting for a person: held (never stall-rebooted, never pinged) ──
  const prompt = reading.active ? null : promptOf(observation);
  if (prompt !== null) {
    const held = needsInputRule({
      role: observation.role,
      session: observation.session,
      state: record.state,
      prompt,
      now,
      settings,
      phaseIndex: context.phaseIndex,
    });
    if (held.state !== record.state) become(held.state, held.why, observation.paneTail);
    record = { ...record, state: held.state, why: held.why };
    events.push(...held.events);
    actions.push(...held.actions);
    if (held.restart !== null) restart('needs-input-deadline', held.restart, observation.paneTail);
    return { record, actions, events };
  }
  if (record.state.kind === 'needs-input') {
    // Answered in the terminal, or the client moved on: the idle clock starts from now.
    events.push(promptClearedEvent(observation.role, observation.session, record.state, now));
    become(
      reading.active ? { kind: 'active', since: nowIso } : { kind: 'idle', since: nowIso },
      'the prompt was answered',
    );
    if (!reading.active) return { record, actions, events };
  }

  // ── working ────────────────────────────────────────────────────────────────
  if (reading.active) {
    if (record.state.kind !== 'active')
      become({ kind: 'active', since: nowIso }, 'working', reading.matched);
    return { record, actions, events };
  }

  // ── declared wait: honoured until until + STALL_GRACE ──────────────────────
  if (reading.waitingUntil !== null) {
    const until = toMs(reading.waitingUntil);
    if (now > until + seconds(settings.stallGrace) && !orchestrator && traits.watched) {
      const late = Math.round((now - until) / 1000);
      restart(
        'waiting-expired',
        `past its WAITING-UNTIL ${reading.waitingUntil} by ${late}s`,
        reading.matched,
      );
      return { record, actions, events };
    }
    if (record.state.kind !== 'waiting') {
      become(
        { kind: 'waiting', since: nowIso, until: reading.waitingUntil },
        `declared WAITING-UNTIL ${reading.waitingUntil}`,
        reading.matched,
      );
    } else if (record.state.until !== reading.waitingUntil) {
      // A new declaration: worth a line, it is the answer to "why is it idle?".
      events.push({
        ts: nowIso,
        type: 'session-state',
        ...base,
        from: 'waiting',
        to: 'waiting',
        reason: `declared a new WAITING-UNTIL ${reading.waitingUntil}`,
        ...(reading.matched ? { matched: shortMatched(reading.matched) } : {}),
      });
      record = {
        ...record,
        state: { ...record.state, until: reading.waitingUntil },
        why: `declared WAITING-UNTIL ${reading.waitingUntil}`,
      };
    }
    return { record, actions, events };
  }

  // ── the agent's own signals say a turn is running (its screen may not show it) ──
  if (weighed.signalsWorking) {
    const detail = weighed.items.find((item) => item.source === 'signals')?.detail ?? 'working';
    if (record.state.kind !== 'active')
      become(
        { kind: 'active', since: nowIso },
        `signals: ${detail}${reading.recognised ? '' : ' (screen not recognised)'}`,
      );
    return { record, actions, events };
  }

  // ── no dialect reads its screen, and no signal says the turn is over ──────
  const threshold = traits.stallIdle;
  if (unrecognisedLooks >= settings.unrecognisedAfter && !weighed.signalsIdle) {
    if (record.state.kind !== 'unrecognised') {
      const client = `${traits.backend}${settings.clientVersion ? ` ${settings.clientVersion}` : ''}`;
      // An idle clock already running keeps running: not being able to read it is no sign of work.
      become(
        {
          kind: 'unrecognised',
          since: record.state.kind === 'idle' ? record.state.since : nowIso,
        },
        `no dialect recognises its screen (${client}); watched on motion, signals and transcript`,
        observation.paneTail,
      );
      events.push({
        ts: nowIso,
        type: 'session-unrecognised',
        ...base,
        client: traits.backend,
        version: settings.clientVersion,
        reason: `no reader of launch recognises the screen of ${client} after ${unrecognisedLooks} looks: it is never stall-rebooted while its screen moves or its signals say working`,
        evidence: evidenceSummary(weighed.items),
        matched: shortMatched(observation.paneTail),
      });
    }
    stallCheck(threshold);
    return { record, actions, events };
  }

  // ── idle: the stall clock ──────────────────────────────────────────────────
  const loggedRecently =
    traits.backend === 'opencode' &&
    observation.logWrittenAt !== null &&
    now - observation.logWrittenAt <= seconds(settings.opencodeLogGrace);
  const since = record.state.kind === 'idle' && !loggedRecently ? record.state.since : nowIso;
  const idleWhy = loggedRecently
    ? 'no marker, but its log was written recently'
    : weighed.signalsIdle
      ? `turn complete (${weighed.items.find((item) => item.source === 'signals')?.detail ?? 'stop signal'})`
      : 'no working marker';
  if (record.state.kind !== 'idle') {
    become({ kind: 'idle', since }, idleWhy);
  } else if (since !== record.state.since) {
    record = {
      ...record,
      state: { kind: 'idle', since },
      why: 'no marker, but its log was written recently',
    };
  }
  stallCheck(threshold);
  return { record, actions, events };

  /**
   * Reboots a session that every source agrees has done nothing for the whole stall window (its
   * screen static, no signal, no transcript write); never the Orchestrator, which idles by design,
   * nor a role configured `watched: false`.
   */
  function stallCheck(thresholdSeconds: number): void {
    if (orchestrator || !traits.watched) return;
    const idleSince = Math.max(weighed.lastWorkAt, toMs(record.state.since));
    const idleSeconds = (now - idleSince) / 1000;
    if (idleSeconds < thresholdSeconds) return;
    const sources = weighed.items
      .filter((item) => item.verdict !== 'absent')
      .map((item) => `${item.source} ${item.detail}`)
      .join('; ');
    restart(
      'stall',
      `idle ${Math.round(idleSeconds)}s with no WAITING-UNTIL marker (${sources})`,
      observation.paneTail,
      evidenceSummary(weighed.items),
    );
  }
}

function restartReasonOf(reason: string): 'stall' | 'waiting-expired' | 'fatal' | 'dead' {
  return reason === 'waiting-expired' || reason === 'fatal' || reason === 'dead' ? reason : 'stall';
}

function limitWhy(state: Extract<SessionState, { kind: 'limited' }>): string {
  const parts = [
    state.resetAt ? `resets ${state.resetAt}` : 'reset time unknown',
    `probe at ${state.until}`,
  ];
  if (state.probes > 0) parts.push(`${state.probes} probe${state.probes === 1 ? '' : 's'} sent`);
  return parts.join(', ');
}

/** For exhaustiveness checks elsewhere: every kind a session can be in. */
export function describeKind(state: SessionState): string {
  switch (state.kind) {
    case 'active':
    case 'idle':
    case 'waiting':
    case 'limited':
    case 'backoff':
    case 'fatal':
    case 'dead':
    case 'stopped':
    case 'unrecognised':
    case 'needs-input':
      return state.kind;
    default:
      return unreachable(state);
  }
}
