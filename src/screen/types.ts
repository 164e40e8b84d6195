// What reading a pane yields, and the shape of a backend's dialect (how its CLI draws its screen).
import type { Backend } from '../config/fields.js';
import type { PromptReading } from './prompt.js';

/** How the reset instant of a usage-limit banner was found (null when none was). */
export type ResetSource =
  /** a time of day with a zone in the banner: "resets 3pm (America/New_York)" */
  | 'time-with-zone'
  /** a time of day without a zone, read in LIMIT_TZ / TZ / the system zone */
  | 'time-local'
  /** a date and time: "resets Sep 21, 6pm", "resets Mon 12:00am", "2026-04-11 20:30:24" */
  | 'date'
  /** a Unix epoch: "Claude AI usage limit reached|1762952400" */
  | 'epoch'
  /** a duration: "try again in 4 days 6 hours", "reset after 53s" */
  | 'duration';

export interface PaneReading {
  /** The agent is working: its busy marker is in the bottom lines (the status line). */
  readonly active: boolean;
  /** A usage-limit banner is the freshest thing on screen and no working marker is below it. */
  readonly limited: boolean;
  /** The bare reset instant (no slack), ISO-8601 with offset; null if none or not trusted. */
  readonly resetAt: string | null;
  readonly resetSource: ResetSource | null;
  /** A client error that only a fresh session cures ("thinking blocks cannot be modified"). */
  readonly fatal: boolean;
  /** The last valid `WAITING-UNTIL: <ISO>` marker, ISO-8601 with offset; null if none. */
  readonly waitingUntil: string | null;
  /** The text that decided the reading (the banner, the status line, the error), or null. */
  readonly matched: string | null;
  /**
   * The dialect saw its client's known UI (input box or ready marker, working line, limit banner,
   * fatal error). False: no reader recognises this screen (a new client release, an odd layout, a
   * blank pane) — "not working" above then means "not known to be working", never "idle".
   */
  readonly recognised: boolean;
}

export interface ClassifyContext {
  readonly now: Date;
  /** IANA zone for times printed without one (LIMIT_TZ, else TZ, else the system zone). */
  readonly zone: string;
}

export interface Dialect {
  readonly backend: Backend;
  /** Pure: the same pane text, now and zone always give the same reading. */
  classify(pane: string, context: ClassifyContext): PaneReading;
  /** The UI is drawn and takes input (its prompt/idle marker shows): safe to type. */
  isReady(pane: string): boolean;
  /** The bottom lines where typed-but-unsubmitted text sits (the input box). */
  inputArea(pane: string): string;
  /** Pure: the prompt waiting for a person (permission, trust, selection, auth), or null. */
  prompt(pane: string): PromptReading | null;
  /** The key that submits typed text ("Enter"; opencode: "C-m"). */
  readonly submitKey: string;
}
