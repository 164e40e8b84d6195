// act against real tmux and the sim agent: the last-moment re-check before a kill, and a restart.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/resolve.js';
import type { Settings } from '../../src/config/fields.js';
import { dialectFor } from '../../src/screen/dialects.js';
import { packagePath } from '../../src/util/package-root.js';
import { act, type ActContext } from '../../src/watchdog/act.js';
import type { Phase } from '../../src/phases/phase.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startSim, waitForScreen } from '../sim/sim-session.js';

describe('act (real tmux, sim agent)', () => {
  let world: PrivateTmux;
  let temp: { dir: string; remove: () => void };
  let context: ActContext;
  let settings: Settings;

  beforeAll(() => {
    world = privateTmux('act');
    temp = makeTempDir();
    const plan = join(temp.dir, 'plan');
    mkdirSync(plan);
    cpSync(packagePath('prompts'), join(plan, 'prompts'), { recursive: true });
    const script = join(temp.dir, 'script.json');
    writeFileSync(
      script,
      JSON.stringify({ builder: { steps: [{ do: 'declare-wait', seconds: 600 }] } }),
    );
    const loaded = loadSettings({
      cwd: plan,
      env: { LOOP_BACKEND: 'sim', SIM_SCRIPT: script, SESSION_PREFIX: 'act' },
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

  const restart = {
    kind: 'restart-session',
    role: 'builder',
    reason: 'stall',
    phaseIndex: 0,
    why: 'test',
    matched: '',
  } as const;

  it('leaves a session that is working by the time its restart comes up', async () => {
    await startSim(world.tmux, temp.dir, {
      name: 'act-builder',
      role: 'builder',
      cwd: temp.dir,
      logDir: temp.dir,
      script: { builder: { steps: [{ do: 'work', seconds: 600 }] } },
    });
    await waitForScreen(world.tmux, 'act-builder', 'working', (_rows, text) =>
      text.includes('esc to interrupt'),
    );
    const outcomes = await act(context, [restart]);
    expect(outcomes).toEqual([
      expect.objectContaining({ kind: 'restart-skipped', role: 'builder', because: 'working' }),
    ]);
    await world.tmux.killSession('act-builder');
  });

  it('leaves a session that is limited by then (never rebooted inside a window)', async () => {
    await startSim(world.tmux, temp.dir, {
      name: 'act-builder',
      role: 'builder',
      cwd: temp.dir,
      logDir: temp.dir,
      script: { builder: { steps: [{ do: 'limit', resetSeconds: 600 }] } },
    });
    await waitForScreen(world.tmux, 'act-builder', 'limited', (_rows, text) =>
      text.includes('usage limit reached'),
    );
    const outcomes = await act(context, [restart]);
    expect(outcomes).toEqual([
      expect.objectContaining({ kind: 'restart-skipped', because: 'limited' }),
    ]);
    await world.tmux.killSession('act-builder');
  });

  it('restarts an idle session with a fresh kickoff', async () => {
    await startSim(world.tmux, temp.dir, {
      name: 'act-builder',
      role: 'builder',
      cwd: temp.dir,
      logDir: temp.dir,
      script: { builder: { steps: [{ do: 'idle' }] } },
    });
    await waitForScreen(world.tmux, 'act-builder', 'ready', (_rows, text) =>
      text.includes('? for shortcuts'),
    );
    const before = await world.tmux.listPanes();
    const outcomes = await act(context, [restart]);
    expect(outcomes).toEqual([
      expect.objectContaining({ kind: 'started', role: 'builder', reason: 'stall', ok: true }),
    ]);
    const after = await world.tmux.listPanes();
    const pid = (listed: typeof before) =>
      listed.ok ? listed.value.find((pane) => pane.session === 'act-builder')?.pid : undefined;
    expect(pid(after)).toBeDefined();
    expect(pid(after)).not.toBe(pid(before));
  });
});
