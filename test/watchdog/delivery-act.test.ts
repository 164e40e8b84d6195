// act with the per-session delivery queue, on real tmux with the sim agent: typing is handed over
// and act returns at once; a session whose UI never shows does not delay another's delivery; a
// restart drops the waiting session's delivery (cancelled, not an attempt), and shutdown is bounded.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/resolve.js';
import type { Settings } from '../../src/config/fields.js';
import { sessionName, type Role } from '../../src/config/roles.js';
import type { Phase } from '../../src/phases/phase.js';
import { dialectFor } from '../../src/screen/dialects.js';
import { packagePath } from '../../src/util/package-root.js';
import { act, typeInto, type ActContext } from '../../src/watchdog/act.js';
import { DeliveryQueue, type TypedOutcome } from '../../src/watchdog/delivery-queue.js';
import { PING_CLAIM, PING_REVIEW } from '../../src/watchdog/messages.js';
import type { SimScript } from '../../src/sim/script-schema.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { startSim, waitForScreen } from '../sim/sim-session.js';

const SCRIPT: SimScript = {
  // Never ready: its deliveries wait out the full ready wait.
  builder: { steps: [{ do: 'idle' }], quirks: { readyDelayMs: 600_000 } },
  adversary: { steps: [{ do: 'wait', match: 'never-matches', waitingUntilSeconds: 600 }] },
};

describe('act with the delivery queue (real tmux, sim agent)', () => {
  let world: PrivateTmux;
  let temp: { dir: string; remove: () => void };
  let context: ActContext;
  let settings: Settings;

  beforeAll(() => {
    world = privateTmux('dq');
    temp = makeTempDir();
    const plan = join(temp.dir, 'plan');
    mkdirSync(plan);
    cpSync(packagePath('prompts'), join(plan, 'prompts'), { recursive: true });
    const script = join(temp.dir, 'script.json');
    writeFileSync(script, JSON.stringify(SCRIPT));
    const loaded = loadSettings({
      cwd: plan,
      env: { LOOP_BACKEND: 'sim', SIM_SCRIPT: script, SESSION_PREFIX: 'dq' },
    });
    if (!loaded.ok) throw new Error(loaded.error.join('\n'));
    settings = loaded.value.settings;
    const phases: Phase[] = [
      {
        id: 'p1',
        plan: 'plan-p1.md',
        planPath: join(plan, 'phases', 'plan-p1.md'),
        status: 'STATUS-p1.md',
        origin: 'test',
      },
    ];
    context = {
      tmux: world.tmux,
      dialect: dialectFor('sim'),
      settings,
      phases,
      zone: 'UTC',
      now: () => Date.now(),
    };
  });
  afterAll(async () => {
    await world.dispose();
    temp.remove();
  });

  async function sim(role: Role): Promise<string> {
    const name = sessionName(settings, role);
    await startSim(world.tmux, temp.dir, {
      name,
      role,
      cwd: temp.dir,
      logDir: temp.dir,
      script: SCRIPT,
    });
    return name;
  }

  it('returns at once, types the ready session while the other waits, and a restart drops the waiting one', async () => {
    await sim('builder');
    const adversary = await sim('adversary');
    await waitForScreen(world.tmux, adversary, 'adversary ready', (_rows, text) =>
      text.includes('? for shortcuts'),
    );
    const finished: TypedOutcome[] = [];
    const queue = new DeliveryQueue({
      run: (action, signal) => typeInto(context, action, signal),
    });
    const take = (): TypedOutcome[] => {
      finished.push(...queue.takeFinished());
      return finished;
    };
    const queued = { ...context, delivery: queue };

    const began = Date.now();
    const outcomes = await act(queued, [
      { kind: 'type', role: 'builder', text: PING_REVIEW, purpose: 'ping', key: 'ping:b' },
      { kind: 'type', role: 'adversary', text: PING_CLAIM, purpose: 'ping', key: 'ping:a' },
    ]);
    const handedOver = Date.now() - began;
    expect(handedOver).toBeLessThan(1_000);
    expect(outcomes).toEqual([
      expect.objectContaining({ kind: 'queued', role: 'builder', key: 'ping:b', behind: 0 }),
      expect.objectContaining({ kind: 'queued', role: 'adversary', key: 'ping:a', behind: 0 }),
    ]);
    // The same ping asked for again while in flight (decide asks every tick): not queued twice.
    expect(
      await act(queued, [
        { kind: 'type', role: 'builder', text: PING_REVIEW, purpose: 'ping', key: 'ping:b' },
      ]),
    ).toEqual([]);
    queue.release();

    const adversaryDone = await waitFor('the adversary ping is confirmed', () =>
      take().find((outcome) => outcome.role === 'adversary'),
    );
    const adversaryMs = Date.now() - began;
    expect(adversaryDone).toMatchObject({ delivered: true, confirmedBy: 'screen' });
    expect(adversaryMs).toBeLessThan(8_000); // well inside the Builder's 10 s ready wait
    expect(take().some((outcome) => outcome.role === 'builder')).toBe(false);
    expect(queue.unfinished).toBe(1);
    await waitForScreen(world.tmux, adversary, 'the claim arrived', (_rows, text) =>
      text.includes(`> ${PING_CLAIM.slice(0, 40)}`),
    );

    // A restart of the Builder drops its delivery at once.
    const restarted = Date.now();
    const restart = await act(queued, [
      {
        kind: 'restart-session',
        role: 'builder',
        reason: 'stall',
        phaseIndex: 0,
        why: 'test',
        matched: '',
      },
    ]);
    expect(restart).toEqual([expect.objectContaining({ kind: 'started', ok: true })]);
    const dropped = await waitFor('the builder delivery is dropped', () =>
      take().find((outcome) => outcome.role === 'builder'),
    );
    expect(dropped).toMatchObject({ delivered: false, cancelled: true });
    expect(dropped.detail).toMatch(/^not delivered \(cancelled\): .*restarted \(stall\)/);
    expect(Date.now() - restarted).toBeLessThan(8_000);
    console.log(
      `act handed over in ${handedOver} ms; adversary confirmed after ${adversaryMs} ms; ` +
        `builder dropped ${Date.now() - restarted} ms after its restart`,
    );

    // Shutdown with a delivery waiting for a UI that never comes: bounded, recorded as cancelled.
    await act(queued, [
      { kind: 'type', role: 'builder', text: PING_REVIEW, purpose: 'ping', key: 'ping:b2' },
    ]);
    queue.release();
    const closing = Date.now();
    await queue.close(500, 'the watchdog stopped before it was confirmed');
    expect(Date.now() - closing).toBeLessThan(6_000);
    expect(take().find((outcome) => outcome.key === 'ping:b2')).toMatchObject({
      delivered: false,
      cancelled: true,
      detail: 'not delivered (cancelled): the watchdog stopped before it was confirmed',
    });
  }, 60_000);
});
