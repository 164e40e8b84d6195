// opencode's screen (the opentui TUI). From the bottom: possibly a status row ("~/dir:main  1.18.22"),
// the prompt footer ("tab agents  ctrl+p commands", with "⬝⬝⬝■■■■■  esc interrupt" in front
// while busy), the composer's bottom edge "╹▀▀▀▀", the composer rows behind a "┃" gutter (the
// draft, then "Build · <model>"). The transcript draws user prompts, tool blocks and errors in
// the same gutter boxes, assistant text indented, and "▣  Build · <model> · 12.3s" after a turn.
import { isBlank, lastNonBlank } from './pane-text.js';
import { makeDialect, type LineRange, type ScreenRules } from './read-pane.js';
import { isOpencodeBusyLine } from './status-line.js';
import type { Dialect } from './types.js';

const COMPOSER_EDGE = /^\s*╹▀{4,}/;
const GUTTER = /^\s*[┃│]/;

/** Non-blank lines from the bottom searched for the composer edge: status row and footer rows. */
const EDGE_SEARCH_LINES = 15;
/**
 * Lines under the composer edge that hold the footer (the busy bar and "esc interrupt" are on its
 * first row); without a composer, the bottom rows instead.
 */
const FOOTER_LINES = 3;
const FALLBACK_ZONE_LINES = 4;

/** Permission and question prompts replace the composer and wait for a choice. */
const DIALOG = /Allow once|Allow always|Permission required/i;

function opencodeInputBox(lines: readonly string[]): LineRange | null {
  for (const i of lastNonBlank(lines, EDGE_SEARCH_LINES).reverse()) {
    if (!COMPOSER_EDGE.test(lines[i] ?? '')) continue;
    let start = i;
    while (start - 1 >= 0 && GUTTER.test(lines[start - 1] ?? '')) start -= 1;
    return start < i ? { start, end: i } : null;
  }
  return null;
}

/** The first non-blank rows under the composer edge. */
function footerRows(lines: readonly string[], edge: number): number[] {
  const rows: number[] = [];
  for (let i = edge + 1; i < lines.length && rows.length < FOOTER_LINES; i += 1) {
    if (!isBlank(lines[i] ?? '')) rows.push(i);
  }
  return rows;
}

function opencodeWorkingLine(lines: readonly string[], box: LineRange | null): string | null {
  const zone = box ? footerRows(lines, box.end) : lastNonBlank(lines, FALLBACK_ZONE_LINES);
  for (const i of zone) if (isOpencodeBusyLine(lines[i] ?? '')) return lines[i] ?? null;
  return null;
}

export const OPENCODE_RULES: ScreenRules = {
  backend: 'opencode',
  // opencode's TUI submits on C-m; a plain Enter can land as a newline in the draft.
  submitKey: 'C-m',
  // opencode fronts every provider, so any of their banners can reach its screen.
  banners: ['opencode', 'claude', 'codex', 'gemini'],
  inputBox: opencodeInputBox,
  workingLine: opencodeWorkingLine,
  ready: (lines, box) =>
    box !== null &&
    !lastNonBlank(lines, EDGE_SEARCH_LINES).some((i) => DIALOG.test(lines[i] ?? '')),
  // User prompts share the "┃" gutter with error boxes, so they cannot be told apart by shape; the
  // paragraph rule in read-pane.ts keeps wrapped prompt text from reading as a banner instead.
  echoStart: null,
  echoContinuation: null,
  // A finished turn's footer carries its duration: "▣  Build · claude-sonnet-4 · 12.3s".
  activity: /^\s*▣\s.*\s·\s.*\s·\s+\d/,
  // The original launcher searched 20 lines: older opencode drew its input in the content area.
  inputFallbackLines: 20,
};

export const opencodeDialect: Dialect = makeDialect(OPENCODE_RULES);
