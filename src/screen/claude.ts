// Claude Code's screen. From the bottom: a footer ("⏸ manual mode on · ? for shortcuts", or "·
// esc to interrupt" while busy), the input box between two rules ("❯ " or "> "; a rounded
// ╭─╮/╰─╯ box in older versions), then above it the spinner line while a turn runs ("✻ Herding…
// (8m 39s · ↓ 834 tokens)"), sometimes with a todo list or a hint row in between, then the
// transcript: "⏺"/"●" assistant bullets, "⎿" results, "> " echoed prompts.
import { lastNonBlank } from './pane-text.js';
import { makeDialect, type LineRange, type ScreenRules } from './read-pane.js';
import { INTERRUPT_HINT, isClaudeSpinnerLine } from './status-line.js';
import type { Dialect } from './types.js';

/** The input line ("❯ " / "> "); "❯ 1. Yes, I trust this folder" is a dialog option instead. */
const PROMPT = /^\s*(?:│\s*)?[>❯](?!\s*\d+\.)(?:\s|$)/;

/** How far up from the bottom the input box is looked for (footer rows + a multi-line draft). */
const BOX_SEARCH_LINES = 40;

/**
 * Non-blank lines above the input box searched for the spinner line: the spinner, a hint row
 * ("● high · /effort", "Tip: ..."), and a todo list of up to ~10 items sit there. Only lines that
 * start with a spinner glyph and end with a parenthesised timer count, so a transcript line this
 * close that mentions "esc to interrupt" does not.
 */
const STATUS_ZONE_LINES = 12;

/** Without a recognisable input box (odd layout, partial capture): the bottom lines instead. */
const FALLBACK_ZONE_LINES = 8;
/** ...of which only the last few may hold a bare interrupt hint (the footer's place). */
const FALLBACK_HINT_LINES = 3;

/** A horizontal rule drawn across the pane (the input box's top and bottom edges). */
export function isRule(line: string): boolean {
  const text = line.trim();
  if (!/^[─━╭╰]/.test(text)) return false;
  const dashes = text.length - text.replace(/[─━]/g, '').length;
  return dashes >= 20 && dashes >= text.length * 0.6;
}

/** The input box: a prompt line right under a rule, down to the next rule. */
export function claudeInputBox(lines: readonly string[]): LineRange | null {
  const floor = Math.max(1, lines.length - BOX_SEARCH_LINES);
  for (let i = lines.length - 1; i >= floor; i -= 1) {
    if (!PROMPT.test(lines[i] ?? '') || !isRule(lines[i - 1] ?? '')) continue;
    for (let j = i + 1; j < lines.length && j <= i + 20; j += 1) {
      if (isRule(lines[j] ?? '')) return { start: i - 1, end: j };
    }
  }
  return null;
}

export function claudeWorkingLine(lines: readonly string[], box: LineRange | null): string | null {
  if (box) {
    for (const i of lastNonBlank(lines, STATUS_ZONE_LINES, box.start).reverse()) {
      if (isClaudeSpinnerLine(lines[i] ?? '')) return lines[i] ?? null;
    }
    // The footer under the box is UI, never transcript: a hint there is the status itself.
    for (let i = box.end + 1; i < lines.length; i += 1) {
      if (INTERRUPT_HINT.test(lines[i] ?? '')) return lines[i] ?? null;
    }
    return null;
  }
  const zone = lastNonBlank(lines, FALLBACK_ZONE_LINES).reverse();
  for (const i of zone) if (isClaudeSpinnerLine(lines[i] ?? '')) return lines[i] ?? null;
  for (const i of zone.slice(0, FALLBACK_HINT_LINES)) {
    if (INTERRUPT_HINT.test(lines[i] ?? '')) return lines[i] ?? null;
  }
  return null;
}

export const CLAUDE_RULES: ScreenRules = {
  backend: 'claude',
  submitKey: 'Enter',
  banners: ['claude'],
  inputBox: claudeInputBox,
  workingLine: claudeWorkingLine,
  ready: (_lines, box) => box !== null,
  echoStart: /^\s{0,2}[>❯](?:\s|$)/,
  // An echoed prompt wraps with a two-space indent; "  ⎿" starts the reply instead.
  echoContinuation: /^ {2,}[^\s⎿]/,
  activity: /^[⏺●]\s/,
  inputFallbackLines: 8,
};

export const claudeDialect: Dialect = makeDialect(CLAUDE_RULES);
