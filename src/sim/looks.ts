// Which real client the sim's screen imitates (`--look`): Claude Code (the sim's own screen, see
// screen.ts), Codex, Gemini CLI or opencode, each drawn with that client's own words (test/fixtures/
// clients/TEXTS.md) so the client's dialect in src/screen reads it: its input box, working line,
// limit banner and needs-input dialogs. Typing is the same for all four: each submits on CR, which
// tmux sends for both `Enter` and `C-m`, and takes C-j (LF) as a newline in the draft (gemini 0.61.0
// keyBindings: submit "enter", newline "…, ctrl+j"; opencode 1.18.33: input_submit "return",
// input_newline "…,ctrl+j"; Codex's footer "⌃J newline"; Claude Code as the sim always did).
import type { TranscriptEntry } from './model.js';
import { codexBanner, renderCodex } from './look-codex.js';
import { geminiBanner, renderGemini } from './look-gemini.js';
import { opencodeBanner, renderOpencode } from './look-opencode.js';
import { LOOK_PROMPTS, type LookPrompt } from './look-prompts.js';
import type { SimPromptKind } from './prompt-texts.js';
import type { ScreenSize } from './screen.js';
import { limitBanner, type BannerStyle } from './texts.js';

export const SIM_LOOKS = ['claude', 'codex', 'gemini', 'opencode'] as const;
export type SimLook = (typeof SIM_LOOKS)[number];
/** The looks drawn by this module (Claude's is the sim's own screen). */
export type OtherLook = Exclude<SimLook, 'claude'>;

/** What a look draws at one moment. */
export interface LookView {
  readonly title: string;
  readonly transcript: readonly TranscriptEntry[];
  /** Seconds into the current busy period (the working line shows), or null when idle. */
  readonly busySeconds: number | null;
  /** Typed text; null until the UI takes input (no input box yet). */
  readonly input: string | null;
  /** The dialog waiting for a person, or null. */
  readonly prompt: SimPromptKind | null;
}

export function renderLook(look: OtherLook, view: LookView, size: ScreenSize): string[] {
  switch (look) {
    case 'codex':
      return renderCodex(view, size);
    case 'gemini':
      return renderGemini(view, size);
    case 'opencode':
      return renderOpencode(view, size);
  }
}

/**
 * The limit banner a look prints for a reset at `resetAtMs`. Claude's has two styles (an epoch or
 * a time of day); Codex names a date and minute, Gemini a time and zone, opencode no time at all.
 */
export function lookBanner(
  look: SimLook,
  resetAtMs: number,
  style: BannerStyle,
  zone: string,
): string {
  switch (look) {
    case 'claude':
      return limitBanner(resetAtMs, style, zone);
    case 'codex':
      return codexBanner(resetAtMs, zone);
    case 'gemini':
      return geminiBanner(resetAtMs, zone);
    case 'opencode':
      return opencodeBanner();
  }
}

/** How the reset is rounded: to the minute when the banner shows only a minute. */
export function lookResetStyle(look: SimLook, style: BannerStyle): BannerStyle {
  return look === 'claude' || look === 'opencode' ? style : 'time';
}

/** The dialog a look draws for a prompt kind, or null when that client has no such dialog. */
export function lookPrompt(look: OtherLook, kind: SimPromptKind): LookPrompt | null {
  return LOOK_PROMPTS[look][kind] ?? null;
}

/** The prompt kinds a look can draw (Claude's: all of them). */
export function lookPromptKinds(look: SimLook): readonly SimPromptKind[] {
  if (look === 'claude') return ['permission', 'trust', 'selection', 'login'];
  return Object.keys(LOOK_PROMPTS[look]) as SimPromptKind[];
}
