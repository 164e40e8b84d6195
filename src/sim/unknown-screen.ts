// The sim's "unknown" screen style: what a new client release might draw and no dialect knows. No
// rules around the prompt, a bare "» " prompt, a spinner line whose words no recogniser knows that
// still changes every second while busy (so screen motion is the only sign of work), and transcript
// marks no reader uses. Typed text shows after the prompt and Enter submits, as everywhere.
import type { TranscriptEntry } from './model.js';
import { wrapText, type ScreenSize } from './screen.js';

export const UNKNOWN_PROMPT = '» ';
const FRAMES = ['◐', '◓', '◑', '◒'];
const WORDS = [
  'Percolating notions',
  'Sifting particulars',
  'Weighing options',
  'Tidying thoughts',
];

/** The spinner line after `elapsedSeconds` of work: a different text every second. */
export function unknownSpinnerLine(elapsedSeconds: number): string {
  const second = Math.max(0, Math.floor(elapsedSeconds));
  const frame = FRAMES[second % FRAMES.length] ?? '◐';
  const words = WORDS[Math.floor(second / 8) % WORDS.length] ?? 'Percolating notions';
  return `${frame} ${words}${'.'.repeat((second % 3) + 1)} [tick ${second}]`;
}

function entryRows(entry: TranscriptEntry, width: number): string[] {
  const prefix = entry.kind === 'event' ? '◦ ' : entry.kind === 'input' ? '» ' : '';
  if (prefix === '') return wrapText(entry.text, width);
  return wrapText(entry.text, Math.max(1, width - 2)).map(
    (row, i) => `${i === 0 ? prefix : '  '}${row}`,
  );
}

export interface UnknownView {
  readonly title: string;
  readonly transcript: readonly TranscriptEntry[];
  /** Seconds busy (the spinner shows), or null when idle. */
  readonly busySeconds: number | null;
  /** Typed text; null until the UI takes input (no prompt yet). */
  readonly input: string | null;
}

export function renderUnknownScreen(view: UnknownView, size: ScreenSize): string[] {
  const width = Math.max(10, size.width);
  const height = Math.max(1, size.height);
  const clip = (line: string) => Array.from(line).slice(0, width).join('');
  const bottom: string[] = [
    '',
    view.busySeconds === null ? '' : unknownSpinnerLine(view.busySeconds),
    '',
  ];
  if (view.input !== null) {
    const maxRows = Math.max(1, Math.floor(height / 4));
    const rows = wrapText(view.input, Math.max(1, width - 2))
      .map((row, i) => `${i === 0 ? UNKNOWN_PROMPT : '  '}${row}`)
      .slice(-maxRows);
    bottom.push(...rows);
  }
  const top = [view.title, ''];
  const transcriptRows = Math.max(0, height - top.length - bottom.length);
  const rows = view.transcript.flatMap((entry) => entryRows(entry, width));
  const shown = transcriptRows === 0 ? [] : rows.slice(-transcriptRows);
  const middle = [...shown, ...Array<string>(transcriptRows - shown.length).fill('')];
  return [...top, ...middle, ...bottom].slice(-height).map(clip);
}
