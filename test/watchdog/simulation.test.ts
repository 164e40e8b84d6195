// A simulated week of the watchdog's decision core against a scripted world: agents that work, idle,
// declare waits (and sometimes miss them), hit usage limits with and without parsable reset times,
// wedge on fatal errors, crash (in bursts, to exercise the crash-loop backoff), push claims and
// reviews, edit INBOX files, and write DONE. A fake clock; invariants checked after every step.
import {
  NO_SIGNALS,
  type SignalEvidence,
  type TranscriptEvidence,
} from '../../src/evidence/types.js';
import { describe, expect, it } from 'vitest';
import type { DefaultRole as Role } from '../../src/config/roles.js';
import type { PaneReading } from '../../src/screen/types.js';
import { decide, missingSession } from '../../src/watchdog/decide.js';
import {
  INBOXES,
  PING_CLAIM,
  PING_REVIEW,
  probeText,
  typedPrefix,
} from '../../src/watchdog/messages.js';
import { BACKOFF_STEPS_SECONDS } from '../../src/watchdog/rules/backoff.js';
import { applyAccountChange, type AccountWindow } from '../../src/fleet/account-window.js';
import { isParked, type QuotaSettings } from '../../src/watchdog/rules/account.js';
import { settle } from '../../src/watchdog/settle.js';
import { initialState, type WatchdogState } from '../../src/watchdog/state.js';
import type {
  Action,
  DecideSettings,
  GitObservation,
  LedgerEvent,
  Outcome,
  SessionObservation,
} from '../../src/watchdog/types.js';
import type { PromptReading } from '../../src/screen/prompt.js';
import { SETTINGS, T0, iso, reading } from './fixtures.js';

/** mulberry32: a small seeded PRNG so every run of a seed is the same week. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mode = 'working' | 'idle' | 'waiting' | 'limited' | 'fatal' | 'needs-input';

/** The prompts a week's agents stop at (real Claude Code 2.1.197 wording; see TEXTS.md). */
const PROMPTS: readonly PromptReading[] = [
  {
    kind: 'permission',
    question: 'Do you want to proceed?',
    options: ['Yes', 'No, and tell Claude what to do differently'],
    selected: 1,
  },
  {
    kind: 'trust',
    question: 'Quick safety check: Is this a project you created or one you trust?',
    options: ['Yes, I trust this folder', 'No, exit'],
    selected: 1,
  },
  {
    kind: 'selection',
    question: 'What do you want to do?',
    options: ['Stop and wait for limit to reset', 'Upgrade your plan'],
    selected: 1,
  },
  {
    kind: 'auth',
    question: 'Select login method:',
    options: ['Claude account with subscription', 'Anthropic Console account'],
    selected: 1,
  },
];

interface Proc {
  alive: boolean;
  mode: Mode;
  /** When the current mode changes by itself (working → next thing, waiting → self-wake). */
  modeUntil: number;
  waitingUntil: number;
  /** Whether the agent will really wake at its WAITING-UNTIL (some miss it: the watchdog must act). */
  selfWakes: boolean;
  /** The reset the banner prints, and whether the screen layer could parse it. */
  resetAt: number;
  resetParsed: boolean;
  inputBox: string;
  /** Which start of this role it is: a new process draws a new screen. */
  id: number;
  /** Its client draws a screen no dialect knows (a new release): the dialect never sees it work. */
  unknownScreen: boolean;
  /** Its client's hooks fire (tool starts while working, a Stop when a turn ends). */
  signals: boolean;
  /** A clock blinks in its footer: the screen changes every look, working or not. */
  blinks: boolean;
  /** When its last stretch of work ended (the Stop signal, the last transcript write). */
  workEndedAt: number;
  /** needs-input: the prompt on its screen, and when a person answers it in the terminal. */
  prompt: PromptReading | null;
  answerAt: number;
}

