// The demo's pace (intervals, the shortened script for --fast) and the environment `launch start`
// gets: pure inputs and outputs.
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/config/fields.js';
import { DEMO_MARKER_ENV, demoChildEnv } from '../../src/demo/start-run.js';
import {
  FIRST_CLAIM_FALLBACK_SECONDS,
  FIRST_WORK_SECONDS,
  demoPace,
  demoScript,
  fastScript,
} from '../../src/demo/pace.js';
import { DEFAULT_SCRIPT } from '../../src/sim/default-script.js';
import { simScriptSchema, type Step } from '../../src/sim/script-schema.js';

const allSteps = (script: typeof DEFAULT_SCRIPT): Step[] =>
  [script.builder, script.adversary, script.orchestrator].flatMap((role) => [
    ...(role?.steps ?? []),
    ...Object.values(role?.phases ?? {}).flat(),
  ]);

describe('demo pace', () => {
  it('has valid settings and a valid script at both paces', () => {
    for (const fast of [false, true]) {
      expect(simScriptSchema.safeParse(demoPace(fast).script).success).toBe(true);
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

describe('demoScript', () => {
  it('is the bundled script with a long first work and a fallback on the first wait for a claim', () => {
    const script = demoScript(false);
    const builder = script.builder?.phases?.['#1'] ?? [];
    const adversary = script.adversary?.phases?.['#1'] ?? [];
    expect(builder).toEqual(DEFAULT_SCRIPT.builder?.phases?.['#1']);
    expect(builder.find((step) => step.do === 'work')).toMatchObject({
      seconds: FIRST_WORK_SECONDS,
    });
    expect(adversary[0]).toEqual({
      ...DEFAULT_SCRIPT.adversary?.phases?.['#1']?.[0],
      timeoutSeconds: FIRST_CLAIM_FALLBACK_SECONDS,
    });
    expect(adversary.slice(1)).toEqual(DEFAULT_SCRIPT.adversary?.phases?.['#1']?.slice(1));
    expect(script.builder?.steps).toEqual(DEFAULT_SCRIPT.builder?.steps);
    expect(script.adversary?.steps).toEqual(DEFAULT_SCRIPT.adversary?.steps);
    expect(script.orchestrator).toEqual(DEFAULT_SCRIPT.orchestrator);
  });

  it('keeps the first work long at the fast pace too, and shortens the rest', () => {
    const fast = demoScript(true);
    const works = (fast.builder?.phases?.['#1'] ?? []).filter((step) => step.do === 'work');
    expect(works.map((step) => (step.do === 'work' ? step.seconds : 0))).toEqual([
      FIRST_WORK_SECONDS,
      1,
      1,
    ]);
    expect(fast.adversary?.phases?.['#1']?.[0]).toMatchObject({
      timeoutSeconds: FIRST_CLAIM_FALLBACK_SECONDS,
    });
  });
});

describe('demoChildEnv', () => {
  it('drops every launch setting of the caller, marks the world and gives it its own registry', () => {
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
      XDG_STATE_HOME: '/tmp/launch-demo-x/state',
    });
    for (const field of Object.values(FIELDS)) expect(env).not.toHaveProperty(field.env);
  });
});
