// The demo's pace (intervals, the shortened script for --fast) and the environment `launch start`
// gets: pure inputs and outputs.
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/config/fields.js';
import { DEMO_MARKER_ENV, demoChildEnv } from '../../src/demo/run-demo.js';
import { demoPace, fastScript } from '../../src/demo/pace.js';
import { DEFAULT_SCRIPT } from '../../src/sim/default-script.js';
import { simScriptSchema, type Step } from '../../src/sim/script-schema.js';

const allSteps = (script: typeof DEFAULT_SCRIPT): Step[] =>
  [script.builder, script.adversary, script.orchestrator].flatMap((role) => [
    ...(role?.steps ?? []),
    ...Object.values(role?.phases ?? {}).flat(),
  ]);

describe('demo pace', () => {
  it('uses the bundled script as is at the normal pace, and valid settings at both', () => {
    expect(demoPace(false).script).toBeNull();
    for (const fast of [false, true]) {
      const { config } = demoPace(fast);
      for (const [key, value] of Object.entries(config))
        expect(FIELDS[key as keyof typeof FIELDS].schema.safeParse(value).success, key).toBe(true);
      // A stall must take longer than a few ticks, or a busy machine would reboot a working agent.
      expect(config.stallIdle).toBeGreaterThanOrEqual(4 * config.signalInterval);
    }
  });

  it('--fast halves the agents’ own pauses, within floors, and keeps everything else', () => {
    const fast = fastScript();
    expect(simScriptSchema.safeParse(fast).success).toBe(true);
    const before = allSteps(DEFAULT_SCRIPT);
    const after = allSteps(fast);
    expect(after.map((step) => step.do)).toEqual(before.map((step) => step.do));
    before.forEach((step, index) => {
      const short = after[index];
      if (step.do === 'work' && short?.do === 'work')
        expect(short.seconds).toBe(Math.max(0.5, step.seconds / 2));
      else if (step.do === 'limit' && short?.do === 'limit')
        expect(short.resetSeconds).toBe(Math.max(3, step.resetSeconds / 2));
      else if (step.do === 'declare-wait' && short?.do === 'declare-wait')
        expect(short.seconds).toBe(Math.max(2, step.seconds / 2));
      else expect(short).toEqual(step);
    });
    // The bundled script itself is untouched.
    expect(allSteps(DEFAULT_SCRIPT)).toEqual(before);
  });
});

describe('demoChildEnv', () => {
  it('drops every launch setting of the caller and marks the world', () => {
    const env = demoChildEnv(
      {
        PATH: '/usr/bin',
        HOME: '/home/me',
        LOOP_BACKEND: 'claude',
        SIGNAL_INTERVAL: '300',
        LAUNCH_TMUX_SOCKET: 'mine',
        PLAN_DIR: '/home/me/plan',
        UNSET: undefined,
      },
      '/tmp/launch-demo-x',
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/me',
      [DEMO_MARKER_ENV]: '/tmp/launch-demo-x',
    });
    for (const field of Object.values(FIELDS)) expect(env).not.toHaveProperty(field.env);
  });
});
