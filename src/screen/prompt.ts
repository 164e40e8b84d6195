// The `prompt` reading: a screen where the agent waits for a person — a tool-permission prompt, the
// trust-folder dialog, a selection menu, a login / invalid-key screen. Pure: pane text in, the
// question and its options out (null when nothing on screen asks). Each client's wording comes
// from its shipped release (test/fixtures/clients/TEXTS.md); a numbered menu with a cursor on it
// near the bottom of the screen is a selection even when its words are new.
import type { Backend } from '../config/fields.js';
import { unreachable } from '../util/result.js';
import { isBlank, paneLines } from './pane-text.js';

export const PROMPT_KINDS = ['permission', 'trust', 'selection', 'auth'] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];

export interface PromptReading {
  readonly kind: PromptKind;
  /** The question as the client shows it ("Do you want to proceed?"). */
  readonly question: string;
  /** Option labels in screen order (option n is options[n - 1]); empty: nothing to pick from. */
  readonly options: readonly string[];
  /** The option the client's cursor is on (1-based), when it draws one. */
  readonly selected: number | null;
}

/** "1. Yes / 2. No": the options as one line of text, for status, ledger and notifications. */
export function optionsText(options: readonly string[]): string {
  return options.map((label, i) => `${i + 1}. ${label}`).join(' / ');
}

/** The phrases one client uses for each kind of prompt, from its release's bundle. */
interface PromptWords {
  readonly auth: readonly RegExp[];
  readonly trust: readonly RegExp[];
  readonly permission: readonly RegExp[];
  /** Prompts without numbered options: a line that is the whole question (auth errors, y/n). */
  readonly standalone: readonly { readonly pattern: RegExp; readonly kind: PromptKind }[];
  /** An unnumbered option strip (opencode's "Allow once   Allow always   Reject"). */
  readonly strip: RegExp | null;
}

// claude 2.1.197 (TEXTS.md: auth @230767900 @230767943 @230768769 @234231495, trust @242593727,
// permission @234470321, bypass-mode consent @242600919).
const CLAUDE: PromptWords = {
  auth: [
    /Select login method:/,
    /Not logged in/,
    /Invalid API key/,
    /OAuth token revoked/,
    /Do you want to use this API key\?/,
    /Detected a custom API key in your environment/,
  ],
  trust: [/Quick safety check: Is this a project/, /Yes, I trust this folder/],
  permission: [/Do you want to proceed\?/, /Do you want to (?:make this edit|create|allow)/],
  standalone: [
    { pattern: /Not logged in · Please run \/login/, kind: 'auth' },
    { pattern: /Invalid API key · Fix external API key/, kind: 'auth' },
    { pattern: /OAuth token revoked · Please run \/login/, kind: 'auth' },
  ],
  strip: null,
};

// codex 0.171.0 (TEXTS.md: sign-in @1784970; approval form from a measured codex screen).
const CODEX: PromptWords = {
  auth: [/Sign in with ChatGPT/, /Sign in with Device Code/, /Choose how you want to use Codex/],
  trust: [/trust (?:the files in )?this (?:folder|directory)/i],
  permission: [/^Allow .+\?$/, /Would you like to run the following command\?/, /Run the tool/],
  standalone: [],
  strip: null,
};

// gemini 0.61.0 (TEXTS.md: trust @213747, auth @12272751; confirmation from gemini-cli#13465).
const GEMINI: PromptWords = {
  auth: [/Waiting for authentication\.\.\./, /Choose an authentication method|Sign in with Google/],
  trust: [/Do you trust the files in this folder\?/, /Trust folder/],
  permission: [/Allow execution\?/, /Allow execution of/, /Waiting for user confirmation/],
  standalone: [
    { pattern: /Waiting for authentication\.\.\./, kind: 'auth' },
    { pattern: /Allow execution\? \(y\/n\)/, kind: 'permission' },
  ],
  strip: null,
};

// opencode 1.18.33 (TEXTS.md: permission @107010373).
const OPENCODE: PromptWords = {
  auth: [/Run \/connect to add an AI provider/],
  trust: [],
  permission: [/Permission required/],
  standalone: [],
  strip: /^(Allow once)\s{2,}(Allow always)\s{2,}(Reject)$/,
};

function wordsFor(backend: Backend): PromptWords {
  switch (backend) {
    case 'claude':
    case 'sim': // the sim imitates Claude Code's dialogs
      return CLAUDE;
    case 'codex':
      return CODEX;
    case 'gemini':
      return GEMINI;
    case 'opencode':
      return OPENCODE;
    default:
      return unreachable(backend);
  }
}

/** Non-blank lines from the bottom that may hold a prompt (its options, hints, box border). */
const BOTTOM_LINES = 16;
/** Lines above the first option searched for the question. */
const QUESTION_LINES = 12;
/** Option lines after the last option that may still follow (hints, box edges, descriptions). */
const AFTER_OPTIONS = 8;

/** "❯ 1. Yes", "> 1. Sign in", "› 2. Always allow", "● 1. Trust folder", "  3. No". */
const OPTION = /^(?:([❯›>●▸])\s*)?(\d{1,2})[.)]\s+(\S.*)$/;

/** A pane line without box borders and edge whitespace. */
function content(line: string): string {
  return line
    .replace(/^\s*[│┃║|]\s?/, '')
    .replace(/\s?[│┃║|]\s*$/, '')
    .replace(/^\s*[┃]\s*/, '')
    .trim();
}

