// The sim acting out Claude Code's hooks (pure runner: which events, when, with what fields), and
// its screen no dialect knows.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeHookSettings } from '../../src/agents/client-hooks.js';
import { BACKENDS } from '../../src/config/fields.js';
import { dialectFor } from '../../src/screen/dialects.js';
import { createHookRunner, loadHookTable, matches } from '../../src/sim/hooks.js';
import { conversationFor } from '../../src/sim/restart.js';
import { IDLE_NOTIFY_MS, IDLE_PROMPT_MESSAGE } from '../../src/sim/runner.js';
import { parseSimScript } from '../../src/sim/script-load.js';
import { unknownSpinnerLine } from '../../src/sim/unknown-screen.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeContext, SimHarness, T0 } from './sim-harness.js';

const CONTEXT = { now: new Date(T0), zone: 'UTC' };

describe('sim signals: the hook events of a turn', () => {
  it('the kickoff, a work step, a commit, then the wait: prompt, tool pairs, Stop', () => {
    const sim = new SimHarness(
      makeContext(
        [
          { do: 'work', seconds: 5, note: 'reading the plan' },
          { do: 'commit', subject: 'claim(g1): start' },
          { do: 'wait', match: 'go on' },
        ],
        { signals: true },
      ),
    );
    sim.advance(5000);
    sim.gitDone(['pushed claim(g1): start']);
    expect(sim.hooks().map((hook) => hook.event)).toEqual([
      'UserPromptSubmit',
      'PreToolUse',
      'PostToolUse',
      'PreToolUse',
      'PostToolUse',
      'Stop',
    ]);
    const [prompt, pre, post, , commitEnd, stop] = sim.hooks();
    expect(prompt?.fields).toEqual({ prompt: 'kickoff line 1\nkickoff line 2' });
    expect(pre?.fields).toMatchObject({
      tool_name: 'Bash',
      tool_input: { command: 'sleep 5', description: 'reading the plan' },
      tool_use_id: 'toolu_sim_1_0',
    });
    expect(post?.fields).toMatchObject({ tool_use_id: 'toolu_sim_1_0', duration_ms: 5000 });
    expect(commitEnd?.fields).toMatchObject({
      tool_response: { stdout: 'pushed claim(g1): start' },
    });
    expect(stop?.fields).toMatchObject({ stop_hook_active: false });
  });

  it('every submitted line is a UserPromptSubmit; one that leaves it idle ends a turn', () => {
    const sim = new SimHarness(
      makeContext([{ do: 'wait', match: 'go on' }, { do: 'idle' }], { signals: true }),
    );
    const before = sim.hooks().length;
    sim.line('unrelated');
    expect(
      sim
        .hooks()
        .slice(before)
        .map((hook) => hook.event),
    ).toEqual(['UserPromptSubmit', 'Stop']);
    const mid = sim.hooks().length;
    sim.line('go on');
    // The matching line moves on to `idle`, whose own Stop is the only one.
    expect(
      sim
        .hooks()
        .slice(mid)
        .map((hook) => [hook.event, hook.fields.prompt]),
    ).toEqual([
      ['UserPromptSubmit', 'go on'],
      ['Stop', undefined],
    ]);
  });

  it('a minute idle after a turn: the idle_prompt Notification, once', () => {
    const sim = new SimHarness(makeContext([{ do: 'idle' }], { signals: true }));
    sim.advance(IDLE_NOTIFY_MS - 1);
    expect(sim.hooks().map((hook) => hook.event)).toEqual(['UserPromptSubmit', 'Stop']);
    sim.advance(1);
    expect(sim.hooks().at(-1)).toEqual({
      event: 'Notification',
      fields: { message: IDLE_PROMPT_MESSAGE, notification_type: 'idle_prompt' },
    });
    sim.advance(10 * IDLE_NOTIFY_MS);
    expect(sim.hooks().filter((hook) => hook.event === 'Notification')).toHaveLength(1);
  });

  it('signals off: no hook events, and no wake-up for the idle notification', () => {
    const sim = new SimHarness(makeContext([{ do: 'idle' }], { signals: false }));
    sim.advance(2 * IDLE_NOTIFY_MS);
    expect(sim.hooks()).toEqual([]);
    expect(sim.model.idleNotifyAt).toBe(null);
  });

  it('the script option turns signals off per role, and the screen style is checked', () => {
    const parsed = parseSimScript(
      JSON.stringify({ builder: { signals: false, screen: 'unknown', steps: [] } }),
      's.json',
    );
    expect(parsed.ok && parsed.value.builder).toEqual({
      signals: false,
      screen: 'unknown',
      steps: [],
    });
    expect(parseSimScript('{"builder":{"screen":"weird"}}', 's.json')).toEqual({
      ok: false,
      error: 's.json:1:22: builder.screen must be "claude" or "unknown", got "weird"',
    });
    expect(parseSimScript('{"builder":{"signals":"no"}}', 's.json')).toEqual({
      ok: false,
      error: 's.json:1:23: builder.signals must be true or false, got "no"',
    });
  });
});

