// Draws the sim's screen as lines (pure): header, transcript, status line, input box and footer,
// laid out as the sim screen contract says, for a given terminal size.
import type { TranscriptEntry } from './model.js';
import { EVENT_MARK, FOOTER, HEADER_MARK } from './texts.js';

export interface ScreenView {
  /** `launch sim · <role> · phase <id>` (the header mark is added). */
  readonly title: string;
  readonly transcript: readonly TranscriptEntry[];
  /** The status line while busy; null when idle (the row stays blank). */
  readonly status: string | null;
  /** The text typed so far; null until the UI is ready (no input box, no footer yet). */
  readonly input: string | null;
}

export interface ScreenSize {
  readonly width: number;
  readonly height: number;
}

/** Splits text into rows of at most `width` characters (code points; the sim prints no wide ones). */
export function wrapText(text: string, width: number): string[] {
  const rows: string[] = [];
  for (const line of text.split('\n')) {
    const chars = Array.from(line);
    if (chars.length === 0) rows.push('');
    for (let i = 0; i < chars.length; i += Math.max(1, width))
      rows.push(chars.slice(i, i + Math.max(1, width)).join(''));
  }
  return rows;
}

/** Rows for a text with a 2-column first-row prefix and an indent for the rest. */
function prefixed(text: string, prefix: string, width: number): string[] {
  return wrapText(text, Math.max(1, width - 2)).map((row, i) => `${i === 0 ? prefix : '  '}${row}`);
}

export function entryRows(entry: TranscriptEntry, width: number): string[] {
  switch (entry.kind) {
    case 'event':
      return prefixed(entry.text, `${EVENT_MARK} `, width);
    case 'input':
      return prefixed(entry.text, '> ', width);
    case 'raw':
    case 'error':
      return wrapText(entry.text, width);
  }
}

export function renderScreen(view: ScreenView, size: ScreenSize): string[] {
  const width = Math.max(10, size.width);
  const height = Math.max(1, size.height);
  const clip = (line: string) => Array.from(line).slice(0, width).join('');
  const rule = '─'.repeat(width);

  const bottom: string[] = ['', view.status ?? ''];
  if (view.input !== null) {
    // The input box grows with multi-line input, up to a quarter of the screen (newest rows).
    const maxRows = Math.max(1, Math.floor(height / 4));
    const inputRows = prefixed(view.input, '> ', width).slice(-maxRows);
    bottom.push(rule, ...inputRows, rule, FOOTER);
  }
  const top = [`${HEADER_MARK} ${view.title}`, ''];
  const transcriptRows = Math.max(0, height - top.length - bottom.length);
  const rows = view.transcript.flatMap((entry) => entryRows(entry, width));
  const shown = transcriptRows === 0 ? [] : rows.slice(-transcriptRows);
  const middle = [...shown, ...Array<string>(transcriptRows - shown.length).fill('')];
  return [...top, ...middle, ...bottom].slice(-height).map(clip);
}
