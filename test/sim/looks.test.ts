// The sim's looks stay honest to the real clients: each screen the sim draws in a client's look is
// read by that client's dialect as the state the sim is in (ready, working, limited, a prompt), and
// typed text shows in the input area that dialect reads.
import { describe, expect, it } from 'vitest';
import { typedWhole } from '../../src/agents/deliver.js';
import { dialectFor } from '../../src/screen/dialects.js';
import { simDialect } from '../../src/screen/sim.js';
import type { Dialect } from '../../src/screen/types.js';
import { codexBanner } from '../../src/sim/look-codex.js';
import { geminiBanner } from '../../src/sim/look-gemini.js';
import { opencodeBusyBar } from '../../src/sim/look-opencode.js';
import { lookPromptKinds, SIM_LOOKS, type SimLook } from '../../src/sim/looks.js';
import { parseSimOptions } from '../../src/sim/options.js';
import type { SimPromptKind } from '../../src/sim/prompt-texts.js';
import type { Step } from '../../src/sim/script-schema.js';
import { makeContext, SimHarness, T0 } from './sim-harness.js';

const dialectOf = (look: SimLook): Dialect => (look === 'claude' ? simDialect : dialectFor(look));
const read = { now: new Date(T0), zone: 'UTC' };

function sim(look: SimLook, steps: readonly Step[]): SimHarness {
  const harness = new SimHarness(makeContext(steps, { look }));
  harness.advance(10);
  return harness;
}
const pane = (harness: SimHarness): string => harness.frame().join('\n');

describe.each(SIM_LOOKS)('the %s look, read by its dialect', (look) => {
  const dialect = dialectOf(look);

  it('idle at its input box: ready, recognised, neither working nor limited', () => {
    const harness = sim(look, [{ do: 'say', text: 'read the plan' }, { do: 'idle' }]);
    const screen = pane(harness);
    expect(dialect.isReady(screen)).toBe(true);
    const reading = dialect.classify(screen, read);
    expect(reading).toMatchObject({ active: false, limited: false, fatal: false });
    expect(reading.recognised).toBe(true);
    expect(dialect.prompt(screen)).toBeNull();
  });

  it('shows typed text in the input area it reads, short or wrapped, and not once submitted', () => {
    const harness = sim(look, [{ do: 'idle' }]);
    for (const text of [
      'claim(p1-g1) is on origin/main: review it',
      `a long handoff ${'word '.repeat(60)}end`,
    ]) {
      harness.input = { text, lastTypedAt: harness.now, ignoredSubmits: 0 };
      expect(typedWhole(dialect.inputArea(pane(harness)), text)).toBe(true);
      harness.input = { text: '', lastTypedAt: null, ignoredSubmits: 0 };
      harness.line(text);
      expect(typedWhole(dialect.inputArea(pane(harness)), text)).toBe(false);
      expect(dialect.classify(pane(harness), read).limited).toBe(false);
    }
  });

  it('working: its working line is the active marker, seconds in and minutes in', () => {
    const harness = sim(look, [{ do: 'work', seconds: 600 }]);
    harness.advance(5_000);
    const early = dialect.classify(pane(harness), read);
    expect(early.active).toBe(true);
    expect(early.matched).not.toBeNull();
    harness.advance(70_000);
    expect(dialect.classify(pane(harness), read).active).toBe(true);
    expect(dialect.isReady(pane(harness))).toBe(true);
  });

  it('limited: its banner reads as a limit, still after a probe sent before the reset', () => {
    const harness = sim(look, [{ do: 'limit', resetSeconds: 3600, style: 'time' }]);
    const reading = dialect.classify(pane(harness), read);
    expect(reading.limited).toBe(true);
    expect(reading.active).toBe(false);
    if (look === 'opencode') expect(reading.resetAt).toBeNull();
    else expect(Date.parse(reading.resetAt ?? '')).toBe(T0 + 3600_000);
    harness.advance(60_000);
    harness.line('the usage window should be open again: go on');
    expect(dialect.classify(pane(harness), read).limited).toBe(true);
    // After the reset, a probe resumes it: the banner is gone and it works again.
    harness.advance(3600_000);
    harness.line('go on');
    const after = dialect.classify(pane(harness), { ...read, now: new Date(harness.now) });
    expect(after.limited).toBe(false);
    expect(after.active).toBe(true);
  });

  it.each(lookPromptKinds(look))('draws its %s dialog as that client does', (kind) => {
    const harness = sim(look, [
      { do: 'prompt', kind },
      { do: 'say', text: 'answered' },
    ]);
    const screen = pane(harness);
    const prompt = dialect.prompt(screen);
    const expected: Record<SimPromptKind, string> = {
      permission: 'permission',
      trust: 'trust',
      selection: 'selection',
      login: 'auth',
    };
    expect(prompt?.kind).toBe(expected[kind]);
    expect(prompt?.options.length).toBeGreaterThanOrEqual(2);
    expect(prompt?.selected).toBe(1);
    expect(dialect.isReady(screen)).toBe(false);
    expect(dialect.classify(screen, read).active).toBe(false);
    // Enter picks the option under the cursor and the script goes on.
    harness.send({ kind: 'choice', key: 'enter', now: harness.now });
    expect(dialect.prompt(pane(harness))).toBeNull();
    expect(dialect.isReady(pane(harness))).toBe(true);
  });
});

