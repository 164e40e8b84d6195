// The data that flows through one watchdog tick: what observe saw, what decide asks act to do, what
// act reports back, and the ledger events every step emits.
import type { Settings } from '../config/fields.js';
import type { Role } from '../config/roles.js';
import type { StatusReading } from '../phases/status-file.js';
import type { SignalEvidence, TranscriptEvidence } from '../evidence/types.js';
import type { PaneReading } from '../screen/types.js';
import type { PromptReading } from '../screen/prompt.js';
import type { AnswerSource, HeldPrompt } from './needs-input-state.js';
import type { InboxName } from './messages.js';
import type { PaneExit } from './pane-exit.js';
import type { AccountObservation, QuotaSettings } from './rules/account.js';
import type { AccountChange } from '../fleet/account-window.js';
import type { TeamFacts } from './role-traits.js';

export interface SessionObservation {
  readonly role: Role;
  readonly session: string;
  /** running: a live pane; dead: the pane's program exited (kept for inspection); missing: no session. */
  readonly presence: 'running' | 'dead' | 'missing';
  /** The dialect's reading of the pane; null unless running. */
  readonly reading: PaneReading | null;
  /** The bottom lines where typed-but-unsubmitted text sits (the probe dedupe looks here only). */
  readonly inputArea: string;
  /** Last write to the session's pane log, ms since the epoch (opencode's activity allowance). */
  readonly logWrittenAt: number | null;
  /** The last non-blank lines of the pane (for a dead pane, its last words), for the ledger. */
  readonly paneTail: string;
  /** A hash of the pane's content (cursor excluded); null unless running. Motion = it changed. */
  readonly screenHash: string | null;
  /** A dead pane's exit status and last words (pane-exit.ts). */
  readonly exit?: PaneExit;
  /** The agent's own signals (hooks, notify programs, server events). */
  readonly signals: SignalEvidence;
  /** The dialect's prompt reading: a question waiting for a person; null or absent: none. */
  readonly prompt?: PromptReading | null;
  /** The agent's transcript file. */
  readonly transcript: TranscriptEvidence;
  /** Last commit in the role's clone (its reflog's mtime, ms); absent or null: unknown. */
  readonly commitAt?: number | null;
}

export interface Commit {
  readonly sha: string;
  readonly subject: string;
}

export type GitObservation =
  | {
      readonly kind: 'ok';
      /** origin/main after the fetch. */
      readonly head: string;
      /** Commits after the cursor, oldest first; null when there was no cursor or git no longer knows it. */
      readonly newCommits: readonly Commit[] | null;
      /** Hash of each INBOX file on origin/main (machine-docs/ first); null when absent. */
      readonly inboxes: Readonly<Record<InboxName, string | null>>;
    }
  | { readonly kind: 'failed'; readonly detail: string };

export interface Snapshot {
  /** ms since the epoch. */
  readonly now: number;
  readonly sessions: readonly SessionObservation[];
  /** null when git was not looked at this tick. */
  readonly git: GitObservation | null;
  /** The current phase's status file. */
  readonly status: StatusReading;
  /** <log-dir>/STOP exists: the operator's kill switch. */
  readonly paused: boolean;
  /** The Orchestrator's wake prompt as it will be typed; null when the file is missing. */
  readonly wakeText: string | null;
  /** The shared windows of the accounts this run's sessions spend (absent: not looked at). */
  readonly accounts?: readonly AccountObservation[];
}

/** The settings decide reads, plus facts about this run. */
export type DecideSettings = Pick<
  Settings,
  | 'backend'
  | 'signalInterval'
  | 'watchInterval'
  | 'orchWakeInterval'
  | 'stallIdle'
  | 'stallGrace'
  | 'limitProbeFallback'
  | 'limitResetSlack'
  | 'opencodeStallIdle'
  | 'opencodeLogGrace'
  | 'maxRestarts'
  | 'restartWindow'
  | 'restartReset'
  | 'motionBound'
  | 'unrecognisedAfter'
  | 'resumeOnRestart'
> &
  /** What to do when an agent waits for a person; absent: the defaults (see needs-input-policy.ts). */
  Partial<Pick<Settings, 'needsInput'>> & {
    /** Seconds the client takes to draw its first screen: no reading counts against it before. */
    readonly startupGrace: number;
    /** `<client> --version` as the watchdog found it at start, for the unrecognised notice. */
    readonly clientVersion: string | null;
    /** Roles this run watches (the Orchestrator only when enabled). */
    readonly roles: readonly Role[];
    readonly phaseIds: readonly string[];
    /** Shared account quota (who this run is, each role's account); absent: every session on its own. */
    readonly quota?: QuotaSettings;
  } & TeamFacts;

/** `operator`: asked for over the HTTP API (see operator.ts). */
export type RestartReason =
  'stall' | 'waiting-expired' | 'fatal' | 'dead' | 'phase' | 'operator' | 'needs-input-deadline';
