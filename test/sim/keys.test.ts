import { describe, expect, it } from 'vitest';
import { applyKey, emptyInput, type InputState } from '../../src/sim/input-line.js';
import {
  cleanPaste,
  decodeKeys,
  initialDecoderState,
  type DecoderState,
  type KeyEvent,
} from '../../src/sim/key-decoder.js';
import type { Quirks } from '../../src/sim/script-schema.js';

function decodeAll(chunks: string[], lineMode = false): KeyEvent[] {
  let state: DecoderState = initialDecoderState;
  const keys: KeyEvent[] = [];
  for (const chunk of chunks) {
    const result = decodeKeys(state, chunk, { lineMode });
    state = result.state;
    keys.push(...result.keys);
  }
  return keys;
}

describe('key decoder', () => {
  it('decodes text, Enter (CR), Backspace, Ctrl-U and Ctrl-C', () => {
    expect(decodeAll(['héllo wörld\r', 'ab\u007fc\b', '\u0015\u0003'])).toEqual([
      { kind: 'text', text: 'héllo wörld' },
      { kind: 'enter' },
      { kind: 'text', text: 'ab' },
      { kind: 'backspace' },
      { kind: 'text', text: 'c' },
      { kind: 'backspace' },
      { kind: 'clear' },
      { kind: 'clear' },
    ]);
  });

  it('drops escape sequences (arrows, function keys, a lone Escape), also split across chunks', () => {
    expect(decodeAll(['a\u001b[A\u001bOPb\u001b[1;5', 'Cc\u001b', '[Bd\u001bxe\u001b[3~'])).toEqual(
      [
        { kind: 'text', text: 'a' },
        { kind: 'text', text: 'b' },
        { kind: 'text', text: 'c' },
        { kind: 'text', text: 'd' },
        { kind: 'text', text: 'xe' },
      ],
    );
  });

  it('collects a bracketed paste (as tmux paste-buffer -p sends it); its newlines do not submit', () => {
    expect(decodeAll(['x\u001b[200~line one\rline two\r\nthree\u001b[201~\r'])).toEqual([
      { kind: 'text', text: 'x' },
      { kind: 'paste', text: 'line one\nline two\nthree' },
      { kind: 'enter' },
    ]);
  });

  it('finds the paste markers when a chunk boundary cuts them', () => {
    expect(decodeAll(['\u001b[20', '0~abc\u001b[2', '01', '~', 'z'])).toEqual([
      { kind: 'paste', text: 'abc' },
      { kind: 'text', text: 'z' },
    ]);
    expect(decodeAll(['\u001b[200~a\u001b', '[B\tb\u001b[201~'])).toEqual([
      { kind: 'paste', text: 'a b' },
    ]);
  });

  it('treats LF as a newline on a terminal (Ctrl-J) and as Enter from a pipe', () => {
    expect(decodeAll(['a\nb'])).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'newline' },
      { kind: 'text', text: 'b' },
    ]);
    expect(decodeAll(['a\r', '\nb\n'], true)).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'enter' },
      { kind: 'text', text: 'b' },
      { kind: 'enter' },
    ]);
    expect(decodeAll(['a\u001b\r'])).toEqual([{ kind: 'text', text: 'a' }, { kind: 'newline' }]);
  });

  it('cleans pasted text', () => {
    expect(cleanPaste('a\r\nb\rc\u0007\u001b[31md\te')).toBe('a\nb\ncd e');
  });
});

function typeKeys(
  keys: { key: KeyEvent; at: number }[],
  quirks: Quirks = {},
): { state: InputState; submitted: string[] } {
  let state = emptyInput;
  const submitted: string[] = [];
  for (const { key, at } of keys) {
    const result = applyKey(state, key, at, quirks);
    state = result.state;
    if (result.submitted !== null) submitted.push(result.submitted);
  }
  return { state, submitted };
}

const text = (value: string, at: number) => ({ key: { kind: 'text', text: value } as const, at });
const enter = (at: number) => ({ key: { kind: 'enter' } as const, at });

describe('input line', () => {
  it('edits and submits trimmed text; an empty Enter does nothing', () => {
    const result = typeKeys([
      enter(0),
      text('helo', 1),
      { key: { kind: 'backspace' }, at: 2 },
      { key: { kind: 'backspace' }, at: 3 },
      text('llo  ', 4),
      enter(5),
      text('gone', 6),
      { key: { kind: 'clear' }, at: 7 },
      text('multi', 8),
      { key: { kind: 'newline' }, at: 9 },
      text('line', 10),
      enter(11),
    ]);
    expect(result.submitted).toEqual(['hello', 'multi\nline']);
    expect(result.state.text).toBe('');
  });

  it('ignoreSubmits: the first N non-empty submits leave the text in place', () => {
    const result = typeKeys([enter(0), text('ping', 1), enter(2), enter(3), enter(4)], {
      ignoreSubmits: 2,
    });
    expect(result.submitted).toEqual(['ping']);
  });

  it('ignoreInput: nothing shows, nothing is received', () => {
    const result = typeKeys([text('ping', 1), enter(2)], { ignoreInput: true });
    expect(result).toEqual({ state: emptyInput, submitted: [] });
  });

  it('submit guard: an Enter soon after typing becomes a newline; a later one submits', () => {
    const quirks = { submitGuardMs: 500 };
    const early = typeKeys([text('ping', 1000), enter(1499)], quirks);
    expect(early.submitted).toEqual([]);
    expect(early.state.text).toBe('ping\n');
    const later = typeKeys([text('ping', 1000), enter(1200), enter(1500)], quirks);
    expect(later.submitted).toEqual(['ping']);
    const paste = typeKeys([{ key: { kind: 'paste', text: 'a\nb' }, at: 0 }, enter(100)], quirks);
    expect(paste.state.text).toBe('a\nb\n');
  });
});