/** One account several runs spend: its shared window file and when the provider lets it work again. */
interface SharedAccount {
  window: AccountWindow | null;
  limitedUntil: number;
}
const ACCOUNT = { key: 'claude:/home/sim/.claude', label: 'claude:~/.claude' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

class World {
  readonly random: () => number;
  readonly promptRandom: () => number;
  now = T0;
  procs: Record<Role, Proc>;
  /** Usage limit per role's account: a fresh session started before this hits the limit again. */
  limitedUntil: Record<Role, number> = { builder: 0, adversary: 0, orchestrator: 0 };
  commits: { sha: string; subject: string; at: number }[] = [
    { sha: 'c0', subject: 'init', at: T0 },
  ];
  inboxes: Record<string, string | null> = { 'ADVERSARY-INBOX.md': null, 'BUILDER-INBOX.md': null };
  phaseIndex = 0;
  doneWritten = 0;
  statusDone = false;
  /** A crash-prone period: every start dies at once (exercises backoff). */
  crashBurstUntil = 0;
  sequenceComplete = false;
  exited = false;
  // What was delivered, for the exactly-once checks.
  delivered: { role: Role; text: string; at: number }[] = [];
  starts: Record<Role, number[]> = { builder: [], adversary: [], orchestrator: [] };
  answers: { role: Role; who: string; at: number }[] = [];
  /** Each role's last screen and when it last changed (the invariant on motion). */
  screens: Record<Role, { hash: string; changedAt: number }> = {
    builder: { hash: '', changedAt: T0 },
    adversary: { hash: '', changedAt: T0 },
    orchestrator: { hash: '', changedAt: T0 },
  };
  private nextId = 0;
  /** Its sessions' account: shared with another run's world, or its own. */
  readonly account: SharedAccount;
  readonly shared: boolean;

  constructor(
    seed: number,
    readonly run = 'solo',
    shared?: SharedAccount,
  ) {
    this.account = shared ?? { window: null, limitedUntil: 0 };
    this.shared = shared !== undefined;
    this.random = prng(seed);
    this.promptRandom = prng(seed + 1);
    this.procs = {
      builder: this.fresh(),
      adversary: this.fresh(),
      orchestrator: this.fresh('idle'),
    };
  }

  between(lo: number, hi: number): number {
    return lo + this.random() * (hi - lo);
  }

  fresh(mode: Mode = 'working'): Proc {
    return {
      alive: true,
      mode,
      modeUntil: this.now + this.between(MINUTE, 20 * MINUTE),
      waitingUntil: 0,
      selfWakes: true,
      resetAt: 0,
      resetParsed: true,
      inputBox: '',
      id: (this.nextId += 1),
      unknownScreen: this.random() < 0.2,
      signals: this.random() < 0.6,
      blinks: this.random() < 0.1,
      workEndedAt: this.now,
      prompt: null,
      answerAt: 0,
    };
  }

  start(role: Role, reason: string): void {
    // Phase starts are not restarts: the crash-loop bound is about restarts.
    if (reason !== 'phase') this.starts[role].push(this.now);
    const proc = this.fresh(role === 'orchestrator' ? 'idle' : 'working');
    if (this.now < this.crashBurstUntil && role !== 'orchestrator') proc.alive = false;
    const limitedUntil = Math.max(
      this.limitedUntil[role],
      this.shared ? this.account.limitedUntil : 0,
    );
    if (this.now < limitedUntil) {
      proc.mode = 'limited';
      proc.resetAt = limitedUntil;
      proc.resetParsed = this.random() < 0.7;
    }
    this.procs[role] = proc;
  }

  sha(): string {
    return `c${this.commits.length}`;
  }

  push(subject: string): void {
    this.commits.push({ sha: this.sha(), subject, at: this.now });
  }

  /** The world moves on by itself between ticks. */
  advance(ms: number): void {
    this.now += ms;
    if (this.random() < 0.0004)
      this.crashBurstUntil = this.now + this.between(10 * MINUTE, 90 * MINUTE);
    for (const role of ['builder', 'adversary', 'orchestrator'] as const) this.live(role);
    if (this.random() < 0.003) {
      const inbox = INBOXES[Math.floor(this.random() * INBOXES.length)]?.file ?? 'BUILDER-INBOX.md';
      this.inboxes[inbox] = this.random() < 0.3 ? null : `h${Math.floor(this.random() * 1e9)}`;
      this.push(`docs: ${inbox}`);
    }
  }

  live(role: Role): void {
    const proc = this.procs[role];
    if (!proc.alive) return;
    if (role === 'orchestrator') {
      if (proc.mode === 'working' && this.now >= proc.modeUntil) proc.mode = 'idle';
      return;
    }
    if (proc.mode === 'needs-input' && this.now >= proc.answerAt) {
      // A person answered it in the terminal.
      proc.mode = 'working';
      proc.prompt = null;
      proc.modeUntil = this.now + this.between(MINUTE, 20 * MINUTE);
    }
    if (proc.mode === 'waiting' && this.now >= proc.waitingUntil && proc.selfWakes) {
      proc.mode = 'working';
      proc.modeUntil = this.now + this.between(MINUTE, 20 * MINUTE);
    }
    // On a shared account, a session working while another hit the limit hits it at its next request.
    if (this.accountLimited() && proc.mode === 'working' && this.random() < 0.05) {
      this.hitAccountLimit(proc);
      return;
    }
    if (proc.mode !== 'working' || this.now < proc.modeUntil) return;
    // A stretch of work ended: what next?
    if (role === 'builder' && this.random() < 0.5)
      this.push(`claim(g${this.commits.length}): ready`);
    if (role === 'adversary' && this.random() < 0.5)
      this.push(`review(g${this.commits.length}): PASS`);
    if (this.random() < 0.2) this.push('wip: progress');
    if (role === 'builder' && !this.statusDone && this.random() < 0.08) {
      this.statusDone = true;
      this.doneWritten += 1;
    }
    const next = this.random();
    proc.modeUntil = this.now + this.between(MINUTE, 20 * MINUTE);
    if (next >= 0.45) proc.workEndedAt = this.now;
    if (next < 0.45) proc.mode = 'working';
    else if (next < 0.56)
      proc.mode = 'idle'; // stuck: only a reboot helps
    else if (next < 0.6) {
      // At a prompt for a person, who answers within minutes or hours (a login: hours). Its own
      // random stream, so the rest of the week unfolds as before.
      proc.mode = 'needs-input';
      proc.prompt = PROMPTS[Math.floor(this.promptRandom() * PROMPTS.length)] ?? null;
      proc.answerAt =
        this.now +
        (proc.prompt?.kind === 'auth'
          ? 2 * HOUR + this.promptRandom() * 6 * HOUR
          : 5 * MINUTE + this.promptRandom() * 3 * HOUR);
    } else if (next < 0.8) {
      proc.mode = 'waiting';
      proc.waitingUntil = this.now + this.between(5 * MINUTE, 90 * MINUTE);
      proc.selfWakes = this.random() < 0.7;
    } else if (next < 0.93) {
      proc.mode = 'limited';
      proc.resetAt = this.now + this.between(10 * MINUTE, 5 * HOUR);
      proc.resetParsed = this.random() < 0.7;
      this.limitedUntil[role] = proc.resetAt;
      if (this.shared)
        this.account.limitedUntil = Math.max(this.account.limitedUntil, proc.resetAt);
    } else if (next < 0.97) proc.mode = 'fatal';
    else proc.alive = false;
  }

  accountLimited(): boolean {
    return this.shared && this.now < this.account.limitedUntil;
  }

  hitAccountLimit(proc: Proc): void {
    proc.mode = 'limited';
    proc.resetAt = this.account.limitedUntil;
    proc.resetParsed = this.random() < 0.7;
  }

  reading(role: Role): PaneReading {
    const proc = this.procs[role];
    // A screen no dialect knows: its spinner is not seen, nor is its prompt (banners and markers are
    // words on the screen, still read).
    const known = { recognised: !proc.unknownScreen };
    switch (proc.mode) {
      case 'working':
        return proc.unknownScreen
          ? reading(known)
          : reading({ active: true, matched: '✻ Working… (esc to interrupt)' });
      case 'idle':
        return reading(known);
      case 'waiting':
        return reading({
          ...known,
          waitingUntil: iso(proc.waitingUntil),
          matched: `WAITING-UNTIL: ${iso(proc.waitingUntil)}`,
        });
      case 'limited':
        // The screen layer reports a reset only when it parsed and lies ahead (a stale time-of-day rolls past 6 h).
        return reading({
          ...known,
          limited: true,
          resetAt: proc.resetParsed && proc.resetAt > this.now ? iso(proc.resetAt) : null,
          matched: 'Limit reached · resets 3pm',
        });
      case 'fatal':
        return reading({ ...known, fatal: true, matched: 'thinking blocks cannot be modified' });
      case 'needs-input':
        return reading(known);
    }
  }

  observe(role: Role): SessionObservation {
    const proc = this.procs[role];
    if (!proc.alive) return missingSession(role);
    return {
      role,
      session: role,
      presence: 'running',
      reading: this.reading(role),
      inputArea: `> ${proc.inputBox}`,
      logWrittenAt: null,
      paneTail: '',
      screenHash: this.screen(role),
      prompt: proc.mode === 'needs-input' ? proc.prompt : null,
      signals: this.signals(proc),
      transcript: this.transcript(proc),
    };
  }

  /** A spinner animates while working; a blinking footer clock changes every look; else static. */
  screen(role: Role): string {
    const proc = this.procs[role];
    const moving = proc.mode === 'working' || proc.blinks;
    const hash = `${proc.id}:${proc.mode}:${proc.inputBox}${moving ? `:${this.now}` : ''}`;
    const last = this.screens[role];
    if (last.hash !== hash) this.screens[role] = { hash, changedAt: this.now };
    return hash;
  }

  signals(proc: Proc): SignalEvidence {
    if (!proc.signals) return NO_SIGNALS;
    const working = proc.mode === 'working';
    return {
      kind: 'seen',
      last: working
        ? { event: 'tool-start', at: this.now }
        : { event: 'stop', at: proc.workEndedAt },
      lastWorkAt: working ? this.now : proc.workEndedAt - 1000,
      lastStopAt: working ? null : proc.workEndedAt,
      lastPromptAt: null,
      asking: null,
      conversationId: `conv-${proc.id}`,
      transcriptPath: null,
    };
  }

  /** Every client here keeps a transcript, written while it works. */
  transcript(proc: Proc): TranscriptEvidence {
    return {
      kind: 'seen',
      file: `/t/conv-${proc.id}.jsonl`,
      writtenAt: proc.mode === 'working' ? this.now : proc.workEndedAt,
      limit: null,
      conversationId: `conv-${proc.id}`,
    };
  }

  git(lastSha: string | null): GitObservation {
    if (this.random() < 0.01)
      return { kind: 'failed', detail: 'fetch failed: network unreachable' };
    const head = this.commits[this.commits.length - 1]?.sha ?? 'c0';
    const index =
      lastSha === null ? -1 : this.commits.findIndex((commit) => commit.sha === lastSha);
    return {
      kind: 'ok',
      head,
      newCommits:
        index < 0
          ? null
          : this.commits.slice(index + 1).map(({ sha, subject }) => ({ sha, subject })),
      inboxes: {
        'ADVERSARY-INBOX.md': this.inboxes['ADVERSARY-INBOX.md'] ?? null,
        'BUILDER-INBOX.md': this.inboxes['BUILDER-INBOX.md'] ?? null,
      },
    };
  }

  act(action: Action): Outcome | null {
    switch (action.kind) {
      case 'start-session': {
        this.start(action.role as Role, action.reason);
        return {
          kind: 'started',
          role: action.role,
          reason: action.reason,
          ok: true,
          detail: 'started',
          why: action.why,
          matched: action.matched,
        };
      }
      case 'restart-session': {
        const proc = this.procs[action.role as Role];
        // Act's own re-check before killing reads the pane: it sees work only on a known screen.
        if (proc.alive && proc.mode === 'working' && !proc.unknownScreen)
          return { kind: 'restart-skipped', role: action.role, because: 'working', matched: null };
        if (proc.alive && proc.mode === 'limited')
          return { kind: 'restart-skipped', role: action.role, because: 'limited', matched: null };
        this.start(action.role as Role, action.reason);
        return {
          kind: 'started',
          role: action.role,
          reason: action.reason,
          ok: true,
          detail: 'restarted',
          why: action.why,
          matched: action.matched,
        };
      }
      case 'stop-session':
        this.procs[action.role as Role].alive = false;
        return null;
      case 'submit':
      case 'type': {
        const proc = this.procs[action.role as Role];
        if (!proc.alive)
          return {
            kind: 'typed',
            role: action.role,
            purpose: action.purpose,
            key: action.key,
            delivered: false,
            detail: 'no session',
          };
        if (action.purpose === 'probe' && action.kind === 'type' && this.random() < 0.05) {
          // The probe stays typed but unsent in the input box (the watchdog must not stack another).
          proc.inputBox = action.text;
          return {
            kind: 'typed',
            role: action.role,
            purpose: action.purpose,
            key: action.key,
            delivered: false,
            detail: 'stuck-in-input',
          };
        }
        proc.inputBox = '';
        this.delivered.push({ role: action.role as Role, text: action.text, at: this.now });
        if (action.purpose === 'probe' && this.accountLimited()) {
          // Still limited for the whole account: the probe brings the banner (back).
          this.hitAccountLimit(proc);
        } else if (
          action.purpose === 'probe' &&
          proc.mode === 'limited' &&
          this.now >= proc.resetAt
        ) {
          proc.mode = 'working';
          proc.modeUntil = this.now + this.between(MINUTE, 20 * MINUTE);
        } else if (this.shared && action.purpose === 'probe' && proc.mode !== 'limited') {
          proc.mode = 'working';
          proc.modeUntil = this.now + this.between(MINUTE, 20 * MINUTE);
        }
        if (action.purpose === 'wake' && proc.mode !== 'limited') {
          proc.mode = 'working';
          proc.modeUntil = this.now + this.between(MINUTE, 10 * MINUTE);
        }
        if (action.purpose === 'ping' && (proc.mode === 'idle' || proc.mode === 'waiting')) {
          proc.mode = 'working';
          proc.modeUntil = this.now + this.between(MINUTE, 20 * MINUTE);
          if (this.accountLimited()) this.hitAccountLimit(proc);
        }
        return {
          kind: 'typed',
          role: action.role,
          purpose: action.purpose,
          key: action.key,
          delivered: true,
          detail: 'delivered',
        };
      }
      case 'account-update':
        this.account.window = applyAccountChange(
          this.account.window,
          action.change,
          { run: this.run, name: this.run.replace('/logs/', ''), role: action.role, pid: 1 },
          this.now,
          action.account,
        );
        return null;
      case 'write-sequence-complete':
        this.sequenceComplete = true;
        return null;
      case 'exit':
        this.exited = true;
        return null;
      case 'answer': {
        const proc = this.procs[action.role as Role];
        const delivered = proc.alive && proc.mode === 'needs-input';
        if (delivered) {
          this.answers.push({ role: action.role as Role, who: action.who, at: this.now });
          proc.mode = 'working';
          proc.prompt = null;
          proc.modeUntil = this.now + this.between(MINUTE, 20 * MINUTE);
        }
        return {
          kind: 'answered',
          role: action.role,
          answer: action.answer,
          who: action.who,
          prompt: action.prompt,
          waitedSeconds: action.waitedSeconds,
          delivered,
          detail: delivered ? 'the prompt left the screen' : 'no prompt',
        };
      }
    }
  }
}

interface RunReport {
  readonly ticks: number;
  readonly events: LedgerEvent[];
  readonly violations: string[];
  readonly world: World;
  readonly finalState: WatchdogState;
}

function simulate(seed: number, days: number, overrides: Partial<DecideSettings> = {}): RunReport {
  const phaseIds = Array.from({ length: 60 }, (_, i) => `p${i + 1}`);
  const settings: DecideSettings = {
    ...SETTINGS,
    // Past the hour a person has, the first option is typed (an auth prompt keeps waiting).
    needsInput: { needsInputDeadline: 3600, default: '1' },
    roles: ['builder', 'adversary', 'orchestrator'],
    phaseIds,
    ...overrides,
  };
  const world = new World(seed);
  let state: WatchdogState = initialState(0);
  const events: LedgerEvent[] = [];
  const violations: string[] = [];
  const violate = (message: string): void => {
    if (violations.length < 20) violations.push(`${iso(world.now)} ${message}`);
  };
  let ticks = 0;
  const end = T0 + days * DAY;

  while (world.now < end && !world.exited) {
    ticks += 1;
    const observations = (['builder', 'adversary', 'orchestrator'] as const).map((role) =>
      world.observe(role),
    );
    const snapshot = {
      now: world.now,
      sessions: observations,
      git: world.git(state.handoff.lastSha),
      status: world.statusDone
        ? ({ kind: 'done', file: `STATUS-${phaseIds[world.phaseIndex]}.md` } as const)
        : ({ kind: 'in-progress', file: 'STATUS.md' } as const),
      paused: false,
      wakeText: 'Scheduled supervision pass.',
    };
    const decision = decide(snapshot, state, settings);

    // ── invariants on the decision, against what was observed ──────────────
    const complete = decision.actions.some((action) => action.kind === 'write-sequence-complete');
    for (const action of decision.actions) {
      if (action.kind === 'exit' || action.kind === 'write-sequence-complete') continue;
      const observed = observations.find((observation) => observation.role === action.role);
      const shown = observed?.reading;
      const kills =
        action.kind === 'restart-session' ||
        action.kind === 'start-session' ||
        (action.kind === 'stop-session' && !complete);
      if (kills && shown?.limited && !shown.active)
        violate(
          `${action.kind} (${'reason' in action ? action.reason : ''}) of ${action.role} inside a limit window`,
        );
      if (action.kind === 'restart-session' && shown?.active)
        violate(`${action.reason} restart of ${action.role} while working`);
      if (action.kind === 'restart-session' && action.reason === 'stall') {
        const proc = world.procs[action.role as Role];
        if (proc.mode === 'working')
          violate(
            `stall restart of ${action.role} in the middle of a turn (unknown screen: ${proc.unknownScreen})`,
          );
        const moved = world.now - world.screens[action.role as Role].changedAt;
        if (moved < settings.stallIdle * 1000 && !proc.blinks)
          violate(`stall restart of ${action.role} whose screen moved ${moved / 1000}s ago`);
      }
      if (action.kind === 'type' && action.purpose === 'ping' && shown?.limited && !shown.active)
        violate(`ping typed into limited ${action.role}`);
      // A session waiting for a person: nothing typed but an answer, never rebooted (a phase
      // change starts the next phase's kickoff; nothing else).
      if (observed?.prompt && (action.kind === 'type' || action.kind === 'submit'))
        violate(`${action.purpose} typed into ${action.role} at a prompt`);
      if (observed?.prompt && kills && !('reason' in action && action.reason === 'phase'))
        violate(`${action.kind} of ${action.role} at a ${observed.prompt.kind} prompt`);
      if (action.kind === 'answer' && observed?.prompt?.kind === 'auth')
        violate(`an authentication prompt of ${action.role} answered by launch`);
      if (
        action.kind === 'type' &&
        action.purpose === 'probe' &&
        observed?.inputArea.includes(typedPrefix(probeText(action.role)))
      ) {
        violate(`probe stacked on one still in ${action.role}'s input area`);
      }
    }
    const advances = decision.events.filter((event) => event.type === 'phase-advanced').length;
    if (advances > 1) violate(`${advances} phase advances in one tick`);

    // ── act, then settle ───────────────────────────────────────────────────
    const outcomes = decision.actions
      .map((action) => world.act(action))
      .filter((outcome): outcome is Outcome => outcome !== null);
    const settled = settle(decision.state, outcomes, world.now);
    state = settled.state;
    for (const event of [...decision.events, ...settled.events]) events.push(event);
    if (advances === 1) {
      // The next phase has its own, fresh status file.
      world.phaseIndex = state.phaseIndex;
      world.statusDone = false;
    }
    // The state must stay valid for the file it is persisted to.
    if (ticks % 500 === 0) JSON.parse(JSON.stringify(state));
    world.advance(settings.signalInterval * 1000);
  }
  return { ticks, events, violations, world, finalState: state };
}

interface SharedReport {
  readonly events: LedgerEvent[];
  readonly violations: string[];
  /** Kills or restarts of any session on the account while its shared window was limited. */
  readonly rebootsInside: number;
  /** Ticks with a limited shared window, and the resume times after each lift (ms). */
  readonly limitedTicks: number;
  readonly resumeGaps: number[];
}

/**
 * Two runs (two watchdogs, two worlds) whose every session spends one account, in lockstep on one
 * clock, sharing one window "file" (the account-update actions apply the same merge the adapter does).
 */
function simulateShared(seed: number, days: number, resumeGap = 20): SharedReport {
  const phaseIds = Array.from({ length: 60 }, (_, i) => `p${i + 1}`);
  const account: SharedAccount = { window: null, limitedUntil: 0 };
  const runs = ['shop', 'blog'].map((run, index) => {
    const quota: QuotaSettings = {
      self: { run: `/logs/${run}`, name: run, pid: 1 },
      accounts: { builder: ACCOUNT, adversary: ACCOUNT, orchestrator: ACCOUNT },
      resumeGap,
    };
    const settings: DecideSettings = {
      ...SETTINGS,
      roles: ['builder', 'adversary', 'orchestrator'],
      phaseIds,
      quota,
    };
    const world = new World(seed + index * 1000, `/logs/${run}`, account);
    return { run, settings, world, state: initialState(0) };
  });
  const events: LedgerEvent[] = [];
  const violations: string[] = [];
  let rebootsInside = 0;
  let limitedTicks = 0;
  const end = T0 + days * DAY;
  const now = (): number => runs[0]?.world.now ?? T0;

  while (now() < end && runs.every((run) => !run.world.exited)) {
    for (const run of runs) {
      const { world, settings } = run;
      const violate = (message: string): void => {
        if (violations.length < 20) violations.push(`${iso(world.now)} ${run.run}: ${message}`);
      };
      const observations = (['builder', 'adversary', 'orchestrator'] as const).map((role) =>
        world.observe(role),
      );
      const windowLimited = account.window?.state === 'limited';
      if (windowLimited) limitedTicks += 1;
      const decision = decide(
        {
          now: world.now,
          sessions: observations,
          git: world.git(run.state.handoff.lastSha),
          status: world.statusDone
            ? ({ kind: 'done', file: `STATUS-${phaseIds[world.phaseIndex]}.md` } as const)
            : ({ kind: 'in-progress', file: 'STATUS.md' } as const),
          paused: false,
          wakeText: 'Scheduled supervision pass.',
          accounts: [{ ...ACCOUNT, window: account.window, ownerAlive: true, movedAside: null }],
        },
        run.state,
        settings,
      );
      const complete = decision.actions.some((action) => action.kind === 'write-sequence-complete');
      const probes = decision.actions.filter(
        (action) => action.kind === 'type' && action.key.startsWith('probe:'),
      );
      for (const action of decision.actions) {
        if (action.kind === 'exit' || action.kind === 'write-sequence-complete') continue;
        const shown = observations.find((o) => o.role === action.role)?.reading;
        const reboot =
          action.kind === 'restart-session' ||
          (action.kind === 'start-session' && action.reason !== 'dead') ||
          (action.kind === 'stop-session' && !complete);
        if (reboot && windowLimited) {
          rebootsInside += 1;
          violate(`${action.kind} of ${action.role} inside the shared window`);
        }
        if (reboot && shown?.limited && !shown.active)
          violate(`${action.kind} of ${action.role} inside its own limit window`);
        // Parked after this decision (a session resumed this tick gets its held pings at once).
        const after = decision.state.sessions[action.role];
        if ((action.kind === 'type' || action.kind === 'submit') && isParked(after)) {
          const resumeLine = action.key.startsWith('resume:');
          const ownersProbe =
            action.key.startsWith('probe:') &&
            account.window?.probe.owner.run === world.run &&
            account.window.probe.owner.role === action.role;
          if (!resumeLine && !ownersProbe)
            violate(`${action.purpose} typed into parked ${action.role}`);
        }
        if (
          action.kind === 'type' &&
          action.key.startsWith('probe:') &&
          windowLimited &&
          !(
            account.window?.probe.owner.run === world.run &&
            account.window.probe.owner.role === action.role
          )
        )
          violate(`${action.role} probed on its own while the account's window was limited`);
      }
      if (windowLimited && probes.length > 1) violate(`${probes.length} probes in one tick`);

      const outcomes = decision.actions
        .map((action) => world.act(action))
        .filter((outcome): outcome is Outcome => outcome !== null);
      const settled = settle(decision.state, outcomes, world.now);
      run.state = settled.state;
      for (const event of [...decision.events, ...settled.events])
        events.push({ ...event, run: run.run });
      if (decision.events.some((event) => event.type === 'phase-advanced')) {
        world.phaseIndex = run.state.phaseIndex;
        world.statusDone = false;
      }
    }
    for (const run of runs) run.world.advance(run.settings.signalInterval * 1000);
  }
  // After each lift, the resumes (both runs) come one at a time.
  const resumeGaps: number[] = [];
  let last: number | null = null;
  for (const event of events) {
    if (event.type === 'account-lifted') last = Date.parse(event.ts);
    else if (event.type === 'account-resumed' && last !== null) {
      resumeGaps.push(Date.parse(event.ts) - last);
      last = Date.parse(event.ts);
    }
  }
  return { events, violations, rebootsInside, limitedTicks, resumeGaps };
}

describe('a simulated week of the decision core', () => {
  it('seed 11, two runs on one account: one shared window, parked sessions, 0 reboots inside it', () => {
    const report = simulateShared(11, 7);
    const count = (type: string) => report.events.filter((event) => event.type === type).length;
    if (process.env.SIM_STATS) {
      const counts: Record<string, number> = {};
      for (const event of report.events) counts[event.type] = (counts[event.type] ?? 0) + 1;
      console.log(report.limitedTicks, JSON.stringify(counts));
    }
    expect(report.violations).toEqual([]);
    expect(report.rebootsInside).toBe(0);
    expect(report.limitedTicks).toBeGreaterThan(100);
    for (const type of ['account-parked', 'account-probe', 'account-lifted', 'account-resumed'])
      expect(count(type), type).toBeGreaterThan(0);
    // Sessions of one run were parked by the other run's session.
    const crossRun = report.events.filter(
      (event) =>
        event.type === 'account-parked' && !String(event.by).startsWith(`${String(event.run)}:`),
    );
    expect(crossRun.length).toBeGreaterThan(0);
    // Resumes one at a time: never two within the gap (20 s; a tick is 30 s here).
    if (process.env.SIM_STATS)
      console.log(
        report.events
          .filter((event) => event.type.startsWith('account-') || event.type.startsWith('limit-'))
          .slice(0, 60)
          .map(
            (e) =>
              `${e.ts.slice(5, 19)} ${String(e.run)} ${e.role ?? ''} ${e.type} ${String(e.reason ?? '')} ${e.type === 'account-lifted' ? JSON.stringify(e.order) : ''}`,
          )
          .join('\n'),
      );
    expect(report.resumeGaps.length).toBeGreaterThan(0);
    for (const gap of report.resumeGaps) expect(gap).toBeGreaterThanOrEqual(20_000);
    // Two watchdogs' weeks: twice the work of one.
  }, 120_000);

  const runs: [number, string, Partial<DecideSettings>][] = [
    [1, 'default intervals', {}],
    [7, 'default intervals', {}],
    // Heavy ticks every 30 s: dead sessions are restarted fast enough to crash-loop into backoff.
    [2026, 'aggressive intervals', { watchInterval: 30, stallIdle: 120, stallGrace: 60 }],
  ];
  for (const [seed, label, overrides] of runs) {
    it(`seed ${seed}, ${label}: every invariant holds after every step`, () => {
      const report = simulate(seed, 7, overrides);
      if (process.env.SIM_STATS) {
        const counts: Record<string, number> = {};
        for (const event of report.events) counts[event.type] = (counts[event.type] ?? 0) + 1;
        console.log(
          seed,
          report.ticks,
          iso(report.world.now),
          JSON.stringify(counts),
          report.world.starts.builder.length,
        );
      }
      expect(report.violations).toEqual([]);

      const count = (type: string) => report.events.filter((event) => event.type === type).length;
      // The week really exercised the rules.
      expect(report.ticks).toBeGreaterThan(5_000);
      for (const type of [
        'limit-armed',
        'limit-probe',
        'limit-lifted',
        'session-restarted',
        'handoff-ping',
        'phase-advanced',
        'orchestrator-woken',
        'session-unrecognised',
        'motion-ignored',
        'needs-input',
        'needs-input-cleared',
        'input-answered',
      ]) {
        expect(count(type), type).toBeGreaterThan(0);
      }
      if (overrides.watchInterval !== undefined)
        expect(count('backoff-entered')).toBeGreaterThan(0);
      // Prompts answered at their deadline by the declared default; no session rebooted for one.
      expect(
        report.world.answers.filter((answer) => answer.who === 'deadline').length,
      ).toBeGreaterThan(0);
      expect(
        report.events.filter(
          (event) => event.type === 'session-restarted' && event.reason === 'needs-input-deadline',
        ),
      ).toEqual([]);
      const reasons = new Set(
        report.events
          .filter((event) => event.type === 'session-restarted')
          .map((event) => event.reason),
      );
      for (const reason of ['stall', 'waiting-expired', 'fatal', 'dead'])
        expect(reasons, reason).toContain(reason);

      // Phases advance exactly once per DONE (a DONE still pending at the end has not been seen yet).
      const pendingDone = report.world.statusDone && !report.world.sequenceComplete ? 1 : 0;
      expect(count('phase-advanced') + (report.world.sequenceComplete ? 1 : 0)).toBe(
        report.world.doneWritten - pendingDone,
      );

      // Every claim / review is pinged exactly once: each delivered ping answers at least one new
      // handoff since the previous ping of its kind, and no handoff is left unanswered unless a phase
      // change (whose kickoff supersedes it) or the end of the run came first.
      for (const [text, prefix, role] of [
        [PING_CLAIM, 'claim', 'adversary'],
        [PING_REVIEW, 'review', 'builder'],
      ] as const) {
        const pings = report.world.delivered
          .filter((delivery) => delivery.role === role && delivery.text === text)
          .map((delivery) => delivery.at);
        const signals = report.world.commits
          .filter((commit) => commit.subject.startsWith(prefix))
          .map((commit) => commit.at);
        const phaseChanges = report.events
          .filter((event) => event.type === 'phase-advanced')
          .map((event) => Date.parse(event.ts));
        let previous = -Infinity;
        for (const ping of pings) {
          const answered = signals.filter((at) => at > previous && at <= ping);
          expect(
            answered.length,
            `${role} ping at ${iso(ping)} answers a ${prefix}`,
          ).toBeGreaterThan(0);
          previous = ping;
        }
        for (const signal of signals) {
          const answer = pings.find((at) => at >= signal);
          const superseded = phaseChanges.some(
            (at) => at >= signal && (answer === undefined || at <= answer),
          );
          const tooLate = signal > report.world.now - 6 * HOUR;
          if (!superseded && !tooLate)
            expect(answer, `${prefix} at ${iso(signal)} pinged`).toBeDefined();
        }
      }

      // Backoff bounds: only the documented delays, and no more than MAX_RESTARTS + 2 restarts of one
      // session in any RESTART_WINDOW (5 quick, then the 1 min and 5 min waits).
      for (const event of report.events.filter(
        (candidate) => candidate.type === 'backoff-entered',
      )) {
        expect(BACKOFF_STEPS_SECONDS).toContain(event.delaySeconds);
      }
      for (const role of ['builder', 'adversary'] as const) {
        const starts = report.world.starts[role];
        for (let i = 0; i + SETTINGS.maxRestarts + 2 < starts.length; i++) {
          const span = (starts[i + SETTINGS.maxRestarts + 2] ?? 0) - (starts[i] ?? 0);
          expect(span, `${role} restarts at ${iso(starts[i] ?? 0)}`).toBeGreaterThanOrEqual(
            SETTINGS.restartWindow * 1000,
          );
        }
      }
    });
  }
});
