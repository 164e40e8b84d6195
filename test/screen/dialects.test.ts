// What the typing path uses: is the UI ready, where does typed text sit, which key submits.
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../../src/config/fields.js';
import { dialectFor } from '../../src/screen/dialects.js';
import { typedPrefix, PING_CLAIM } from '../../src/watchdog/messages.js';
import { frameFor, wordWrap } from '../helpers/pane-frames.js';

describe('dialectFor', () => {
  it('has one dialect per backend, each naming its backend', () => {
    for (const backend of BACKENDS) expect(dialectFor(backend).backend).toBe(backend);
  });

  it('submits with C-m in opencode and Enter elsewhere', () => {
    expect(Object.fromEntries(BACKENDS.map((b) => [b, dialectFor(b).submitKey]))).toEqual({
      claude: 'Enter',
      opencode: 'C-m',
      codex: 'Enter',
      gemini: 'Enter',
      sim: 'Enter',
    });
  });
});

describe('input area', () => {
  it.each(BACKENDS.map((b) => [b] as const))(
    '%s: typed text is in it until submitted, then only in the transcript',
    (backend) => {
      const dialect = dialectFor(backend);
      const frame = frameFor(backend);
      const prefix = typedPrefix(PING_CLAIM);
      const typed = frame.screen(['⏺ ready'], PING_CLAIM, wordWrap);
      const submitted = frame.screen(
        ['⏺ ready', '', ...frame.echo(PING_CLAIM, wordWrap)],
        '',
        wordWrap,
      );
      expect(dialect.inputArea(typed)).toContain(prefix);
      expect(dialect.inputArea(submitted)).not.toContain(prefix);
      expect(submitted).toContain(prefix);
    },
  );
});

describe('ready', () => {
  it.each(BACKENDS.map((b) => [b] as const))('%s: the drawn input box is ready', (backend) => {
    expect(dialectFor(backend).isReady(frameFor(backend).screen(['⏺ ready'], '', wordWrap))).toBe(
      true,
    );
  });

  it.each(BACKENDS.map((b) => [b] as const))('%s: a blank or booting pane is not', (backend) => {
    expect(dialectFor(backend).isReady('')).toBe(false);
    expect(dialectFor(backend).isReady('$ claude --dangerously-skip-permissions\nLoading…')).toBe(
      false,
    );
  });

  it('sim: ready only once the "? for shortcuts" footer is drawn', () => {
    const rule = '─'.repeat(200);
    const screen = ['✻ launch sim · builder · phase p1', '', '', rule, '> ', rule];
    expect(dialectFor('sim').isReady(screen.join('\n'))).toBe(false);
    expect(dialectFor('sim').isReady([...screen, '  ? for shortcuts'].join('\n'))).toBe(true);
  });

  it('claude: the folder-trust dialog is not ready even though it shows "❯"', () => {
    const rule = '─'.repeat(200);
    const dialog = [
      rule,
      ' Do you trust the files in this folder?',
      '',
      rule,
      ' ❯ 1. Yes, I trust this folder',
      '   2. No, exit',
      rule,
      ' Enter to confirm · Esc to exit',
    ].join('\n');
    expect(dialectFor('claude').isReady(dialog)).toBe(false);
  });

  it('codex: a startup dialog is not ready even though it shows "›"', () => {
    const dialog = [
      '  Do you trust the contents of this directory?',
      '',
      '› 1. Yes, continue',
      '  2. No, quit',
      '',
      '  Press enter to continue',
    ].join('\n');
    expect(dialectFor('codex').isReady(dialog)).toBe(false);
  });
});
