// Typing into a UI that is not found (issue 12): a screen no dialect recognises gets the original
// launcher's typing, counted delivered only when confirmed — by the text leaving the bottom rows or
// by the agent's prompt-submitted signal — and reported not delivered otherwise. Real tmux (private
// socket), a real program drawing an unknown screen, real signal files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, describeDelivery, typedWhole } from '../../src/agents/deliver.js';
import { fileConfirmations } from '../../src/agents/prompt-confirmations.js';
import { signalsFile } from '../../src/evidence/types.js';
import { dialectFor } from '../../src/screen/dialects.js';
import { PING_CLAIM } from '../../src/watchdog/messages.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const UNKNOWN_UI = fileURLToPath(new URL('../fixtures/programs/unknown-ui.mjs', import.meta.url));
const target = { dialect: dialectFor('claude'), clearInputKeys: ['C-u'] };
const QUICK = {
  readyTimeoutMs: 6_000,
  unrecognisedGraceMs: 1_000,
  confirmDelayMs: 300,
  submitPauseMs: 300,
  signalWaitMs: 1_500,
};

describe('fallback typing into an unknown screen (real tmux)', () => {
  let world: PrivateTmux;
  let temp: { dir: string; remove: () => void };
  let logDir: string;
  let count = 0;

  beforeAll(() => {
    world = privateTmux('fallback');
    temp = makeTempDir();
    logDir = join(temp.dir, 'logs');
    mkdirSync(join(logDir, 'signals'), { recursive: true });
  });
  afterAll(async () => {
    await world.dispose();
    temp.remove();
  });

  async function unknownUi(
    mode: 'clears' | 'keeps' | 'hidden',
    withSignals: boolean,
  ): Promise<{ name: string; received: () => string[] }> {
    const name = `ui-${++count}`;
    const receivedFile = join(temp.dir, `${name}.received`);
    const created = await world.tmux.newSession({
      name,
      cwd: temp.dir,
      command: [process.execPath, UNKNOWN_UI],
      env: {
        UNKNOWN_UI_MODE: mode,
        UNKNOWN_UI_RECEIVED: receivedFile,
        ...(withSignals ? { UNKNOWN_UI_SIGNALS: signalsFile(logDir, name) } : {}),
      },
    });
    expect(created.ok).toBe(true);
    const pane = await waitFor('the unknown UI draws', async () => {
      const text = await world.tmux.capture(name);
      return text?.includes('pondering the cosmos') ? text : false;
    });
    // The premise: no dialect knows this screen, and it never looks ready.
    const reading = target.dialect.classify(pane, { now: new Date(), zone: 'UTC' });
    expect(reading.recognised).toBe(false);
    expect(target.dialect.isReady(pane)).toBe(false);
    const received = (): string[] =>
      existsSync(receivedFile)
        ? readFileSync(receivedFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as string)
        : [];
    return { name, received };
  }

  it('counts it delivered when the text was seen in the bottom rows and then left them', async () => {
    const ui = await unknownUi('clears', false);
    const started = Date.now();
    const delivery = await deliver(world.tmux, ui.name, PING_CLAIM, target, QUICK);
    expect(delivery).toMatchObject({
      kind: 'delivered',
      confirmedBy: 'screen',
      fallback: true,
      submits: 1,
    });
    // The unknown screen ended the ready wait early (after the grace), not at its timeout.
    expect(Date.now() - started).toBeLessThan(QUICK.readyTimeoutMs);
    expect(ui.received()).toEqual([PING_CLAIM]);
    expect(describeDelivery(delivery)).toMatch(/text leaving the bottom lines.*fallback/);
  });

  it('counts it delivered on a prompt-submitted signal when the text never leaves the screen', async () => {
    const ui = await unknownUi('keeps', true);
    const delivery = await deliver(world.tmux, ui.name, PING_CLAIM, target, {
      ...QUICK,
      confirmations: fileConfirmations(logDir),
    });
    expect(delivery).toMatchObject({ kind: 'delivered', confirmedBy: 'signal', fallback: true });
    expect(ui.received()[0]).toBe(PING_CLAIM);
  });

  it('counts it delivered on a signal when the typed text never shows at all', async () => {
    const ui = await unknownUi('hidden', true);
    const delivery = await deliver(world.tmux, ui.name, PING_CLAIM, target, {
      ...QUICK,
      confirmations: fileConfirmations(logDir),
    });
    expect(delivery).toMatchObject({ kind: 'delivered', confirmedBy: 'signal', submits: 1 });
    expect(ui.received()).toEqual([PING_CLAIM]);
  });

  it('reports not delivered when nothing confirms it (text stays, no signal)', async () => {
    const ui = await unknownUi('keeps', false);
    const delivery = await deliver(world.tmux, ui.name, PING_CLAIM, target, {
      ...QUICK,
      maxSubmits: 3,
      confirmations: fileConfirmations(logDir),
    });
    expect(delivery).toMatchObject({ kind: 'not-delivered', reason: 'unrecognised' });
    expect(describeDelivery(delivery)).toMatch(
      /no dialect recognised .* typed anyway: not confirmed: the text stayed in the bottom lines after 3 × Enter and no prompt-submitted signal came/,
    );
  });

  it('reports not delivered when the text never shows and no signal comes', async () => {
    const ui = await unknownUi('hidden', false);
    const delivery = await deliver(world.tmux, ui.name, PING_CLAIM, target, {
      ...QUICK,
      confirmations: fileConfirmations(logDir),
    });
    expect(delivery).toMatchObject({ kind: 'not-delivered', reason: 'unrecognised' });
    expect(describeDelivery(delivery)).toMatch(/never showed in the bottom lines/);
  });

  it('stops at once, not delivered, when its session is killed mid-wait (abort)', async () => {
    const ui = await unknownUi('hidden', false);
    const controller = new AbortController();
    const started = Date.now();
    const pending = deliver(world.tmux, ui.name, PING_CLAIM, target, {
      ...QUICK,
      unrecognisedGraceMs: 60_000,
      readyTimeoutMs: 60_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort('restarted'), 500);
    const delivery = await pending;
    expect(delivery).toMatchObject({ kind: 'not-delivered', reason: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('prompt-submitted confirmations (signal files)', () => {
  it('reads only prompt-submitted lines at or after the instant asked about', () => {
    const temp = makeTempDir();
    try {
      const logDir = temp.dir;
      mkdirSync(join(logDir, 'signals'));
      const lines = [
        { ts: '2026-12-06T01:00:00.000Z', event: 'prompt-submitted', source: 'claude' },
        { ts: '2026-12-06T01:00:05.000Z', event: 'stop', source: 'claude' },
      ];
      writeFileSync(
        signalsFile(logDir, 'agent'),
        `${lines.map((line) => JSON.stringify(line)).join('\n')}\nnot json\n{"ts":"x"}\n`,
      );
      const confirmations = fileConfirmations(logDir);
      expect(confirmations.promptSubmittedSince('agent', Date.parse('2026-12-06T00:59:59Z'))).toBe(
        true,
      );
      expect(confirmations.promptSubmittedSince('agent', Date.parse('2026-12-06T01:00:01Z'))).toBe(
        false,
      );
      expect(confirmations.promptSubmittedSince('nobody', 0)).toBe(false);
    } finally {
      temp.remove();
    }
  });

  it('checks the whole text: a lost last character is not an echo', () => {
    expect(typedWhole('> ends with a semicolon;', 'ends with a semicolon;')).toBe(true);
    expect(typedWhole('> ends with a semicolon', 'ends with a semicolon;')).toBe(false);
    const long = `${PING_CLAIM} Then check the gate list; the end of this text is unique.`;
    const wrapped = `│ > ${long.slice(0, 90)}\n│   ${long.slice(90)} │`;
    expect(typedWhole(wrapped, long)).toBe(true);
    expect(typedWhole(wrapped.slice(0, -5), long)).toBe(false);
  });
});
