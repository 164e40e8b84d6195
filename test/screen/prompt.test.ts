// The `prompt` reading (src/screen/prompt.ts) on every pane fixture: real-client screens that wait
// for a person give their kind, question and options; no other fixture reads as a prompt.
import { describe, expect, it } from 'vitest';
import { optionsText, readPrompt } from '../../src/screen/prompt.js';
import { loadPaneFixtures } from '../helpers/pane-fixtures.js';

const fixtures = loadPaneFixtures();

describe('prompt reading over the pane fixture corpus', () => {
  it.each(fixtures.map((fixture) => [`${fixture.backend}/${fixture.name}`, fixture] as const))(
    '%s',
    (_label, fixture) => {
      expect(readPrompt(fixture.backend, fixture.pane)).toEqual(fixture.prompt);
    },
  );

  it('covers every kind with screens captured from the installed releases (client+version tagged)', () => {
    const captured = fixtures.filter(
      (fixture) => fixture.prompt !== null && fixture.source.startsWith('captured:'),
    );
    const tags = new Set(captured.map((fixture) => fixture.client));
    expect(tags).toEqual(new Set(['claude 2.1.197', 'codex 0.171.0', 'gemini 0.61.0']));
    const kinds = new Set(captured.map((fixture) => fixture.prompt?.kind));
    expect(kinds).toEqual(new Set(['trust', 'auth', 'selection']));
    // permission: the codex approval form and opencode's strip (measured screens, not captures).
    expect(fixtures.filter((fixture) => fixture.prompt?.kind === 'permission').length).toBe(3);
  });
});

describe('prompt reading edge cases', () => {
  it('a numbered list without a cursor is text, not a menu', () => {
    const pane =
      'Tips for getting started:\n1. Create GEMINI.md files\n2. /help for more information\n';
    expect(readPrompt('gemini', pane)).toBeNull();
  });

  it('a menu far above the bottom (history) is not the current prompt', () => {
    const menu = 'Do you want to proceed?\n❯ 1. Yes\n  2. No\n';
    const later = Array.from({ length: 12 }, (_, i) => `⏺ later output ${i}`).join('\n');
    expect(readPrompt('claude', `${menu}${later}\n`)).toBeNull();
    expect(readPrompt('claude', menu)).toEqual({
      kind: 'permission',
      question: 'Do you want to proceed?',
      options: ['Yes', 'No'],
      selected: 1,
    });
  });

  it("Claude Code's limit menu is a selection; its auth errors are auth screens", () => {
    const limit =
      '─'.repeat(60) +
      '\n What do you want to do?\n ❯ 1. Stop and wait for limit to reset\n   2. Upgrade your plan\n';
    expect(readPrompt('claude', limit)).toMatchObject({
      kind: 'selection',
      question: 'What do you want to do?',
    });
    expect(readPrompt('claude', '⎿  Not logged in · Please run /login\n')).toMatchObject({
      kind: 'auth',
      options: [],
    });
  });

  it('optionsText numbers the labels', () => {
    expect(optionsText(['Yes', 'No'])).toBe('1. Yes / 2. No');
  });
});
