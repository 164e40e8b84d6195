// The input line: editing keys, submitting, and the quirks real agents show when typed into
// (a swallowed first Enter, an Enter right after a burst of typing becoming a newline).
import type { KeyEvent } from './key-decoder.js';
import type { Quirks } from './script-schema.js';

export interface InputState {
  readonly text: string;
  /** When the last character was typed or pasted (ms), for the submit guard. */
  readonly lastTypedAt: number | null;
  /** Non-empty submits swallowed so far by the `ignoreSubmits` quirk. */
  readonly ignoredSubmits: number;
}

export const emptyInput: InputState = { text: '', lastTypedAt: null, ignoredSubmits: 0 };

export interface KeyResult {
  readonly state: InputState;
  /** The submitted message (trimmed), or null when the key did not submit. */
  readonly submitted: string | null;
}

export function applyKey(state: InputState, key: KeyEvent, now: number, quirks: Quirks): KeyResult {
  const unchanged = { state, submitted: null };
  if (quirks.ignoreInput) return unchanged;
  switch (key.kind) {
    case 'text':
    case 'paste':
      return {
        state: { ...state, text: state.text + key.text, lastTypedAt: now },
        submitted: null,
      };
    case 'backspace':
      return {
        state: { ...state, text: Array.from(state.text).slice(0, -1).join('') },
        submitted: null,
      };
    case 'clear':
      return { state: { ...state, text: '' }, submitted: null };
    case 'newline':
      return { state: { ...state, text: `${state.text}\n` }, submitted: null };
    case 'enter': {
      const message = state.text.trim();
      if (message === '') return unchanged;
      const guard = quirks.submitGuardMs ?? 0;
      if (guard > 0 && state.lastTypedAt !== null && now - state.lastTypedAt < guard) {
        // Too soon after typing: taken as part of a paste, so it becomes a newline. The newline
        // itself is not "typing", so a later Enter is measured from the last real character.
        return { state: { ...state, text: `${state.text}\n` }, submitted: null };
      }
      if (state.ignoredSubmits < (quirks.ignoreSubmits ?? 0)) {
        return { state: { ...state, ignoredSubmits: state.ignoredSubmits + 1 }, submitted: null };
      }
      return { state: { ...state, text: '' }, submitted: message };
    }
  }
}
