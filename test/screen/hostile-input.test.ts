// Random and hostile input: the watchdog classifies every pane on every tick and `launch classify`
// reads whatever file it is given, so no input may throw, and the cost must stay bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../../src/config/fields.js';
import { dialectFor } from '../../src/screen/dialects.js';
import type { PaneReading } from '../../src/screen/types.js';

const context = { now: new Date('2026-03-01T12:00:00Z'), zone: 'Europe/Berlin' };

/** Pieces of real screens, so random panes hit the recognisers' edges, not just noise. */
const FRAGMENTS = [
  '\n',
  '\n',
  '\n',
  ' ',
  '  ',
  '  ⎿  ',
  '⏺ ',
  '● ',
  '❯ ',
  '> ',
  '› ',
  '▌ ',
  '┃  ',
  '│ > ',
  '■ ',
  '✕ [API Error: ',
  '✻ ',
  '· ',
  '⠋ ',
  '…',
  '...',
  '(',
  ')',
  '(12s · esc to interrupt)',
  '(8m 39s · ↓ 834 tokens)',
  'esc to interrupt',
  'esc interrupt',
  '⬝⬝⬝■■■■■',
  '(esc to cancel, 12s)',
  '• Working (13s • esc to interrupt)',
  'Working (4s)',
  '─'.repeat(60),
  `╭${'─'.repeat(40)}╮`,
  `╰${'─'.repeat(40)}╯`,
  `  ╹${'▀'.repeat(30)}`,
  '? for shortcuts',
  '5-hour limit reached ∙ resets ',
  "You've hit your limit · resets ",
  'You’ve hit your weekly limit · resets ',
  'Claude AI usage limit reached|',
  '1762952400',
  'Limit reached · resets ',
  'Claude usage limit reached. Your limit will reset at ',
  "You've hit your usage limit. ",
  'or try again in ',
  'try again at ',
  '4 days 6 hours 37 minutes.',
  '53s',
  '4h28m20s',
  'Your quota will reset after ',
  'Usage limit reached for 5 hour. Your limit will reset at ',
  '2026-04-11 20:30:24',
  '3am',
  '12pm',
  '12:50am',
  '6:44 PM',
  'Sep 21, 6pm',
  'Mon 12:00am',
  'Oct 31, 9am',
  'Jun 18th, 2026 8:41 AM',
  '(America/New_York)',
  '(Asia/Dhaka)',
  '(Etc/GMT+5)',
  '(Mars/Olympus)',
  'GMT-3',
  'UTC+14',
  'RESOURCE_EXHAUSTED',
  'now using Sonnet 4',
  'Switching to the gemini-2.5-flash model',
  "You've used 95% of your weekly limit",
  'API Error: 400 ',
  '`thinking` or `redacted_thinking` blocks in the latest assistant message cannot be modified',
  'WAITING-UNTIL: ',
  '2026-03-01T12:30:00+01:00',
  '2026-13-45T99:99',
  'Z',
  '\u001b[31m',
  '\u001b[0m',
  '\u001b]0;title\u0007',
  '\r',
  '\t',
  '\u0000',
  '\u009b',
  '\ud800',
  '\udfff',
  '\ufffd',
  '🚀',
  '計画',
  'a'.repeat(300),
];

const paneText = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 })
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 300 })
      .map((bytes) => Buffer.from(bytes).toString('utf8')),
  },
);

/** Readings that contradict themselves are bugs whatever the input. */
function checkConsistent(reading: PaneReading): void {
  if (reading.active && (reading.limited || reading.fatal))
    throw new Error('active and limited/fatal');
  if (reading.limited && reading.fatal) throw new Error('limited and fatal');
  if (!reading.limited && (reading.resetAt !== null || reading.resetSource !== null)) {
    throw new Error('a reset without a limit');
  }
  if ((reading.resetAt === null) !== (reading.resetSource === null))
    throw new Error('reset half set');
  for (const instant of [reading.resetAt, reading.waitingUntil]) {
    if (
      instant !== null &&
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/.test(instant)
    ) {
      throw new Error(`not an ISO instant with offset: ${instant}`);
    }
  }
  if ((reading.active || reading.limited || reading.fatal) && reading.matched === null) {
    throw new Error('a reading with nothing matched');
  }
}

describe('random and hostile panes', () => {
  it('100,000 generated panes never throw and never contradict themselves', () => {
    const started = performance.now();
    fc.assert(
      fc.property(paneText, fc.constantFrom(...BACKENDS), (pane, backend) => {
        const dialect = dialectFor(backend);
        checkConsistent(dialect.classify(pane, context));
        dialect.isReady(pane);
        dialect.inputArea(pane);
      }),
      { numRuns: 100_000, seed: 4242 },
    );
    // Seconds, not minutes, even on a loaded two-core machine.
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 120_000);

  const huge: [string, () => string][] = [
    ['a 20 MB line', () => 'x'.repeat(20_000_000)],
    ['a million short lines', () => 'line\n'.repeat(1_000_000)],
    ['a banner word soup line', () => "You've hit your limit · resets ".repeat(40_000)],
    ['nested parentheses', () => `✻ Herding… ${'('.repeat(100_000)}${')'.repeat(100_000)}`],
    ['a spinner verb that never ends', () => `✻ ${'a'.repeat(1_000_000)}… (12s)`],
    ['a never-ending wait', () => `try again in ${'1 '.repeat(200_000)}`],
    ['a never-ending clock', () => `resets ${'12:'.repeat(200_000)}`],
    ['rules all the way down', () => `${'─'.repeat(200)}\n`.repeat(50_000)],
    ['prompts all the way down', () => '❯ x\n'.repeat(200_000)],
    ['markers all the way down', () => 'WAITING-UNTIL: 2026-99-99T00:00:00Z\n'.repeat(100_000)],
    [
      'errors all the way down',
      () => 'API Error: 400 messages.1.content.0: nope\n'.repeat(100_000),
    ],
    ['escape sequences', () => '\u001b['.repeat(500_000)],
    ['an unterminated OSC string', () => `\u001b]${'x'.repeat(2_000_000)}`],
    [
      'control characters',
      () => Array.from({ length: 100_000 }, (_, i) => String.fromCharCode(i % 32)).join(''),
    ],
    [
      'invalid UTF-8',
      () =>
        Buffer.from(Array.from({ length: 1_000_000 }, (_, i) => (i * 37) % 256)).toString('utf8'),
    ],
    ['lone surrogates', () => '\ud800\udbff\udc00'.repeat(300_000)],
  ];

  it.each(huge)(
    '%s: every dialect reads it in bounded time',
    (_label, make) => {
      const pane = make();
      for (const backend of BACKENDS) {
        const dialect = dialectFor(backend);
        const started = performance.now();
        checkConsistent(dialect.classify(pane, context));
        dialect.isReady(pane);
        dialect.inputArea(pane);
        // Generous for a loaded machine; a backtracking regex or a quadratic scan takes minutes.
        expect(performance.now() - started, backend).toBeLessThan(3_000);
      }
    },
    60_000,
  );

  it('an invalid zone in the context falls back to UTC instead of throwing', () => {
    const reading = dialectFor('claude').classify('  ⎿  5-hour limit reached ∙ resets 3pm', {
      now: new Date('2026-03-01T12:00:00Z'),
      zone: 'Not/AZone',
    });
    expect(reading).toMatchObject({ limited: true, resetAt: '2026-03-01T15:00:00Z' });
  });
});
