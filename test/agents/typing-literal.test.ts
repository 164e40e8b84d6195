// Typing reaches the pane byte for byte (issue 13: a text ending in `;` lost it, tmux reading it as
// a command separator). A real tmux server on a private socket; the pane runs a raw-mode recorder
// that appends every byte it receives to a file, so the test compares exactly what arrived.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literalArgument } from '../../src/adapters/tmux.js';
import { deliver } from '../../src/agents/deliver.js';
import { dialectFor } from '../../src/screen/dialects.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { startSim, waitForScreen } from '../sim/sim-session.js';

/** Raw mode (no echo, no line editing, no CR/LF mapping): stdin goes to the file untouched. */
const RECORDER = `
const { appendFileSync, writeFileSync } = require('node:fs');
const file = process.argv[1];
writeFileSync(file, '');
process.stdin.setRawMode(true);
process.stdin.on('data', (chunk) => appendFileSync(file, chunk));
process.stdout.write('recording\\n');
`;

const TEXTS = [
  'ends with a semicolon;',
  'ends with an escaped one\\;',
  'two at the end;;',
  ';',
  '\\;',
  'a ; in the middle; and at the end;',
  'runs $(touch PWNED) and `id` and ${HOME}',
  `quotes ' " and a lone \\ backslash`,
  'first line\nsecond line',
  'unicode: é ü ß — ✓ ⏺ 日本語 🙂',
  '-starts with a dash',
  'Enter C-m Escape (key names typed as words)',
];

describe('typing literally (real tmux)', () => {
  let world: PrivateTmux;
  let temp: { dir: string; remove: () => void };
  let count = 0;

  beforeAll(() => {
    world = privateTmux('literal');
    temp = makeTempDir();
  });
  afterAll(async () => {
    await world.dispose();
    temp.remove();
  });

  async function recorder(): Promise<{ name: string; received: () => string }> {
    const name = `rec-${++count}`;
    const file = join(temp.dir, `${name}.bytes`);
    const created = await world.tmux.newSession({
      name,
      cwd: temp.dir,
      command: [process.execPath, '-e', RECORDER, file],
    });
    expect(created.ok).toBe(true);
    await waitFor('the recorder is up', async () =>
      (await world.tmux.capture(name))?.includes('recording'),
    );
    return { name, received: () => (existsSync(file) ? readFileSync(file, 'utf8') : '') };
  }

  it('escapes only a trailing `;`, with exactly one backslash', () => {
    expect(literalArgument('abc;')).toBe('abc\\;');
    expect(literalArgument('abc\\;')).toBe('abc\\\\;');
    expect(literalArgument(';')).toBe('\\;');
    expect(literalArgument('a;b')).toBe('a;b');
    expect(literalArgument('plain')).toBe('plain');
  });

  it.each(TEXTS)('sendLiteral delivers %j whole', async (text) => {
    const pane = await recorder();
    const sent = await world.tmux.sendLiteral(pane.name, text);
    expect(sent.ok).toBe(true);
    await world.tmux.sendLiteral(pane.name, '|END');
    const got = await waitFor('the bytes arrived', () =>
      pane.received().endsWith('|END') ? pane.received() : false,
    );
    expect(got).toBe(`${text}|END`);
  });

  it('pasteText (long texts, through a buffer) delivers every character too', async () => {
    const pane = await recorder();
    const text = `${TEXTS.join(' ¦ ')} ${'x'.repeat(1_200)};`;
    const pasted = await world.tmux.pasteText(pane.name, text);
    expect(pasted.ok).toBe(true);
    const got = await waitFor('the paste arrived', () =>
      pane.received().endsWith(';') ? pane.received() : false,
    );
    // The buffer is pasted as typed text (no bracketed-paste markers: the recorder never asked).
    expect(got).toBe(text.replace(/\n/g, '\r'));
  });

  it('deliver counts a text ending in `;` delivered only with its `;`, and the agent gets it whole', async () => {
    const name = 'sim-semicolon';
    await startSim(world.tmux, temp.dir, {
      name,
      role: 'adversary',
      cwd: temp.dir,
      logDir: temp.dir,
      script: {
        adversary: { steps: [{ do: 'wait', match: 'never-matches', waitingUntilSeconds: 600 }] },
      },
    });
    await waitForScreen(world.tmux, name, 'ready', (_rows, text) =>
      text.includes('? for shortcuts'),
    );
    const text = 'watchdog ping: pull, then run `make check; make test`;';
    const delivery = await deliver(
      world.tmux,
      name,
      text,
      { dialect: dialectFor('sim'), clearInputKeys: ['C-u'] },
      { confirmDelayMs: 300, submitPauseMs: 300 },
    );
    expect(delivery).toMatchObject({ kind: 'delivered', confirmedBy: 'screen' });
    await waitForScreen(world.tmux, name, 'the whole text in the transcript', (_rows, screen) =>
      screen.includes(`> ${text}`),
    );
  });
});
