// Draws each CLI's screen around given text, the way the fixtures show them: for tests that put
// a text into the input box or the transcript of every dialect.
import type { Backend } from '../../src/config/fields.js';

const WIDTH = 200;
const RULE = '─'.repeat(WIDTH);

/** Breaks `text` into rows of at most `width` characters, hard (mid-word) like a terminal does. */
export function hardWrap(text: string, width: number): string[] {
  const rows: string[] = [];
  for (const line of text.split('\n')) {
    const chars = Array.from(line);
    if (chars.length === 0) rows.push('');
    for (let i = 0; i < chars.length; i += width) rows.push(chars.slice(i, i + width).join(''));
  }
  return rows;
}

/** Breaks `text` at spaces into rows of at most `width` characters (long words are split). */
export function wordWrap(text: string, width: number): string[] {
  const rows: string[] = [];
  for (const line of text.split('\n')) {
    let row = '';
    for (const word of line.split(' ')) {
      const candidate = row === '' ? word : `${row} ${word}`;
      if (Array.from(candidate).length <= width) {
        row = candidate;
        continue;
      }
      if (row !== '') rows.push(row);
      row = word;
      while (Array.from(row).length > width) {
        rows.push(Array.from(row).slice(0, width).join(''));
        row = Array.from(row).slice(width).join('');
      }
    }
    rows.push(row);
  }
  return rows;
}

export type Wrap = (text: string, width: number) => string[];

interface Frame {
  /** A user message as the transcript shows it once submitted. */
  echo(text: string, wrap: Wrap): string[];
  /** The whole screen: transcript, then the input box holding `typed`, then the footer. */
  screen(transcript: readonly string[], typed: string, wrap: Wrap): string;
}

const prefixed = (rows: string[], first: string, rest: string): string[] =>
  rows.map((row, i) => `${i === 0 ? first : rest}${row}`);

const claudeLike = (prompt: string, footer: string): Frame => ({
  echo: (text, wrap) => prefixed(wrap(text, WIDTH - 2), prompt, '  '),
  screen: (transcript, typed, wrap) =>
    [...transcript, '', RULE, ...prefixed(wrap(typed, WIDTH - 2), prompt, '  '), RULE, footer].join(
      '\n',
    ),
});

const FRAMES: Record<Backend, Frame> = {
  claude: claudeLike('❯ ', '  ⏸ manual mode on · ? for shortcuts · ← for agents'),
  sim: claudeLike('> ', '  ? for shortcuts'),
  codex: {
    echo: (text, wrap) => prefixed(wrap(text, WIDTH - 2), '› ', '  '),
    screen: (transcript, typed, wrap) =>
      [
        ...transcript,
        '',
        ...prefixed(wrap(typed, WIDTH - 2), '› ', '  '),
        '',
        '  100% context left · ? for shortcuts',
      ].join('\n'),
  },
  gemini: {
    echo: (text, wrap) => prefixed(wrap(text, WIDTH - 2), '> ', '  '),
    screen: (transcript, typed, wrap) => {
      const inner = WIDTH - 6;
      const rows = prefixed(wrap(typed, inner), '│ > ', '│   ').map(
        (row) => row.padEnd(WIDTH - 1) + '│',
      );
      return [
        ...transcript,
        '',
        `╭${'─'.repeat(WIDTH - 2)}╮`,
        ...rows,
        `╰${'─'.repeat(WIDTH - 2)}╯`,
        '~/project (main*)        no sandbox        gemini-2.5-pro (97% context left)',
      ].join('\n');
    },
  },
  opencode: {
    // opencode draws prompts in a gutter box about 76 columns wide.
    echo: (text, wrap) => ['  ┃', ...prefixed(wrap(text, 72), '  ┃  ', '  ┃  '), '  ┃'],
    screen: (transcript, typed, wrap) =>
      [
        ...transcript,
        '',
        '  ┃',
        ...prefixed(wrap(typed, 72), '  ┃  ', '  ┃  '),
        '  ┃',
        '  ┃  Build · claude-sonnet-4 Anthropic',
        `  ╹${'▀'.repeat(75)}`,
        '   tab agents  ctrl+p commands',
      ].join('\n'),
  },
};

export function frameFor(backend: Backend): Frame {
  return FRAMES[backend];
}
