// Turns a raw pane capture into a bounded list of clean lines, plus the small line helpers every
// dialect uses. The watchdog classifies every pane on every tick, and `launch classify` reads
// whatever file a user hands it, so the cost here must not depend on how big or hostile the input is.

/**
 * Lines kept from the bottom of a capture. A pane is 50 rows; the watchdog may add some history,
 * and users may paste a whole log into `launch classify`. Everything the readings need (status
 * line, freshest banner, WAITING-UNTIL) is near the bottom, so older lines are never looked at.
 */
export const MAX_LINES = 400;

/**
 * Characters kept from the start of each line. Panes are 200 columns wide; a capture joined with
 * `tmux capture-pane -J` can hold a few wrapped rows on one line. Banners, markers and status
 * lines all start near the beginning of their line.
 */
export const MAX_LINE_CHARS = 1000;

/** Characters read from the end of the input before splitting (bounds the split on huge input). */
const MAX_INPUT_CHARS = MAX_LINES * (MAX_LINE_CHARS + 1);

// Linear patterns (no nested quantifiers): CSI sequences, OSC strings, other two-byte escapes,
// then any C0/C1 control character left over (tabs become spaces first).
const CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
const ESC_PAIR = /\u001b[@-Z\\-_]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Clean lines of a capture: bounded, ANSI-free, control-free, trailing blank lines kept out. */
export function paneLines(raw: string): string[] {
  const text = raw.length > MAX_INPUT_CHARS ? raw.slice(raw.length - MAX_INPUT_CHARS) : raw;
  const lines = text.split(/\r\n|\r|\n/);
  const kept = lines.length > MAX_LINES ? lines.slice(lines.length - MAX_LINES) : lines;
  const clean = kept.map(cleanLine);
  let end = clean.length;
  while (end > 0 && isBlank(clean[end - 1] ?? '')) end -= 1;
  return clean.slice(0, end);
}

function cleanLine(line: string): string {
  const bounded = line.length > MAX_LINE_CHARS * 2 ? line.slice(0, MAX_LINE_CHARS * 2) : line;
  const plain = bounded
    .replace(CSI, '')
    .replace(OSC, '')
    .replace(ESC_PAIR, '')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '');
  return (plain.length > MAX_LINE_CHARS ? plain.slice(0, MAX_LINE_CHARS) : plain).trimEnd();
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Indexes of the last `count` non-blank lines at or above `before` (exclusive), top to bottom. */
export function lastNonBlank(
  lines: readonly string[],
  count: number,
  before = lines.length,
): number[] {
  const found: number[] = [];
  for (let i = before - 1; i >= 0 && found.length < count; i -= 1) {
    if (!isBlank(lines[i] ?? '')) found.push(i);
  }
  return found.reverse();
}

/**
 * The text of a line after its decoration: bullets, box borders, tree glyphs, emoji, brackets.
 * CLIs print banners and markers as the first words of a line after such glyphs ("  ⎿  You've hit
 * your limit", "■ You've hit your usage limit", "✕ [API Error: ..."), while prose and typed text
 * that merely mention them have them mid-line; anchoring at the body's start tells them apart.
 */
export function lineBody(line: string): string {
  // "ℹ" (Gemini's info glyph, "ℹ⚡ You have reached ...") is a letter to Unicode, not a word.
  return line.replace(/^(?:[^\p{L}\p{N}]|ℹ)+/u, '');
}

/**
 * An error label the CLIs put before an API error: "API Error: 400", "[Backend Error]", "ERROR:",
 * "Error from provider (Z.ai):".
 */
const ERROR_LABEL =
  /^(?:(?:API|Backend|Server)\s+)?Error\b(?:\s+from\s+provider(?:\s*\([^()\n]{1,40}\))?)?\]?:?\s*(?:\d{3}\b\s*)?[^\p{L}\p{N}]*/iu;

/** The body with a leading error label removed, and whether there was one. */
export function withoutErrorLabel(body: string): {
  readonly text: string;
  readonly labelled: boolean;
} {
  const match = ERROR_LABEL.exec(body);
  if (!match || match[0] === '') return { text: body, labelled: false };
  return { text: body.slice(match[0].length), labelled: true };
}

/** Collapses runs of whitespace to one space and trims, for quoting a line in `matched`. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Leading spaces of a line. */
export function indentOf(line: string): number {
  const match = /^ */.exec(line);
  return match ? match[0].length : 0;
}
