// How fast `launch demo` runs: the watchdog intervals it writes into the demo's launch.config.json,
// and for --fast a copy of the bundled sim script with its waits shortened.
import { DEFAULT_SCRIPT } from '../sim/default-script.js';
import type { RoleScript, SimScript, Step } from '../sim/script-schema.js';

export interface DemoPace {
  readonly name: 'normal' | 'fast';
  /** launch.config.json keys (see src/config/fields.ts). */
  readonly config: {
    readonly signalInterval: number;
    readonly watchInterval: number;
    readonly stallIdle: number;
    readonly stallGrace: number;
    readonly limitResetSlack: number;
    readonly limitProbeFallback: number;
    readonly orchWakeInterval: number;
  };
  /** The sim script to run; null: the bundled one, as the sim loads it by default. */
  readonly script: SimScript | null;
}

/**
 * The bundled script was tuned for a ping about 1 s after a push, a reset slack of about 2 s and
 * a stall reboot after about 6 s idle (test/sim/default-demo.test.ts): ticks of 1 s (heavy 2 s)
 * keep the whole run near a minute without a loaded machine missing a beat.
 */
const NORMAL: DemoPace = {
  name: 'normal',
  config: {
    signalInterval: 1,
    watchInterval: 2,
    stallIdle: 6,
    stallGrace: 3,
    limitResetSlack: 2,
    limitProbeFallback: 5,
    orchWakeInterval: 20,
  },
  script: null,
};

/** Half the agents' own durations: never below what one watchdog tick needs to see them. */
const FAST_FACTOR = 0.5;

const shorten = (seconds: number, floor: number): number =>
  Math.max(floor, Math.round(seconds * FAST_FACTOR * 10) / 10);

function fastStep(step: Step): Step {
  switch (step.do) {
    case 'work':
      return { ...step, seconds: shorten(step.seconds, 0.5) };
    case 'limit':
      // The banner's reset is epoch seconds; a window of a few seconds still shows arm → probe.
      return { ...step, resetSeconds: shorten(step.resetSeconds, 3) };
    case 'declare-wait':
      return { ...step, seconds: shorten(step.seconds, 2) };
    case 'say':
    case 'commit':
    case 'pull':
    case 'wait':
    case 'idle':
    case 'fatal':
    case 'exit':
    case 'done':
      return step;
  }
}

function fastRole(role: RoleScript | undefined): RoleScript | undefined {
  if (role === undefined) return undefined;
  return {
    ...role,
    ...(role.steps ? { steps: role.steps.map(fastStep) } : {}),
    ...(role.phases
      ? {
          phases: Object.fromEntries(
            Object.entries(role.phases).map(([key, steps]) => [key, steps.map(fastStep)]),
          ),
        }
      : {}),
  };
}

/** The bundled script with every work, limit and declared wait shortened. */
export function fastScript(script: SimScript = DEFAULT_SCRIPT): SimScript {
  return {
    ...script,
    description: `${script.description ?? 'sim script'} (shortened for launch demo --fast)`,
    builder: fastRole(script.builder),
    adversary: fastRole(script.adversary),
    orchestrator: fastRole(script.orchestrator),
  };
}

const FAST: DemoPace = {
  name: 'fast',
  config: {
    signalInterval: 0.5,
    watchInterval: 1,
    stallIdle: 4,
    stallGrace: 2,
    limitResetSlack: 1,
    limitProbeFallback: 3,
    orchWakeInterval: 10,
  },
  script: fastScript(),
};

export function demoPace(fast: boolean): DemoPace {
  return fast ? FAST : NORMAL;
}
