// The sim agent's typing quirks in real tmux: the launcher's delivery logic is tested against them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quirks } from '../../src/sim/script-schema.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { inputBox, rows, startSim, typeLine, waitForScreen } from './sim-session.js';

describe('sim agent quirks in tmux', () => {
  let world: PrivateTmux;
  let temp: { dir: string; remove: () => void };
  let logDir: string;

  beforeAll(() => {
    world = privateTmux('simq');
    temp = makeTempDir('launch-simq-');
    logDir = join(temp.dir, 'logs');
    mkdirSync(logDir);
  });

  afterAll(async () => {
    await world.dispose();
    temp.remove();
  });

  /** A sim that waits for any line and says what it got (until a timeout, when given). */
  async function receiver(name: string, quirks: Quirks, timeoutSeconds?: number): Promise<void> {
    await startSim(world.tmux, temp.dir, {
      name,
      role: 'builder',
      cwd: temp.dir,
      logDir,
      script: {
        builder: {
          quirks,
          steps: [
            { do: 'wait', match: '.', ...(timeoutSeconds ? { timeoutSeconds } : {}) },
            { do: 'say', text: 'received' },
            { do: 'idle' },
          ],
        },
      },
    });
  }

  const ready = (name: string) =>
    waitForScreen(world.tmux, name, 'ready', (screen) => inputBox(screen).footer);

  it('edits with Backspace and Ctrl-U; a bracketed paste keeps its newlines until Enter', async () => {
    const { tmux } = world;
    await receiver('edit', {});
    await ready('edit');
    await tmux.sendLiteral('edit', 'abcX');
    await tmux.sendKeys('edit', ['BSpace']);
    await waitForScreen(tmux, 'edit', 'backspace', (s) => inputBox(s).rows.includes('> abc'));
    await tmux.sendKeys('edit', ['C-u']);
    await waitForScreen(tmux, 'edit', 'cleared', (s) => inputBox(s).rows.join('|') === '>');
    await tmux.pasteText('edit', 'pasted one\npasted two');
    const pasted = await waitForScreen(tmux, 'edit', 'paste in the input box', (s) =>
      inputBox(s).rows.includes('  pasted two'),
    );
    expect(inputBox(pasted).rows).toEqual(['> pasted one', '  pasted two']);
    expect(pasted).not.toContain('⏺ received');
    await tmux.sendKeys('edit', ['Enter']);
    const received = await waitForScreen(tmux, 'edit', 'paste submitted', (s) =>
      s.includes('⏺ received'),
    );
    const at = received.indexOf('> pasted one');
    expect(received[at + 1]).toBe('  pasted two');
  }, 60_000);

  it('ignoreSubmits: the first Enter leaves the text in the input line, the next submits', async () => {
    const { tmux } = world;
    await receiver('swallow', { ignoreSubmits: 1 });
    await ready('swallow');
    await typeLine(tmux, 'swallow', 'first try');
    // A key typed after the Enter shows the Enter was handled (keys arrive in order) without submitting.
    await tmux.sendLiteral('swallow', '!');
    const swallowed = await waitForScreen(tmux, 'swallow', 'text still typed', (s) =>
      inputBox(s).rows.includes('> first try!'),
    );
    expect(swallowed).not.toContain('⏺ received');
    await tmux.sendKeys('swallow', ['BSpace', 'Enter']);
    const received = await waitForScreen(tmux, 'swallow', 'second Enter submits', (s) =>
      s.includes('⏺ received'),
    );
    expect(received).toContain('> first try');
  }, 60_000);

  it('submitGuardMs: an Enter right after typing becomes a newline; a later one submits', async () => {
    const { tmux } = world;
    await receiver('guard', { submitGuardMs: 3000 });
    await ready('guard');
    await tmux.sendLiteral('guard', 'guarded');
    const typedAt = Date.now();
    await tmux.sendKeys('guard', ['Enter']);
    const held = await waitForScreen(
      tmux,
      'guard',
      'newline instead of submit',
      (s) => inputBox(s).rows.length === 2,
    );
    expect(inputBox(held).rows).toEqual(['> guarded', '']);
    expect(held).not.toContain('⏺ received');
    await waitFor('the guard has passed', () => Date.now() > typedAt + 3300, { timeoutMs: 10_000 });
    await tmux.sendKeys('guard', ['Enter']);
    const received = await waitForScreen(tmux, 'guard', 'submitted', (s) =>
      s.includes('⏺ received'),
    );
    expect(received).toContain('> guarded');
  }, 60_000);

  it('readyDelayMs: no footer at first, keys typed before it are lost', async () => {
    const { tmux } = world;
    await receiver('slow', { readyDelayMs: 4000 });
    const starting = await waitForScreen(
      tmux,
      'slow',
      'header drawn',
      (s) => s[0] === '✻ launch sim · builder · phase p1',
    );
    expect(inputBox(starting).footer).toBe(false);
    await typeLine(tmux, 'slow', 'too early');
    expect(inputBox(await rows(tmux, 'slow')).footer).toBe(false);
    const shown = await ready('slow');
    expect(shown.join('\n')).not.toContain('too early');
    await typeLine(tmux, 'slow', 'in time');
    const received = await waitForScreen(tmux, 'slow', 'received', (s) => s.includes('⏺ received'));
    expect(received).toContain('> in time');
  }, 60_000);

  it('ignoreInput: typed text never shows and is never received', async () => {
    const { tmux } = world;
    await receiver('deaf', { ignoreInput: true }, 4);
    await ready('deaf');
    await typeLine(tmux, 'deaf', 'anyone there');
    const after = await waitForScreen(tmux, 'deaf', 'wait timed out', (s) =>
      s.includes('⏺ nothing matching arrived in time; going on'),
    );
    expect(after.join('\n')).not.toContain('anyone there');
    expect(inputBox(after).rows).toEqual(['>']);
  }, 60_000);
});
