// Typing that is known to arrive, against the sim agent in real tmux: agents that swallow the first
// Enter, read an Enter right after typing as a newline, never take input, or never show a prompt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, submitTyped } from '../../src/agents/deliver.js';
import { dialectFor } from '../../src/screen/dialects.js';
import type { RoleScript } from '../../src/sim/script-schema.js';
import { PING_CLAIM, probeText } from '../../src/watchdog/messages.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startSim, waitForScreen } from '../sim/sim-session.js';

const target = { dialect: dialectFor('sim'), clearInputKeys: ['C-u'] };
const QUICK = {
  readyTimeoutMs: 4_000,
  echoTimeoutMs: 2_000,
  confirmDelayMs: 300,
  submitPauseMs: 300,
};

describe('deliver (real tmux, sim agent)', () => {
  let world: PrivateTmux;
  let temp: { dir: string; remove: () => void };
  let count = 0;

  beforeAll(() => {
    world = privateTmux('deliver');
    temp = makeTempDir();
  });
  afterAll(async () => {
    await world.dispose();
    temp.remove();
  });

  async function agent(script: RoleScript, waitReady = true): Promise<string> {
    const name = `agent-${++count}`;
    await startSim(world.tmux, temp.dir, {
      name,
      role: 'adversary',
      cwd: temp.dir,
      logDir: temp.dir,
      script: {
        adversary: {
          steps: [{ do: 'wait', match: 'never-matches-anything', waitingUntilSeconds: 600 }],
          ...script,
        },
      },
    });
    if (waitReady)
      await waitForScreen(world.tmux, name, 'ready', (_rows, text) =>
        text.includes('? for shortcuts'),
      );
    return name;
  }

  it('delivers to an agent that takes input, and the agent receives the line verbatim', async () => {
    const name = await agent({});
    const delivery = await deliver(world.tmux, name, PING_CLAIM, target, QUICK);
    expect(delivery).toMatchObject({ kind: 'delivered', submits: 1 });
    await waitForScreen(world.tmux, name, 'the ping in the transcript', (_rows, text) =>
      text.includes(`> ${PING_CLAIM}`),
    );
  });

  it('retries the submit key when the first Enter is ignored', async () => {
    const name = await agent({ quirks: { ignoreSubmits: 1 } });
    const delivery = await deliver(world.tmux, name, PING_CLAIM, target, QUICK);
    expect(delivery).toMatchObject({ kind: 'delivered', submits: 2 });
  });

  it('pauses before submitting, so an agent that reads a quick Enter as a newline still gets it', async () => {
    const name = await agent({ quirks: { submitGuardMs: 150 } });
    const delivery = await deliver(world.tmux, name, PING_CLAIM, target, QUICK);
    expect(delivery).toMatchObject({ kind: 'delivered', submits: 1 });
  });

  it('reports not-delivered (never hangs) when the agent never takes input', async () => {
    const name = await agent({ quirks: { ignoreInput: true } });
    const started = Date.now();
    const delivery = await deliver(world.tmux, name, PING_CLAIM, target, QUICK);
    expect(delivery).toMatchObject({ kind: 'not-delivered', reason: 'not-echoed' });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('reports not-delivered when the text never leaves the input area', async () => {
    const name = await agent({ quirks: { ignoreSubmits: 100 } });
    const delivery = await deliver(world.tmux, name, PING_CLAIM, target, {
      ...QUICK,
      maxSubmits: 3,
    });
    expect(delivery).toMatchObject({ kind: 'not-delivered', reason: 'stuck-in-input' });
  });

  it('reports not-ready when the UI never shows its prompt, and no-session for a missing one', async () => {
    const name = await agent({ quirks: { readyDelayMs: 600_000 } }, false);
    expect(
      await deliver(world.tmux, name, PING_CLAIM, target, { ...QUICK, readyTimeoutMs: 1_500 }),
    ).toMatchObject({
      kind: 'not-delivered',
      reason: 'not-ready',
    });
    expect(await deliver(world.tmux, 'nobody-here', PING_CLAIM, target, QUICK)).toMatchObject({
      kind: 'not-delivered',
      reason: 'no-session',
    });
  });

  it('submits a probe already sitting in the input area instead of typing it twice', async () => {
    const name = await agent({ quirks: { ignoreSubmits: 1 } });
    const text = probeText('adversary');
    await world.tmux.sendLiteral(name, text);
    await world.tmux.sendKeys(name, ['Enter']); // swallowed: the probe stays in the box
    await waitForScreen(world.tmux, name, 'probe in the box', (_rows, screen) =>
      screen.includes(`> ${text.slice(0, 40)}`),
    );
    const delivery = await submitTyped(world.tmux, name, text, target, QUICK);
    expect(delivery).toMatchObject({ kind: 'delivered', submits: 1 });
    const screen = await waitForScreen(world.tmux, name, 'the probe received once', (_rows, all) =>
      all.includes(`> ${text.slice(0, 40)}`),
    );
    expect(screen.join('\n').split(text.slice(0, 40)).length - 1).toBe(1);
  });
});