describe('sim: a screen no dialect knows', () => {
  const busy = () => {
    const sim = new SimHarness(makeContext([{ do: 'work', seconds: 600 }], { screen: 'unknown' }));
    return sim;
  };

  it('no dialect recognises it, busy or idle, and none reads it as working', () => {
    const sim = busy();
    const screens: string[][] = [];
    for (let second = 0; second < 12; second++) {
      sim.input = { ...sim.input, text: second % 2 === 0 ? '' : 'typed but not sent' };
      screens.push(sim.frame());
      sim.advance(1000);
    }
    const idle = new SimHarness(makeContext([{ do: 'idle' }], { screen: 'unknown' }));
    screens.push(idle.frame());
    for (const backend of BACKENDS) {
      const dialect = dialectFor(backend);
      for (const screen of screens) {
        const reading = dialect.classify(screen.join('\n'), CONTEXT);
        expect({ backend, recognised: reading.recognised, active: reading.active }).toEqual({
          backend,
          recognised: false,
          active: false,
        });
        expect(reading.limited || reading.fatal).toBe(false);
        expect(dialect.isReady(screen.join('\n'))).toBe(false);
      }
    }
  });

  it('still animates: the spinner line changes every second while busy', () => {
    const sim = busy();
    const frames: string[] = [];
    for (let second = 0; second < 10; second++) {
      frames.push(sim.frame().join('\n'));
      sim.advance(1000);
    }
    expect(new Set(frames).size).toBe(frames.length);
    expect(new Set(Array.from({ length: 30 }, (_, s) => unknownSpinnerLine(s))).size).toBe(30);
  });

  it('shows typed text after a bare prompt and takes a submitted line', () => {
    const sim = new SimHarness(
      makeContext([{ do: 'wait', match: 'ping' }, { do: 'idle' }], { screen: 'unknown' }),
    );
    sim.input = { ...sim.input, text: 'ping from launch' };
    expect(sim.frame().at(-1)).toBe('» ping from launch');
    sim.line('ping from launch');
    expect(sim.model.activity.kind).toBe('idle');
    expect(sim.frame().join('\n')).not.toMatch(/[─━❯›✻⏺●✦▣]/);
  });
});

describe('the sim hook runner', () => {
  it('reads the settings launch writes and runs each command through sh -c, payload on stdin', async () => {
    const dir = tempDir();
    const settings = join(dir, 'settings.json');
    const script = join(dir, 'record.sh');
    writeFileSync(
      script,
      `#!/bin/sh\ncat >> "${join(dir, 'seen.txt')}"\necho >> "${join(dir, 'seen.txt')}"\n`,
    );
    chmodSync(script, 0o755);
    const written = claudeHookSettings('sim') as { hooks: Record<string, unknown> };
    // launch's own file, with the command swapped for the recorder (same shape).
    const text = JSON.stringify(written).replaceAll(
      JSON.stringify(
        (written.hooks.Stop as { hooks: { command: string }[] }[])[0]?.hooks[0]?.command,
      ),
      JSON.stringify(script),
    );
    writeFileSync(settings, text);
    const table = loadHookTable(settings);
    if (!table.ok) throw new Error(table.error);
    expect(Object.keys(table.value)).toContain('PreToolUse');
    const runner = createHookRunner(table.value, { cwd: dir });
    runner.run('PreToolUse', { hook_event_name: 'PreToolUse', tool_name: 'Bash' });
    runner.run('Stop', { hook_event_name: 'Stop' });
    runner.run('NotAnEvent', { hook_event_name: 'NotAnEvent' });
    await runner.idle();
    const seen = readFileSync(join(dir, 'seen.txt'), 'utf8').trim().split('\n');
    expect(
      seen.map((line) => (JSON.parse(line) as { hook_event_name: string }).hook_event_name),
    ).toEqual(['PreToolUse', 'Stop']);
  });

  it('a missing or malformed settings file is one clear line', () => {
    const dir = tempDir();
    expect(loadHookTable(join(dir, 'none.json'))).toMatchObject({ ok: false });
    writeFileSync(join(dir, 'bad.json'), '{"hooks": {"Stop": "not a list"}}');
    const bad = loadHookTable(join(dir, 'bad.json'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^--settings .*bad\.json: /);
  });

  it('matchers: none, "" and "*" match every tool; otherwise the tool name', () => {
    expect(matches(null, 'Bash')).toBe(true);
    expect(matches('*', 'Bash')).toBe(true);
    expect(matches('Edit|Write', 'Write')).toBe(true);
    expect(matches('Edit|Write', 'Bash')).toBe(false);
  });
});

describe('the sim conversation id', () => {
  const progress = {
    phaseId: 'p1',
    stepIndex: 2,
    pending: [],
    boots: 1,
    limitResetAt: null,
    waitUntil: null,
    conversationId: 'conv-saved',
  };
  it('`--resume <id>` keeps that id (source resume); any other start is a new conversation', () => {
    expect(conversationFor('conv-saved', () => 'new')).toEqual({
      id: 'conv-saved',
      source: 'resume',
    });
    expect(conversationFor(null, () => 'new')).toEqual({ id: 'new', source: 'startup' });
    // A restart in the same phase without --resume is a new conversation (as a fresh Claude Code).
    expect(progress.conversationId).toBe('conv-saved');
  });

  it('is saved with the progress, so the next start can resume it', () => {
    const sim = new SimHarness(makeContext([{ do: 'idle' }], { conversationId: 'conv-7' }));
    expect(sim.progress().conversationId).toBe('conv-7');
  });
});
