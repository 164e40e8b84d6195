// The frame every look shares: a title, the newest transcript rows that fit, then the look's own
// bottom rows (working line, input box, footer), clipped to the terminal size.
import { wrapText, type ScreenSize } from './screen.js';

/** Rows for a text with a first-row prefix and an indent of the same width for the rest. */
export function prefixedRows(text: string, prefix: string, width: number, indent = ''): string[] {
  const pad = indent || ' '.repeat(Array.from(prefix).length);
  return wrapText(text, Math.max(1, width - Array.from(prefix).length)).map(
    (row, i) => `${i === 0 ? prefix : pad}${row}`,
  );
}

export function composeFrame(
  top: readonly string[],
  transcript: readonly string[],
  bottom: readonly string[],
  size: ScreenSize,
): string[] {
  const width = Math.max(10, size.width);
  const height = Math.max(1, size.height);
  const clip = (line: string) => Array.from(line).slice(0, width).join('');
  const room = Math.max(0, height - top.length - bottom.length);
  const shown = room === 0 ? [] : transcript.slice(-room);
  const middle = [...shown, ...Array<string>(room - shown.length).fill('')];
  return [...top, ...middle, ...bottom].slice(-height).map(clip);
}

/** A frame's width as the looks draw it (never narrower than 10 columns). */
export const frameWidth = (size: ScreenSize): number => Math.max(10, size.width);