/** `resume`: the one line typed into a session restarted with its conversation (issue 14). */
export type TypePurpose = 'ping' | 'probe' | 'wake' | 'resume';

/** Why a (re)start was asked for, carried through act into the ledger. */
interface Because {
  readonly why: string;
  /** The pane text that decided it. */
  readonly matched: string;
  /** Each source of evidence behind it (`screen`, `motion`, `signals`, …), for the ledger. */
  readonly evidence?: Readonly<Record<string, string>>;
  /** A dead pane's exit status and last words, for the ledger (`exitStatus`, `lastWords`). */
  readonly exit?: PaneExit;
  /** Start the client resuming this conversation (see rules/conversation.ts); absent: fresh. */
  readonly resume?: { readonly conversationId: string };
  /** Why a (re)start is fresh (kickoff) rather than resumed, for the ledger. */
  readonly fresh?: string;
}

export type Action =
  /** (Re)start the role's session at the current phase; kills a running one first. */
  | ({
      readonly kind: 'start-session';
      readonly role: Role;
      readonly reason: RestartReason;
      readonly phaseIndex: number;
    } & Because)
  /**
   * Kill and restart a running session. Act re-reads the pane first and skips the restart if the
   * session is working or limited by then (a healthy session is never rebooted mid-turn).
   */
  | ({
      readonly kind: 'restart-session';
      readonly role: Role;
      readonly reason: 'stall' | 'waiting-expired' | 'fatal' | 'needs-input-deadline';
      readonly phaseIndex: number;
    } & Because)
  /** Answer the prompt the session waits at (see agents/answer-prompt.ts): nothing else is typed. */
  | {
      readonly kind: 'answer';
      readonly role: Role;
      /** An option number or text. */
      readonly answer: string;
      readonly who: AnswerSource;
      readonly prompt: HeldPrompt;
      /** Seconds the agent had waited when the answer was asked for. */
      readonly waitedSeconds: number;
    }
  | { readonly kind: 'stop-session'; readonly role: Role }
  | {
      readonly kind: 'type';
      readonly role: Role;
      readonly text: string;
      readonly purpose: TypePurpose;
      readonly key: string;
    }
  /** Press the submit key for text already typed (a probe left in the input area): never type it twice. */
  | {
      readonly kind: 'submit';
      readonly role: Role;
      readonly text: string;
      readonly purpose: TypePurpose;
      readonly key: string;
    }
  | { readonly kind: 'write-sequence-complete'; readonly phaseIds: readonly string[] }
  /** Publish one session's change to its account's shared window (account-quota.ts). */
  | {
      readonly kind: 'account-update';
      readonly role: Role;
      readonly account: { readonly key: string; readonly label: string };
      readonly change: AccountChange;
    }
  | { readonly kind: 'exit' };

export type Outcome =
  | {
      readonly kind: 'typed';
      readonly role: Role;
      readonly purpose: TypePurpose;
      readonly key: string;
      readonly delivered: boolean;
      readonly detail: string;
      /** What confirmed a delivered text (see agents/deliver.ts). */
      readonly confirmedBy?: 'screen' | 'signal';
      /** Dropped unfinished: the session was killed or restarted, or the watchdog stopped. */
      readonly cancelled?: boolean;
    }
  /** Handed to the session's delivery queue (typed in the background, settled at a later tick). */
  | {
      readonly kind: 'queued';
      readonly role: Role;
      readonly purpose: TypePurpose;
      readonly key: string;
      /** Deliveries of this session ahead of it in its queue. */
      readonly behind: number;
      readonly detail: string;
    }
  | ({
      readonly kind: 'started';
      readonly role: Role;
      readonly reason: RestartReason;
      readonly ok: boolean;
      readonly detail: string;
    } & Because)
  /** An account window change that could not be written (the ledger says so). */
  | { readonly kind: 'account-not-published'; readonly role: Role; readonly detail: string }
  | {
      readonly kind: 'answered';
      readonly role: Role;
      readonly answer: string;
      readonly who: AnswerSource;
      readonly prompt: HeldPrompt;
      readonly waitedSeconds: number;
      /** The prompt left the screen (or moved on to another question) after the keys. */
      readonly delivered: boolean;
      /** The keys sent and what the screen showed after them. */
      readonly detail: string;
    }
  | {
      readonly kind: 'restart-skipped';
      readonly role: Role;
      readonly because: 'working' | 'limited' | 'gone';
      readonly matched: string | null;
    };

/** One line of <log-dir>/events.jsonl. */
export interface LedgerEvent {
  readonly ts: string;
  readonly type: string;
  readonly role?: Role;
  readonly session?: string;
  readonly from?: string;
  readonly to?: string;
  readonly reason?: string;
  /** The pane text that decided it. */
  readonly matched?: string;
  readonly [key: string]: unknown;
}

export interface Decision<S> {
  readonly state: S;
  readonly actions: readonly Action[];
  readonly events: readonly LedgerEvent[];
}
