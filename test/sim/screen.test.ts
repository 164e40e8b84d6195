import { describe, expect, it } from 'vitest';
import { renderScreen, wrapText, type ScreenView } from '../../src/sim/screen.js';
import { FATAL_ERROR, FOOTER, limitBanner, statusLine } from '../../src/sim/texts.js';

const SIZE = { width: 200, height: 50 };
const RULE = '─'.repeat(200);

const view = (patch: Partial<ScreenView> = {}): ScreenView => ({
  title: 'launch sim · builder · phase p1',
  transcript: [],
  status: null,
  input: '',
  ...patch,
});

describe('sim screen (the sim screen contract)', () => {
  it('draws header, transcript, spacer, status line, rules, input line and footer', () => {
    const lines = renderScreen(
      view({
        transcript: [
          { kind: 'event', text: 'building gate g1' },
          { kind: 'input', text: 'watchdog ping: hello' },
          { kind: 'raw', text: 'Claude AI usage limit reached|1762952400' },
        ],
        status: statusLine(12),
        input: 'typed so far',
      }),
      SIZE,
    );
    expect(lines).toHaveLength(50);
    expect(lines[0]).toBe('✻ launch sim · builder · phase p1');
    expect(lines[1]).toBe('');
    expect(lines.slice(2, 5)).toEqual([
      '⏺ building gate g1',
      '> watchdog ping: hello',
      'Claude AI usage limit reached|1762952400',
    ]);
    expect(lines.slice(5, 44).every((line) => line === '')).toBe(true);
    expect(lines.slice(44)).toEqual([
      '',
      '✻ Simulating… (12s · esc to interrupt)',
      RULE,
      '> typed so far',
      RULE,
      FOOTER,
    ]);
    expect(FOOTER).toBe('  ? for shortcuts');
  });

  it('leaves the status row blank when idle', () => {
    const lines = renderScreen(view(), SIZE);
    expect(lines.slice(-6)).toEqual(['', '', RULE, '> ', RULE, FOOTER]);
  });

  it('has no input box and no footer before the UI is ready', () => {
    const lines = renderScreen(view({ input: null }), SIZE);
    expect(lines).toHaveLength(50);
    expect(lines.slice(2).every((line) => line === '')).toBe(true);
  });

  it('shows only the newest transcript rows that fit, newest at the bottom', () => {
    const transcript = Array.from({ length: 100 }, (_, i) => ({
      kind: 'event' as const,
      text: `event ${i}`,
    }));
    const lines = renderScreen(view({ transcript }), SIZE);
    const rows = lines.slice(2, 44);
    expect(rows[0]).toBe('⏺ event 58');
    expect(rows.at(-1)).toBe('⏺ event 99');
  });

  it('wraps long lines at the width (verbatim lines from column 0, others indented)', () => {
    const lines = renderScreen(
      view({
        transcript: [
          { kind: 'raw', text: FATAL_ERROR },
          { kind: 'input', text: 'x'.repeat(250) },
        ],
      }),
      { width: 100, height: 20 },
    );
    expect(lines.every((line) => Array.from(line).length <= 100)).toBe(true);
    expect(lines.slice(2, 4).join('')).toBe(FATAL_ERROR.slice(0, 200));
    const start = lines.findIndex((line) => line.startsWith('> x'));
    expect(lines.slice(start, start + 3)).toEqual([
      `> ${'x'.repeat(98)}`,
      `  ${'x'.repeat(98)}`,
      `  ${'x'.repeat(54)}`,
    ]);
  });

  it('grows the input box for multi-line input (up to a quarter of the screen)', () => {
    const lines = renderScreen(view({ input: 'first\nsecond\n' }), SIZE);
    expect(lines.slice(-6)).toEqual([RULE, '> first', '  second', '  ', RULE, FOOTER]);
    const many = renderScreen(
      view({ input: Array.from({ length: 30 }, (_, i) => `l${i}`).join('\n') }),
      SIZE,
    );
    expect(many).toHaveLength(50);
    expect(many.at(-3)).toBe('  l29');
    expect(many.filter((line) => /^ {2}l\d+$|^> l\d+$/.test(line))).toHaveLength(12);
  });

  it('shows banners as the contract prints them', () => {
    expect(limitBanner(1762952400_000, 'epoch', 'UTC')).toBe(
      'Claude AI usage limit reached|1762952400',
    );
    expect(limitBanner(Date.UTC(2026, 0, 15, 15, 4), 'time', 'UTC')).toBe(
      "You've hit your limit · resets 3:04pm (UTC)",
    );
  });

  it('survives tiny terminals', () => {
    expect(renderScreen(view({ status: statusLine(1) }), { width: 5, height: 3 })).toHaveLength(3);
    expect(wrapText('', 10)).toEqual(['']);
    expect(wrapText('abc\n\ndef', 2)).toEqual(['ab', 'c', '', 'de', 'f']);
  });
});
