// One quota per account (issue 16): the sessions that spend the same account share one limit window
// across every run on the machine. Pure: the window comes in the snapshot (account-observer.ts) and
// every change to it goes out as an `account-update` action.
//
//   another session on the account is limited ──► parked: `limited` until the window's end, nothing
//        typed, no stall reboot, no probe of its own (pings held as in any limit window)
//   the probe owner's window ends ──► ONE probe (by the owner; a session whose owner's watchdog is
//        gone takes the probe over) ──► still limited: the window moves on
//                                   └─► lifted: the parked sessions resume one every gap seconds,
//                                       in the order they were parked (a session showing its own
//                                       banner gets a short resume line, the others their held pings)
import type { Role } from '../../config/roles.js';
import type { AccountIdentity } from '../../fleet/account-identity.js';
import {
  sameSession,
  type AccountChange,
  type AccountWindow,
  type Holder,
} from '../../fleet/account-window.js';
import { probeText } from '../messages.js';
import { freshRecord, type SessionRecord, type SessionState } from '../state.js';
import { seconds, toIso, toMs } from '../time.js';
import type { Action, DecideSettings, LedgerEvent, SessionObservation } from '../types.js';
import type { SessionOutcome } from './session.js';

/** Who this run is and which account each of its roles spends. */
export interface QuotaSettings {
  /** The run: its log dir (unique on the machine), its name for people, its watchdog's pid. */
  readonly self: Omit<Holder, 'role'>;
  readonly accounts: Partial<Record<Role, AccountIdentity>>;
  /** Seconds between two sessions resuming after a lift (ACCOUNT_RESUME_GAP). */
  readonly resumeGap: number;
}

/** What the observer saw of one account's shared window. */
export interface AccountObservation {
  readonly key: string;
  readonly label: string;
  readonly window: AccountWindow | null;
  /** The probe owner's watchdog is alive (always true for this run's own sessions). */
  readonly ownerAlive: boolean;
  /** The file was garbage and was moved aside this look (the ledger says so once). */
  readonly movedAside: {
    readonly file: string;
    readonly to: string;
    readonly reason: string;
  } | null;
}

export interface AccountContext {
  readonly identity: AccountIdentity;
  readonly who: Holder;
  readonly window: AccountWindow | null;
  readonly ownerAlive: boolean;
  readonly resumeGap: number;
  readonly settings: Pick<DecideSettings, 'limitProbeFallback'>;
}

export interface AccountOutcome extends SessionOutcome {
  readonly changes: readonly AccountChange[];
}

type Limited = Extract<SessionState, { kind: 'limited' }>;

/** Parked for an account window (not a window of its own). */
export function isParked(record: SessionRecord | undefined): boolean {
  return record?.state.kind === 'limited' && record.state.account !== undefined;
}

const ownLimited = (record: SessionRecord | undefined): boolean =>
  record?.state.kind === 'limited' && record.state.account === undefined;

const holderName = (holder: Holder): string => `${holder.name}:${holder.role}`;

function clockOf(iso: string): string {
  return iso.slice(11, 19);
}

/**
 * The account's say before the session's own rules: parked, resumed, or the owner's probe.
 * null: the session's own rules decide (then `accountFollow`).
 */
