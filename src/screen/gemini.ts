// Gemini CLI's screen. From the bottom: a footer ("~/dir (main*)  no sandbox  gemini-2.5-pro (99%
// context left)"), the input box ("╭───╮ │ > Type your message or @path/to/file │ ╰───╯"), and
// above it the loading line while a turn runs ("⠹ Polishing the code (esc to cancel, 12s)"). The
// transcript holds "> " echoed prompts, "✦" model replies, "✕ [API Error: ...]" and "ℹ ⚡" notices.
import { lastNonBlank } from './pane-text.js';
import { makeDialect, type LineRange, type ScreenRules } from './read-pane.js';
import { isGeminiLoadingLine } from './status-line.js';
import type { Dialect } from './types.js';

const PROMPT = /^\s*[│┃]?\s*>\s|Type your message/;

/** Non-blank lines from the bottom searched for the prompt: the footer (one or two rows) and the box. */
const PROMPT_SEARCH_LINES = 12;

/**
 * Non-blank lines above the box that may hold the loading line: it sits right above the box, with
 * at most a context summary ("Using: 1 GEMINI.md file") between.
 */
const STATUS_ZONE_LINES = 4;
/** Without a box: the bottom lines instead. */
const FALLBACK_ZONE_LINES = 8;

function geminiInputBox(lines: readonly string[]): LineRange | null {
  for (const i of lastNonBlank(lines, PROMPT_SEARCH_LINES).reverse()) {
    if (!PROMPT.test(lines[i] ?? '')) continue;
    let start = i;
    for (let j = i - 1; j >= 0 && j >= i - 3; j -= 1) {
      if (/^\s*╭/.test(lines[j] ?? '')) start = j;
    }
    let end = i;
    for (let j = i + 1; j < lines.length && j <= i + 15; j += 1) {
      if (/^\s*╰/.test(lines[j] ?? '')) {
        end = j;
        break;
      }
    }
    return { start, end };
  }
  return null;
}

function geminiWorkingLine(lines: readonly string[], box: LineRange | null): string | null {
  const zone = box
    ? lastNonBlank(lines, STATUS_ZONE_LINES, box.start)
    : lastNonBlank(lines, FALLBACK_ZONE_LINES);
  for (const i of zone.reverse()) if (isGeminiLoadingLine(lines[i] ?? '')) return lines[i] ?? null;
  return null;
}

export const GEMINI_RULES: ScreenRules = {
  backend: 'gemini',
  submitKey: 'Enter',
  banners: ['gemini'],
  inputBox: geminiInputBox,
  workingLine: geminiWorkingLine,
  ready: (_lines, box) => box !== null,
  echoStart: /^\s{0,2}>\s/,
  echoContinuation: /^ {2,}\S/,
  activity: /^\s{0,2}✦\s/,
  inputFallbackLines: 8,
};

export const geminiDialect: Dialect = makeDialect(GEMINI_RULES);
