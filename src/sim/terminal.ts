// ANSI for the sim's screen: set the terminal up (cursor hidden, bracketed paste on, raw input),
// draw a frame, and put everything back on exit.
import type { ScreenSize } from './screen.js';

const ESC = '\u001b';
/** Hide the cursor, ask for bracketed paste (tmux `paste-buffer -p` only brackets when asked), clear. */
export const TERMINAL_SETUP = `${ESC}[?25l${ESC}[?2004h${ESC}[H${ESC}[2J`;
export const TERMINAL_RESTORE = `${ESC}[?2004l${ESC}[?25h`;

/**
 * Every row is written in place (cursor to the row, text, erase to the end of the line) instead of
 * clearing first: a capture that lands in the middle of a redraw then sees old and new rows, never
 * an empty screen (an empty screen would read as "the limit banner vanished" or "not ready").
 */
export function frameToAnsi(lines: readonly string[]): string {
  return lines.map((line, row) => `${ESC}[${row + 1};1H${line}${ESC}[K`).join('');
}

/** After the last frame: the cursor below it, so whatever prints next does not overwrite it. */
export function cursorBelow(size: ScreenSize): string {
  return `${ESC}[${size.height};1H\r\n`;
}

export const DEFAULT_SIZE: ScreenSize = { width: 200, height: 50 };

export function terminalSize(stdout: NodeJS.WriteStream): ScreenSize {
  const { columns, rows } = stdout;
  return stdout.isTTY && columns > 0 && rows > 0 ? { width: columns, height: rows } : DEFAULT_SIZE;
}
