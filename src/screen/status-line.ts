// Shapes of the live status lines CLIs draw while a turn runs, shared by the dialects. Each shape is
// specific enough that a transcript line merely mentioning the words does not fit it: the status
// line starts with its spinner and ends with the timer in parentheses.

/** An elapsed time as status lines print it: "4s", "8m 39s", "1h 13m", "2h 3m 1s". */
const ELAPSED = /\b\d{1,4}(?:\.\d)?\s?[hms]\b/;

/** Interrupt hints: Claude "esc to interrupt" / "ctrl+c to interrupt", Codex "esc esc to interrupt". */
export const INTERRUPT_HINT = /\b(?:esc|ctrl\+c|esc\s+esc|esc\s+again)\s+to\s+interrupt\b/i;

/**
 * Claude Code's spinner line: a spinner glyph, a verb (users can change it, so any words), "…",
 * then a parenthesised timer or interrupt hint: "✻ Herding… (8m 39s · ↓ 834 tokens)", "· Catapulting…
 * (12s · esc to interrupt)", "⠋ Thinking… (esc to interrupt)". The frames are `· ✢ ✳ ✶ ✻ ✽` (`*`
 * on some platforms, `●` with reduced motion) and braille dots in older versions. A transcript's
 * "✻ Thinking…" header or "✻ Worked for 2m" summary lacks the parenthesised part.
 */
const CLAUDE_SPINNER =
  /^\s{0,4}[·✢✳✶✻✽*●⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\s{1,3}\S[^()\n]{0,120}?(?:…|\.\.\.)\s*\(([^()]{1,200})\)\s*$/;

export function isClaudeSpinnerLine(line: string): boolean {
  const match = CLAUDE_SPINNER.exec(line);
  const inside = match?.[1];
  return inside !== undefined && (ELAPSED.test(inside) || INTERRUPT_HINT.test(inside));
}

/**
 * Codex's status row above the composer: "• Working (13s • esc to interrupt) · 1 background terminal
 * running", "Working (4s)", "• Exploring (1h 13m · esc to interrupt)". The header is animated and
 * may be a reasoning title, so any short text is accepted before the timer.
 */
const CODEX_STATUS =
  /^\s{0,4}(?:[•◦·]\s{1,3}|[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\s{1,3})?\S[^()\n]{0,80}?\s\((\d{1,4}[hms](?:\s\d{1,2}[hms]){0,2})(?:\s*[•·]\s*([^()]{1,60}))?\)/;

export function isCodexStatusLine(line: string): boolean {
  const match = CODEX_STATUS.exec(line);
  if (!match) return false;
  const hint = match[2];
  return hint === undefined || /\bto\s+interrupt\b/i.test(hint);
}

/**
 * Gemini CLI's loading line: "⠹ Polishing the code (esc to cancel, 12s)", "(esc to cancel, 43m 42s)".
 * Not shown while it waits for a confirmation, which is not work.
 */
const GEMINI_LOADING = /\(esc\s+to\s+cancel(?:,\s*[^()]{1,40})?\)/i;

export function isGeminiLoadingLine(line: string): boolean {
  return GEMINI_LOADING.test(line);
}

/**
 * opencode's prompt footer while a session is busy: the block progress bar (⬝⬝⬝■■■■■) and
 * "esc interrupt" ("esc again to interrupt" after one Esc; "esc to interrupt" in older builds).
 */
const OPENCODE_BUSY = /\besc\s+(?:again\s+to\s+|to\s+)?interrupt\b|[⬝■]{6,}/;

export function isOpencodeBusyLine(line: string): boolean {
  return OPENCODE_BUSY.test(line);
}
