// Codex CLI's screen. From the bottom: a footer ("100% context left · ? for shortcuts", "⏎ send"),
// the composer ("› " and its wrapped draft), and directly above it the status row while a turn
// runs ("• Working (13s • esc to interrupt) · 1 background terminal running"), possibly with
// queued messages. The transcript holds "›" echoed prompts, "•" agent messages and tool calls,
// "└" tool output and "■" errors, among them "■ You've hit your usage limit. ...".
import { lastNonBlank } from './pane-text.js';
import { makeDialect, type LineRange, type ScreenRules } from './read-pane.js';
import { isCodexStatusLine } from './status-line.js';
import type { Dialect } from './types.js';

/**
 * The composer's first line ("›"; "▌" before 0.40); "› 1. Update now" is a dialog option instead.
 */
const COMPOSER = /^\s*[›▌](?!\s*\d+\.)(?:\s|$)/;

/** Non-blank lines from the bottom searched for the composer: footer rows, then the draft. */
const COMPOSER_SEARCH_LINES = 10;

/**
 * Non-blank lines above the composer that may hold the status row: the row itself plus queued
 * messages ("↳ ...") that Codex lists between it and the composer.
 */
const STATUS_ZONE_LINES = 6;

/** Screens that take keys but not a prompt: startup dialogs, approvals, pickers. */
const DIALOG =
  /Press enter to (?:continue|confirm)|Do you trust|Trust this folder\?|Skip until next version|esc to cancel|Would you like to (?:run|make)/i;

function codexInputBox(lines: readonly string[]): LineRange | null {
  for (const i of lastNonBlank(lines, COMPOSER_SEARCH_LINES).reverse()) {
    if (!COMPOSER.test(lines[i] ?? '')) continue;
    let end = i;
    while (end + 1 < lines.length && /^ {2,}\S/.test(lines[end + 1] ?? '')) end += 1;
    return { start: i, end };
  }
  return null;
}

function codexWorkingLine(lines: readonly string[], box: LineRange | null): string | null {
  const zone = box
    ? lastNonBlank(lines, STATUS_ZONE_LINES, box.start)
    : lastNonBlank(lines, STATUS_ZONE_LINES);
  for (const i of zone.reverse()) {
    const line = lines[i] ?? '';
    if (isCodexStatusLine(line)) return line;
  }
  return null;
}

export const CODEX_RULES: ScreenRules = {
  backend: 'codex',
  submitKey: 'Enter',
  banners: ['codex'],
  inputBox: codexInputBox,
  workingLine: codexWorkingLine,
  ready: (lines, box) =>
    box !== null &&
    !lastNonBlank(lines, COMPOSER_SEARCH_LINES).some((i) => DIALOG.test(lines[i] ?? '')),
  // "›" echoes prompts; older versions drew "▌".
  echoStart: /^\s{0,2}[›▌]\s/,
  echoContinuation: /^ {2,}[^\s└│]/,
  // Agent messages and tool calls ("• I'll ...", "• Ran ..."), and the turn separator.
  activity: /^\s{0,2}•\s|^─+ Worked for\b/,
  inputFallbackLines: 8,
};

export const codexDialect: Dialect = makeDialect(CODEX_RULES);
