// What a dead pane says about its end: the exit status (or the signal) tmux recorded and the
// program's last words —
// the last non-empty lines it printed, without terminal escapes, tmux's "Pane is dead" notice, or the
// TUI's input box left drawn at the bottom (an empty "> " box explains nothing). Pure.
import { constants } from 'node:os';
import { stripTerminalControls } from '../util/terminal-text.js';

export interface PaneExit {
  /** The program's exit status; null when tmux did not record one. */
  readonly status: number | null;
  /** The signal that ended it (a program killed by SIGHUP has no exit status); null: none known. */
  readonly signal?: number | null;
  /** Its last non-empty lines (at most LAST_WORDS_LINES), newline-joined; '' when it said nothing. */
  readonly lastWords: string;
}

export const LAST_WORDS_LINES = 4;
const LAST_WORDS_MAX = 400;
/** Characters of an input box's frame, prompt and rules: a suffix made of such lines is chrome. */
const CHROME = /[─━│┃╭╮╰╯┌┐└┘═║>›❯▌]/;

/**
 * `screen`: the pane's text; `inputAreaOf`: the bottom lines the backend's dialect takes for its
 * input box (cut when the screen ends with them and they look like a box, not like words).
 */
export function paneExit(
  screen: string,
  ended: { readonly status: number | null; readonly signal?: number | null },
  inputAreaOf: (text: string) => string = () => '',
): PaneExit {
  let lines = stripTerminalControls(screen, { keepNewlines: true })
    .split('\n')
    .filter((line) => !/^Pane is dead\b/.test(line.trim()));
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  const box = inputAreaOf(lines.join('\n')).split('\n');
  while (box.length > 0 && box[box.length - 1]?.trim() === '') box.pop();
  // Compared line by line without trailing blanks: dialects read panes with their lines trimmed.
  const shape = (rows: readonly string[]): string => rows.map((row) => row.trimEnd()).join('\n');
  const boxText = shape(box);
  if (boxText.trim() !== '' && CHROME.test(boxText) && shape(lines.slice(-box.length)) === boxText)
    lines = lines.slice(0, -box.length);
  const words = lines
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-LAST_WORDS_LINES)
    .join('\n');
  return {
    status: ended.status,
    ...(ended.signal !== undefined && ended.signal !== null ? { signal: ended.signal } : {}),
    lastWords: words.length > LAST_WORDS_MAX ? `…${words.slice(-(LAST_WORDS_MAX - 1))}` : words,
  };
}

/** "its program exited with status 3", "… was killed by SIGHUP (signal 1)" (a dead session's `why`). */
export function exitWhy(exit: PaneExit | undefined): string {
  if (exit?.signal !== undefined && exit.signal !== null)
    return `its program was killed by ${signalName(exit.signal)}`;
  if (exit === undefined || exit.status === null) return 'its program exited';
  return `its program exited with status ${exit.status}`;
}

/** "SIGHUP (signal 1)"; "signal 77" for a number this system has no name for. */
function signalName(signal: number): string {
  const name = Object.entries(constants.signals).find(([, number]) => number === signal)?.[0];
  return name === undefined ? `signal ${signal}` : `${name} (signal ${signal})`;
}