export function accountHold(
  context: AccountContext,
  observation: SessionObservation,
  record: SessionRecord | undefined,
  now: number,
  phaseIndex: number,
): AccountOutcome | null {
  // A dead or missing session is healed by its own rules (it comes back parked).
  if (observation.presence !== 'running' || observation.reading === null) return null;
  const { window, who, identity } = context;
  const nowIso = toIso(now);
  const base = { ts: nowIso, role: observation.role, session: observation.session };
  const label = identity.label;

  const park = (
    until: string,
    why: string,
    events: LedgerEvent[] = [],
    changes: AccountChange[] = [],
    actions: Action[] = [],
  ): AccountOutcome => {
    const previous = record?.state;
    const reading = observation.reading;
    const state: Limited = {
      kind: 'limited',
      since: previous?.kind === 'limited' ? previous.since : nowIso,
      until,
      resetAt: window?.resetAt ?? null,
      probes: 0,
      banner: reading?.limited && reading.matched ? reading.matched : (window?.banner ?? ''),
      account: label,
    };
    // A session this watchdog meets parked (adopted at start) is on the current phase.
    const start = record ?? freshRecord(state, why, null, phaseIndex);
    return { record: { ...start, state, why }, actions, events, changes };
  };

  const resume = (reason: string, changes: AccountChange[]): AccountOutcome => {
    const reading = observation.reading;
    const ownBanner = reading !== null && reading.limited && !reading.active;
    const actions: Action[] = [];
    let state: SessionState;
    if (ownBanner) {
      // Its own banner is still up: a short resume line, and its own (quiet) window until it reacts.
      const text = probeText(observation.role);
      actions.push({
        kind: 'type',
        role: observation.role,
        text,
        purpose: 'probe',
        key: `resume:${observation.role}:${nowIso}`,
      });
      state = {
        kind: 'limited',
        since: nowIso,
        until: toIso(now + seconds(context.settings.limitProbeFallback)),
        resetAt: null,
        probes: 1,
        banner: reading.matched ?? '',
      };
    } else {
      state = reading?.active ? { kind: 'active', since: nowIso } : { kind: 'idle', since: nowIso };
    }
    const outcome = park(nowIso, '', [], changes, actions);
    return {
      ...outcome,
      record: { ...outcome.record, state, why: `account ${label}: ${reason}` },
      events: [
        {
          ...base,
          type: 'account-resumed',
          account: label,
          from: 'limited',
          to: state.kind,
          line: ownBanner,
          reason,
        },
      ],
    };
  };

  if (window === null) return isParked(record) ? resume('its window is gone: resumed', []) : null;

  if (window.state === 'lifted') {
    const slots = window.resume;
    const index = slots.findIndex((entry) => sameSession(entry, who));
    const slot = slots[index];
    if (slot === undefined || slot.done)
      return isParked(record) ? resume('window lifted: resumed', []) : null;
    if (now < toMs(slot.at)) {
      return park(
        slot.at,
        `account ${label} lifted at ${clockOf(window.liftedAt ?? nowIso)}; resumes at ${clockOf(slot.at)} (${index + 1} of ${slots.length}, one every ${context.resumeGap}s)`,
      );
    }
    return resume(`window lifted: resumed (${index + 1} of ${slots.length})`, [
      { kind: 'resumed' },
    ]);
  }

  // ── limited ──
  const owner = window.probe.owner;
  if (sameSession(owner, who)) {
    // The owner with a window of its own follows its own limit rule (accountFollow publishes it);
    // a banner on screen arms one.
    const reading = observation.reading;
    if (ownLimited(record) || (reading.limited && !reading.active)) return null;
    // The owner with no banner of its own (it took the probe over, or was restarted): quiet until the
    // window's end, then the one probe.
    if (now < toMs(window.until))
      return park(
        window.until,
        `account ${label} limited; this session sends its probe at ${clockOf(window.until)}`,
      );
    const probes = window.probe.probes + 1;
    const until = toIso(now + seconds(context.settings.limitProbeFallback));
    const text = probeText(observation.role);
    const state: Limited = {
      kind: 'limited',
      since: nowIso,
      until,
      resetAt: null,
      probes,
      banner: window.banner,
    };
    const parkedOutcome = park(until, '');
    return {
      record: { ...parkedOutcome.record, state, why: `account ${label}: probe ${probes} sent` },
      actions: [
        {
          kind: 'type',
          role: observation.role,
          text,
          purpose: 'probe',
          key: `probe:${observation.role}:${probes}`,
        },
      ],
      events: [
        {
          ...base,
          type: 'limit-probe',
          probe: probes,
          reason: `account ${label}: window ended ${window.until}`,
          matched: window.banner,
        },
        {
          ...base,
          type: 'account-probe',
          account: label,
          probe: probes,
          parked: window.parked.length,
        },
      ],
      changes: [{ kind: 'probe', until, resetAt: null, probes, banner: window.banner }],
    };
  }

  const events: LedgerEvent[] = [];
  const changes: AccountChange[] = [];
  if (!context.ownerAlive) {
    changes.push({ kind: 'take-probe', from: { run: owner.run, role: owner.role } });
    events.push({
      ...base,
      type: 'account-probe-taken',
      account: label,
      from: holderName(owner),
      reason: `the watchdog of ${holderName(owner)} (pid ${owner.pid}) is gone: this session sends the account's probe`,
    });
  } else if (!window.parked.some((entry) => sameSession(entry, who))) {
    changes.push({ kind: 'park' });
  }
  if (!isParked(record)) {
    events.push({
      ...base,
      type: 'account-parked',
      account: label,
      by: holderName(owner),
      from: record?.state.kind ?? 'unknown',
      to: 'limited',
      until: window.until,
      reason: `account ${label} limited by ${holderName(owner)}: no typing, no stall reboot, no probe of its own`,
    });
  }
  return park(window.until, `account ${label} limited by ${holderName(owner)}`, events, changes);
}

/** After the session's own rules: publish a limit it armed, the owner's probes and its lift. */
export function accountFollow(
  context: AccountContext,
  observation: SessionObservation,
  before: SessionRecord | undefined,
  outcome: SessionOutcome,
  now: number,
): AccountOutcome {
  const { window, who, identity } = context;
  const state = outcome.record.state;
  const events: LedgerEvent[] = [];
  const changes: AccountChange[] = [];
  const base = {
    ts: toIso(now),
    role: observation.role,
    session: observation.session,
    account: identity.label,
  };
  const armed = outcome.events.some((event) => event.type === 'limit-armed');
  const owns =
    window !== null && window.state === 'limited' && sameSession(window.probe.owner, who);

  if (armed && state.kind === 'limited') {
    changes.push({ kind: 'arm', until: state.until, resetAt: state.resetAt, banner: state.banner });
    if (!owns)
      events.push({
        ...base,
        type: 'account-armed',
        until: state.until,
        reason: `the account's other sessions are parked until this one's probe`,
      });
  } else if (owns && ownLimited(before)) {
    if (state.kind === 'limited') {
      if (
        state.until !== window.until ||
        state.probes !== window.probe.probes ||
        state.resetAt !== window.resetAt
      )
        changes.push({
          kind: 'probe',
          until: state.until,
          resetAt: state.resetAt,
          probes: state.probes,
          banner: state.banner,
        });
      if (outcome.events.some((event) => event.type === 'limit-probe'))
        events.push({
          ...base,
          type: 'account-probe',
          probe: state.probes,
          parked: window.parked.length,
        });
    } else {
      changes.push({ kind: 'lift', gapSeconds: context.resumeGap });
      events.push({
        ...base,
        type: 'account-lifted',
        order: window.parked.map(holderName),
        gap: context.resumeGap,
        reason:
          window.parked.length === 0
            ? 'the probe worked'
            : `the probe worked: ${window.parked.length} parked session(s) resume one every ${context.resumeGap}s`,
      });
    }
  }
  return {
    ...outcome,
    events: [...outcome.events, ...events],
    changes,
  };
}
