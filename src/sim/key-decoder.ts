// Turns raw terminal input (as tmux sends it) into key events: text, Backspace, Ctrl-U, Enter,
// bracketed pastes; other escape sequences are dropped. Pure, and safe across chunk boundaries.

export type KeyEvent =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'paste'; readonly text: string }
  | { readonly kind: 'backspace' }
  | { readonly kind: 'clear' }
  | { readonly kind: 'enter' }
  | { readonly kind: 'newline' };

export interface DecoderState {
  /** An unfinished escape sequence (or paste end marker) carried to the next chunk. */
  readonly carry: string;
  /** Inside `ESC[200~ … ESC[201~`, and the pasted text so far. */
  readonly paste: string | null;
  /** The last character was a CR (so a following LF is part of the same line end in line mode). */
  readonly afterCr: boolean;
}

export const initialDecoderState: DecoderState = { carry: '', paste: null, afterCr: false };

export interface DecodeOptions {
  /**
   * stdin is not a terminal (a pipe): LF ends a line too. In raw terminal mode Enter arrives as CR
   * and LF (Ctrl-J) inserts a newline, as in Claude Code.
   */
  readonly lineMode: boolean;
}

const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';

/** Pasted text as it will sit in the input: line ends as \n, no other control characters. */
export function cleanPaste(text: string): string {
  return text
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
}

/** The longest tail of `text` that could be the start of `marker` (kept for the next chunk). */
function partialMarkerTail(text: string, marker: string): number {
  for (let length = Math.min(marker.length - 1, text.length); length > 0; length--) {
    if (marker.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

export function decodeKeys(
  state: DecoderState,
  chunk: string,
  options: DecodeOptions,
): { readonly state: DecoderState; readonly keys: readonly KeyEvent[] } {
  const keys: KeyEvent[] = [];
  const input = state.carry + chunk;
  let paste = state.paste;
  let afterCr = state.afterCr;
  let text = '';
  const flushText = () => {
    if (text !== '') keys.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < input.length) {
    if (paste !== null) {
      const end = input.indexOf(PASTE_END, i);
      if (end < 0) {
        const rest = input.slice(i);
        const keep = partialMarkerTail(rest, PASTE_END);
        paste += rest.slice(0, rest.length - keep);
        return { state: { carry: rest.slice(rest.length - keep), paste, afterCr }, keys };
      }
      paste += input.slice(i, end);
      keys.push({ kind: 'paste', text: cleanPaste(paste) });
      paste = null;
      i = end + PASTE_END.length;
      continue;
    }
    const ch = input[i] ?? '';
    const wasAfterCr = afterCr;
    afterCr = false;
    if (ch === '\u001b') {
      flushText();
      const next = input[i + 1];
      if (next === undefined) return { state: { carry: input.slice(i), paste, afterCr }, keys };
      if (next === '[') {
        let end = i + 2;
        while (end < input.length && !/[@-~]/.test(input[end] ?? '')) end++;
        if (end >= input.length) return { state: { carry: input.slice(i), paste, afterCr }, keys };
        const sequence = input.slice(i, end + 1);
        if (sequence === PASTE_START) paste = '';
        i = end + 1;
        continue;
      }
      if (next === 'O') {
        if (i + 2 >= input.length)
          return { state: { carry: input.slice(i), paste, afterCr }, keys };
        i += 3;
        continue;
      }
      if (next === '\r') {
        // Alt+Enter / Option+Enter: a newline in the input, as in Claude Code.
        keys.push({ kind: 'newline' });
        i += 2;
        continue;
      }
      // A lone Escape: dropped; the character after it is an ordinary key.
      i += 1;
      continue;
    }
    if (ch === '\r') {
      flushText();
      keys.push({ kind: 'enter' });
      afterCr = true;
    } else if (ch === '\n') {
      flushText();
      if (!options.lineMode) keys.push({ kind: 'newline' });
      else if (!wasAfterCr) keys.push({ kind: 'enter' });
    } else if (ch === '\u007f' || ch === '\b') {
      flushText();
      keys.push({ kind: 'backspace' });
    } else if (ch === '\u0015' || ch === '\u0003') {
      // Ctrl-U clears the input line; so does Ctrl-C (the sim has no turn to interrupt).
      flushText();
      keys.push({ kind: 'clear' });
    } else if (ch < ' ') {
      // Other control keys (Tab, Ctrl-D, ...) do nothing.
    } else {
      text += ch;
    }
    i += 1;
  }
  flushText();
  return { state: { carry: '', paste, afterCr }, keys };
}
