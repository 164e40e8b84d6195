// End to end on a private tmux socket: the compiled sim started through the real start-agent path
// gets the hooks settings file, runs its hooks through `sh -c` as Claude Code would, and the real
// `launch signal sim` (bin/launch → dist) appends the lines to <log-dir>/signals/<session>.jsonl,
// with the screen no dialect knows; a role with signals off writes none.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeSettingsFile } from '../../src/agents/client-hooks.js';
import { startAgent } from '../../src/agents/start-agent.js';
import type { Settings } from '../../src/config/fields.js';
import { loadSettings } from '../../src/config/resolve.js';
import {
  promptSubmittedSince,
  readSignalEvidence,
  readSignalTail,
} from '../../src/evidence/signals.js';
import { signalsFile } from '../../src/evidence/types.js';
import type { Phase } from '../../src/phases/phase.js';
import { dialectFor } from '../../src/screen/dialects.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { rows, typeLine, waitForScreen } from './sim-session.js';

describe('sim signals through launch signal, in tmux', () => {
  let world: PrivateTmux;
  let temp: { dir: string; remove: () => void };
  let settings: Settings;
  let phases: Phase[];

  beforeAll(() => {
    world = privateTmux('signals');
    temp = makeTempDir('launch-signals-');
    const plan = join(temp.dir, 'plan');
    for (const dir of ['prompts', 'phases', 'builder', 'adversary'])
      mkdirSync(join(plan, dir), { recursive: true });
    writeFileSync(join(plan, 'prompts', 'builder.md'), 'You are the builder.\n');
    writeFileSync(join(plan, 'prompts', 'adversary.md'), 'You are the adversary.\n');
    writeFileSync(join(plan, 'phases', 'p1.md'), '# p1\n');
    const script = join(temp.dir, 'script.json');
    writeFileSync(
      script,
      JSON.stringify({
        builder: {
          screen: 'unknown',
          steps: [
            { do: 'work', seconds: 2, note: 'reading' },
            { do: 'wait', match: 'ping' },
            { do: 'work', seconds: 1 },
            { do: 'idle' },
          ],
        },
        adversary: { signals: false, steps: [{ do: 'work', seconds: 1 }, { do: 'idle' }] },
      }),
    );
    const loaded = loadSettings({
      cwd: plan,
      env: {
        LOOP_BACKEND: 'sim',
        SIM_SCRIPT: script,
        LOG_DIR: join(temp.dir, 'logs'),
        BUILDER_DIR: join(plan, 'builder'),
        ADV_DIR: join(plan, 'adversary'),
        SESSION_PREFIX: 'sig',
        REMOTE_CONTROL: '0',
      },
    });
    if (!loaded.ok) throw new Error(loaded.error.join('\n'));
    settings = loaded.value.settings;
    phases = [
      {
        id: 'p1',
        plan: 'p1.md',
        planPath: join(plan, 'phases', 'p1.md'),
        status: 'STATUS-p1.md',
        origin: 'test',
      },
    ];
  });

  afterAll(async () => {
    await world.dispose();
    temp.remove();
  }, 60_000);

  it('SessionStart, the kickoff prompt, tool pairs and Stop arrive as lines; a typed ping is confirmed', async () => {
    const since = Date.now();
    const started = await startAgent(
      { tmux: world.tmux, settings, phases, dialect: dialectFor('sim') },
      'builder',
      0,
    );
    if (!started.ok) throw new Error(started.error);
    const session = started.value.session;
    expect(existsSync(claudeSettingsFile(settings.logDir, session))).toBe(true);

    const events = () => (readSignalTail(settings.logDir, session) ?? []).map((line) => line.event);
    await waitFor('the first turn ends in a Stop', () => events().includes('stop'), {
      timeoutMs: 60_000,
      describe: () => JSON.stringify(readSignalTail(settings.logDir, session)),
    });
    expect(events()).toEqual([
      'session-start',
      'prompt-submitted',
      'tool-start',
      'tool-end',
      'stop',
    ]);
    const lines = readSignalTail(settings.logDir, session) ?? [];
    expect(new Set(lines.map((line) => line.source))).toEqual(new Set(['sim']));
    // One conversation id throughout, the one SessionStart announced.
    expect(new Set(lines.map((line) => line.conversationId)).size).toBe(1);
    expect(lines[0]).toMatchObject({
      raw: 'SessionStart',
      transcriptPath: expect.any(String) as unknown,
    });

    // The screen is one no dialect knows, yet it takes typed input.
    const screen = (await rows(world.tmux, session)).join('\n');
    for (const backend of ['claude', 'codex', 'gemini', 'opencode', 'sim'] as const)
      expect(
        dialectFor(backend).classify(screen, { now: new Date(), zone: 'UTC' }).recognised,
      ).toBe(false);
    const sentAt = Date.now();
    expect(promptSubmittedSince(settings.logDir, session, sentAt)).toBe(false);
    await typeLine(world.tmux, session, 'ping from launch');
    await waitFor(
      'the ping is confirmed by a prompt-submitted signal',
      () => promptSubmittedSince(settings.logDir, session, sentAt),
      { timeoutMs: 30_000 },
    );
    await waitForScreen(world.tmux, session, 'the ping echoed', (_, text) =>
      text.includes('» ping from launch'),
    );
    await waitFor('the second turn ends', () => events().filter((e) => e === 'stop').length === 2, {
      timeoutMs: 30_000,
    });
    const evidence = readSignalEvidence(settings.logDir, session, since);
    expect(evidence).toMatchObject({ kind: 'seen', last: { event: 'stop' }, asking: null });
  });

  it('a role with signals off writes no line (a silent client)', async () => {
    const started = await startAgent(
      { tmux: world.tmux, settings, phases, dialect: dialectFor('sim') },
      'adversary',
      0,
    );
    if (!started.ok) throw new Error(started.error);
    const session = started.value.session;
    // It draws the Claude-like screen, works a second and goes idle.
    await waitForScreen(
      world.tmux,
      session,
      'ready',
      (screen) => screen.at(-1) === '  ? for shortcuts',
    );
    await waitForScreen(
      world.tmux,
      session,
      'idle after its work',
      (_, text) => !text.includes('Simulating'),
      30_000,
    );
    expect(existsSync(signalsFile(settings.logDir, session))).toBe(false);
  });
});