describe('look texts', () => {
  it("Codex's banner names the reset as its date format does, read as that instant", () => {
    const at = Date.UTC(2026, 11, 6, 15, 45);
    expect(codexBanner(at, 'UTC')).toBe(
      'You’ve hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again at Dec 6th, 2026 3:45 PM.',
    );
    for (const [day, suffix] of [
      [1, 'st'],
      [2, 'nd'],
      [3, 'rd'],
      [11, 'th'],
      [12, 'th'],
      [13, 'th'],
      [22, 'nd'],
      [31, 'st'],
    ] as const)
      expect(codexBanner(Date.UTC(2026, 0, day, 9, 5), 'UTC')).toContain(
        `Jan ${day}${suffix}, 2026 9:05 AM.`,
      );
  });

  it("Gemini's banner gives the reset in the short zone name Intl prints", () => {
    const text = geminiBanner(Date.UTC(2026, 11, 6, 15, 45), 'America/Sao_Paulo');
    expect(text.split('\n')).toEqual([
      'Usage limit reached for gemini-2.5-pro.',
      'Access resets at 12:45 PM GMT-3.',
      '/stats model for usage details',
      '/model to switch models.',
    ]);
  });

  it("opencode's busy bar moves every second and always reads as busy", () => {
    const bars = [0, 1, 2, 3].map(opencodeBusyBar);
    expect(new Set(bars).size).toBe(4);
    for (const bar of bars) expect(bar).toMatch(/^[⬝■]{8}$/);
  });

  it('lists only the dialogs each client has', () => {
    expect(lookPromptKinds('claude')).toEqual(['permission', 'trust', 'selection', 'login']);
    expect(lookPromptKinds('codex')).toEqual(['permission', 'login']);
    expect(lookPromptKinds('gemini')).toEqual(['trust']);
    expect(lookPromptKinds('opencode')).toEqual(['permission']);
  });
});

describe('--look', () => {
  it('picks the look; claude by default; anything else is one clear line', () => {
    const env = { LAUNCH_ROLE: 'builder' };
    const given = parseSimOptions(['--look', 'codex', '--', 'go'], env);
    expect(given.ok && given.value.look).toBe('codex');
    const unset = parseSimOptions(['--', 'go'], env);
    expect(unset.ok && unset.value.look).toBe('claude');
    const bad = parseSimOptions(['--look', 'cursor', '--', 'go'], env);
    expect(bad.ok ? null : bad.error).toBe(
      '--look must be one of claude, codex, gemini, opencode, got "cursor"',
    );
  });
});
