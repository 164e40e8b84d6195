// The sim agent's state as plain data: what it is doing, what it has printed, what it was told.
import type { Role } from '../config/roles.js';
import type { SimPromptKind } from './prompt-texts.js';
import type { SimLook } from './looks.js';
import type { BannerStyle } from './texts.js';
import type { FileWrite, Quirks, ScreenStyle, Step } from './script-schema.js';

/**
 * One transcript entry: `⏺ <text>`, `> <text>` (a line the agent received), a verbatim line, or a
 * client error (a limit banner, the fatal API error): verbatim in Claude's look, drawn as each
 * other client draws its errors ("■ …", "✕ …", a gutter box) in theirs.
 */
export type TranscriptEntry =
  | { readonly kind: 'event'; readonly text: string }
  | { readonly kind: 'input'; readonly text: string }
  | { readonly kind: 'raw'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string };

/** Everything fixed for the life of one sim process. */
export interface SimContext {
  readonly role: Role;
  readonly session: string;
  readonly phaseId: string;
  readonly phaseIndex: number;
  readonly statusFile: string;
  /** IANA zone for printed times (TZ, else UTC). */
  readonly zone: string;
  readonly steps: readonly Step[];
  readonly quirks: Quirks;
  /** Where the steps came from, for the transcript ("the bundled demo script, phase #1"). */
  readonly source: string;
  readonly kickoff: string;
  /** Printed once the UI is ready (e.g. "progress file unreadable; starting the phase over"). */
  readonly notices: readonly string[];
  /** How the screen is drawn (the role's `screen` option). */
  readonly screen: ScreenStyle;
  /** The real client whose screen the sim imitates (`--look`); absent: Claude Code. */
  readonly look?: SimLook;
  /** Client hooks are wired and on: the runner acts out Claude Code's hook events. */
  readonly signals: boolean;
  /** The conversation id the hooks report (Claude's session_id); kept across a resumed restart. */
  readonly conversationId: string;
  /** Started with `--resume <id>` of a conversation it had: what it said so far, and its turns. */
  readonly resumed: SavedConversation | null;
}

/** A conversation as the sim keeps it (its transcript file): what was on screen, and the turns. */
export interface SavedConversation {
  readonly turns: number;
  readonly transcript: readonly TranscriptEntry[];
}

/** A git action the driver carries out; placeholders are already filled in. */
export type GitRequest =
  | {
      readonly op: 'commit';
      readonly subject: string;
      readonly files: readonly FileWrite[];
      readonly push: boolean;
    }
  | { readonly op: 'pull' }
  | { readonly op: 'done'; readonly subject: string; readonly statusFile: string };

export interface GitOutcome {
  readonly ok: boolean;
  /** Transcript lines describing what happened (`pushed claim(g1): ...`). */
  readonly lines: readonly string[];
}

/**
 * What the current step is doing.
 *
 *   starting ──ready──▶ (steps) ──▶ working ─time─▶ next step
 *                          │       git ─outcome─▶ next step
 *                          │       waiting ─matching line / timeout─▶ next step
 *                          │       declared-wait ─time─▶ next step
 *                          │       limited ─line after reset─▶ resuming ─time─▶ next step
 *                          │       idle, fatal, finished: only a reboot ends them
 *   starting ──ready, resumed──▶ resumed ──a typed line──▶ (steps, where it was)
 *                          └─────▶ exiting (the driver exits the process)
 */
export type Activity =
  | { readonly kind: 'starting' }
  | { readonly kind: 'working'; readonly until: number }
  | { readonly kind: 'git'; readonly request: GitRequest }
  | { readonly kind: 'waiting'; readonly deadline: number | null }
  | {
      readonly kind: 'limited';
      readonly resetAt: number;
      readonly style: BannerStyle;
    }
  | { readonly kind: 'resuming'; readonly until: number }
  | { readonly kind: 'declared-wait'; readonly until: number }
  | { readonly kind: 'idle' }
  | { readonly kind: 'fatal' }
  /** At a prompt for a person: only a digit or Enter (an answer) moves it on. */
  | { readonly kind: 'prompt'; readonly prompt: SimPromptKind }
  | { readonly kind: 'exiting'; readonly code: number }
  | { readonly kind: 'finished' }
  /** Resumed a conversation (`--resume`): sits at the prompt until a line says to go on. */
  | { readonly kind: 'resumed' };

/** Timed data of a step interrupted by a reboot, used once when the step is entered again. */
export interface ResumeData {
  readonly limitResetAt: number | null;
  readonly waitUntil: number | null;
}

export interface SimModel {
  /** When the input line and footer appear (the ready-delay quirk). */
  readonly readyAt: number;
  readonly ready: boolean;
  readonly stepIndex: number;
  readonly activity: Activity;
  /** Start of the current busy period (status line shown), or null when idle. */
  readonly busySince: number | null;
  /** Received lines no wait step has consumed yet, oldest first. */
  readonly pending: readonly string[];
  readonly transcript: readonly TranscriptEntry[];
  /** How many times this session has started in this phase (1 = first start). */
  readonly boots: number;
  readonly resume: ResumeData | null;
  /** When the idle-prompt Notification is due (Claude: 60 s after a turn ends); null: none. */
  readonly idleNotifyAt: number | null;
  /** Prompts this conversation has taken (the kickoff is the first); goes on across a resume. */
  readonly turns: number;
}

/** What survives a reboot: `<log dir>/sim/<session>.json`. */
export interface Progress {
  readonly phaseId: string;
  /** The next step to run after a restart. */
  readonly stepIndex: number;
  readonly pending: readonly string[];
  readonly boots: number;
  readonly limitResetAt: number | null;
  readonly waitUntil: number | null;
  /** The conversation id, so a restart that goes on reports the same conversation. */
  readonly conversationId?: string | undefined;
}
