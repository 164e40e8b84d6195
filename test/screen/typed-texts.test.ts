// Nothing the watchdog types may read back as a usage limit, a fatal error or a WAITING-UNTIL
// marker (the original launcher once probed with "usage limit has reset" and kept a limit window
// open forever). Every text comes from src/watchdog/messages.ts; every dialect and placement is tried.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../../src/config/fields.js';
import { dialectFor } from '../../src/screen/dialects.js';
import type { PaneReading } from '../../src/screen/types.js';
import {
  FIXED_TEXTS,
  bootstrapText,
  probeText,
  typedPrefix,
  wakeText,
} from '../../src/watchdog/messages.js';
import { frameFor, hardWrap, wordWrap } from '../helpers/pane-frames.js';

const WAKE = wakeText(readFileSync(new URL('../../prompts/wake.md', import.meta.url), 'utf8'));
const context = { now: new Date('2026-03-01T12:00:00Z'), zone: 'America/New_York' };

/** Log dirs a user might have, including ones full of the very words the readers look for. */
const HOSTILE_PATHS = [
  '/home/me/my plan/.launch/.kickoff-loop-builder.txt',
  `/tmp/it's "quoted" $(touch PWNED) \`id\`; rm -rf ~/.launch/.kickoff-loop-adv.txt`,
  '/home/josé/計画/🚀 plan/.launch/.kickoff-loop-orchestrator.txt',
  '/srv/usage limit reached/5-hour limit reached ∙ resets 3am/.kickoff-loop-builder.txt',
  "/tmp/You've hit your limit · resets 8pm (Asia/Dhaka)/.kickoff-loop-adv.txt",
  '/tmp/You’ve hit your session limit · resets 12:50am (America/Los_Angeles)/k.txt',
  '/tmp/Claude AI usage limit reached|1762952400/.kickoff-loop-builder.txt',
  '/tmp/WAITING-UNTIL: 2030-01-01T00:00:00Z/.kickoff-loop-builder.txt',
  '/tmp/API Error: 400 thinking blocks cannot be modified/redacted_thinking/.kickoff.txt',
  "/tmp/■ You've hit your usage limit. try again in 4 days 6 hours 37 minutes/.kickoff.txt",
  '/tmp/Usage limit reached for 5 hour. Your limit will reset at 2026-04-11 20:30:24/k.txt',
  '/tmp/RESOURCE_EXHAUSTED/You have exhausted your capacity on this model/k.txt',
  // Lengths chosen so that wrapping puts the words at the start of a row: "Your full kickoff
  // prompt is in " is 31 characters, rows are 198 wide (72 in opencode's prompt box).
  `/${'a'.repeat(165)}/Limit reached · resets 11:30am (Asia/Calcutta)/.kickoff-loop-builder.txt`,
  `/${'a'.repeat(163)} Limit reached · resets 11:30am (Asia/Calcutta)/.kickoff-loop-builder.txt`,
  `/${'b'.repeat(165)}/WAITING-UNTIL: 2030-01-01T00:00:00Z/.kickoff-loop-builder.txt`,
  `/${'e'.repeat(165)}/API Error: 400 thinking blocks cannot be modified/.kickoff.txt`,
  `/${'c'.repeat(39)}/5-hour limit reached ∙ resets 3am/.kickoff-loop-builder.txt`,
  `/${'c'.repeat(38)} 5-hour limit reached ∙ resets 3am/.kickoff-loop-builder.txt`,
  `/${'d'.repeat(39)}/WAITING-UNTIL: 2030-01-01T00:00:00Z/.kickoff-loop-builder.txt`,
];

/** The text alone, typed into the input box, echoed after submitting, and both, wrapped two ways. */
function placements(backend: Backend, text: string): string[] {
  const frame = frameFor(backend);
  const panes = [text];
  for (const wrap of [hardWrap, wordWrap]) {
    panes.push(frame.screen(['⏺ ready for the next gate'], text, wrap));
    panes.push(
      frame.screen(['⏺ ready for the next gate', '', ...frame.echo(text, wrap)], '', wrap),
    );
    panes.push(frame.screen(frame.echo(text, wrap), text, wrap));
  }
  return panes;
}

function misreadings(reading: PaneReading): Partial<PaneReading> {
  const wrong: Partial<{ -readonly [K in keyof PaneReading]: PaneReading[K] }> = {};
  if (reading.limited) wrong.limited = true;
  if (reading.fatal) wrong.fatal = true;
  if (reading.waitingUntil !== null) wrong.waitingUntil = reading.waitingUntil;
  return wrong;
}

function expectReadsAsNothing(text: string): void {
  for (const backend of BACKENDS) {
    for (const pane of placements(backend, text)) {
      const reading = dialectFor(backend).classify(pane, context);
      expect(misreadings(reading), `${backend} read ${JSON.stringify(pane.slice(0, 300))}`).toEqual(
        {},
      );
    }
  }
}

describe('texts the watchdog types', () => {
  it('are all covered: pings, inbox pings and every role probe', () => {
    expect(FIXED_TEXTS.length).toBeGreaterThanOrEqual(7);
    expect(FIXED_TEXTS).toContain(probeText('orchestrator'));
    expect(WAKE.length).toBeGreaterThan(100);
  });

  it.each(FIXED_TEXTS.map((text) => [typedPrefix(text), text] as const))(
    'never read as a limit, fatal error or marker: %s…',
    (_label, text) => {
      expectReadsAsNothing(text);
      // Nor as work: none of them carries a status line.
      for (const backend of BACKENDS) {
        for (const pane of placements(backend, text)) {
          expect(dialectFor(backend).classify(pane, context).active, backend).toBe(false);
        }
      }
    },
  );

  it("the Orchestrator's wake prompt (prompts/wake.md) never reads as one", () => {
    expectReadsAsNothing(WAKE);
  });

  it.each(HOSTILE_PATHS.map((path) => [path] as const))(
    'the bootstrap line never reads as one, even for the log dir %s',
    (path) => {
      expectReadsAsNothing(bootstrapText(path));
    },
  );

  it('the bootstrap line never reads as one for generated paths', () => {
    const segment = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => !/[\n\r]/.test(s)),
      fc.constantFrom(
        'limit reached ∙ resets 3am',
        "You've hit your limit",
        'WAITING-UNTIL: 2031-05-05T05:05:05Z',
        'thinking blocks cannot be modified',
        '|1762952400',
        'resets Sep 21, 6pm (America/Toronto)',
        '.launch',
      ),
    );
    const path = fc
      .array(segment, { minLength: 1, maxLength: 8 })
      .map((parts) => `/${parts.join('/')}`);
    fc.assert(
      fc.property(path, (generated) => {
        expectReadsAsNothing(bootstrapText(generated));
      }),
      { numRuns: 150, seed: 20260301 },
    );
  });

  it('typing the probe into a limited pane neither lifts nor moves the window', () => {
    for (const backend of BACKENDS) {
      const frame = frameFor(backend);
      const banner = ["You've hit your limit · resets 11am (America/New_York)"];
      const before = dialectFor(backend).classify(frame.screen(banner, '', wordWrap), context);
      expect(before, backend).toMatchObject({
        limited: true,
        resetAt: '2026-03-01T11:00:00-05:00',
      });
      const probe = probeText('builder');
      for (const pane of [
        frame.screen(banner, probe, wordWrap),
        frame.screen([...banner, '', ...frame.echo(probe, wordWrap)], '', wordWrap),
      ]) {
        expect(dialectFor(backend).classify(pane, context), backend).toEqual(before);
      }
    }
  });
});