/** The label without its description column ("Allow         Run the tool…" → "Allow"). */
function label(text: string): string {
  return text
    .split(/\s{2,}/)[0]!
    .replace(/\s*\(esc\)$/, '')
    .trim();
}

interface Line {
  readonly index: number;
  readonly text: string;
  /** A horizontal rule or box edge: where a dialog begins or ends. */
  readonly rule: boolean;
}

const RULE = /^[╭╰─━═┌└]/;

/** Reads the prompt a pane shows, or null. Pure. */
export function readPrompt(backend: Backend, pane: string): PromptReading | null {
  const words = wordsFor(backend);
  const lines = paneLines(pane);
  const body: Line[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const text = content(lines[i] ?? '');
    if (!isBlank(text)) body.push({ index: i, text, rule: RULE.test(text) });
  }
  const bottom = body.slice(-BOTTOM_LINES);
  return numberedMenu(bottom, words) ?? strip(bottom, words) ?? standalone(bottom, words);
}

function numberedMenu(bottom: readonly Line[], words: PromptWords): PromptReading | null {
  // The last run 1, 2, … n of option lines (other lines between: descriptions).
  let run: { at: number; label: string; cursor: boolean }[] = [];
  let best: typeof run = [];
  for (let k = 0; k < bottom.length; k += 1) {
    if (bottom[k]?.rule) continue;
    const match = OPTION.exec(bottom[k]?.text ?? '');
    if (!match) continue;
    const n = Number(match[2]);
    const entry = { at: k, label: label(match[3] ?? ''), cursor: match[1] !== undefined };
    if (n === 1) run = [entry];
    else if (n === run.length + 1) run.push(entry);
    else run = [];
    if (run.length >= 2) best = [...run];
  }
  if (best.length < 2) return null;
  const cursorAt = best.findIndex((option) => option.cursor);
  // A numbered list without a cursor is text (tips, a plan), not a menu waiting for a key.
  if (cursorAt < 0) return null;
  const last = best[best.length - 1]!;
  if (bottom.length - 1 - last.at > AFTER_OPTIONS) return null;
  const first = best[0]!;
  const above = dialogAbove(bottom, first.at);
  const context = [...above, ...bottom.slice(first.at)].map((line) => line.text).join('\n');
  const kind = kindOf(context, words);
  const question = questionOf(above, words, kind);
  return {
    kind,
    question,
    options: best.map((option) => option.label),
    selected: cursorAt + 1,
  };
}

function kindOf(text: string, words: PromptWords): PromptKind {
  const has = (patterns: readonly RegExp[]) =>
    patterns.some((pattern) => text.split('\n').some((line) => pattern.test(line)));
  if (has(words.auth)) return 'auth';
  if (has(words.trust)) return 'trust';
  if (has(words.permission)) return 'permission';
  return 'selection';
}

/** The dialog's lines above its first option: up to the rule or box edge that opens it. */
function dialogAbove(bottom: readonly Line[], at: number): Line[] {
  const lines: Line[] = [];
  for (let k = at - 1; k >= 0 && lines.length < QUESTION_LINES; k -= 1) {
    const line = bottom[k];
    if (line === undefined || line.rule) break;
    lines.unshift(line);
  }
  return lines;
}

/**
 * The line naming the question: a known phrase of its kind nearest the options, else the nearest
 * line ending in "?", else the dialog's first line (its title).
 */
function questionOf(above: readonly Line[], words: PromptWords, kind: PromptKind): string {
  const phrases = kind === 'selection' ? [] : words[kind];
  for (let k = above.length - 1; k >= 0; k -= 1) {
    const text = above[k]?.text ?? '';
    if (phrases.some((pattern) => pattern.test(text))) return text;
  }
  for (let k = above.length - 1; k >= 0; k -= 1) {
    const text = above[k]?.text ?? '';
    if (/\?$/.test(text)) return text;
  }
  return above[0]?.text ?? '';
}

function strip(bottom: readonly Line[], words: PromptWords): PromptReading | null {
  if (words.strip === null) return null;
  for (let k = bottom.length - 1; k >= Math.max(0, bottom.length - 4); k -= 1) {
    const match = words.strip.exec(bottom[k]?.text ?? '');
    if (!match) continue;
    const above = dialogAbove(bottom, k);
    const kind = kindOf(above.map((line) => line.text).join('\n'), words);
    const question =
      [...above]
        .reverse()
        .find((line) => words.permission.some((p) => p.test(line.text)))
        ?.text.replace(/^[^\p{L}\p{N}]+/u, '') ?? 'Permission required';
    return {
      kind: kind === 'selection' ? 'permission' : kind,
      question,
      options: match.slice(1).map((option) => option ?? ''),
      selected: 1,
    };
  }
  return null;
}

function standalone(bottom: readonly Line[], words: PromptWords): PromptReading | null {
  for (let k = bottom.length - 1; k >= 0; k -= 1) {
    const text = bottom[k]?.text ?? '';
    for (const { pattern, kind } of words.standalone) {
      const match = pattern.exec(text);
      if (match)
        return { kind, question: text.replace(/^[⠀-⣿]\s*/, ''), options: [], selected: null };
    }
  }
  return null;
}
