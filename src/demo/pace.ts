// How fast `launch demo` runs: the watchdog intervals it writes into the demo's launch.config.json,
// and the sim script it runs: the bundled one with a safety net, shortened for --fast.
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
  /** The sim script the demo writes into its world (see demoScript). */
  readonly script: SimScript;
}

/**
 * The bundled script was tuned for a ping about 1 s after a push, a reset slack of about 2 s and
 * a stall reboot after about 6 s idle (test/sim/default-demo.test.ts): ticks of 1 s (heavy 2 s)
 * keep the whole run near a minute without a loaded machine missing a beat.
 */
const NORMAL_CONFIG: DemoPace['config'] = {
  signalInterval: 1,
  watchInterval: 2,
  stallIdle: 6,
  stallGrace: 3,
  limitResetSlack: 2,
  limitProbeFallback: 5,
  orchWakeInterval: 20,
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
    case 'prompt':
    case 'exit':
    case 'done':
      return step;
  }
}

const mapSteps = (role: RoleScript | undefined, map: (steps: Step[]) => Step[]) =>
  role === undefined
    ? undefined
    : {
        ...role,
        ...(role.steps ? { steps: map(role.steps) } : {}),
        ...(role.phases
          ? {
              phases: Object.fromEntries(
                Object.entries(role.phases).map(([key, steps]) => [key, map(steps)]),
              ),
            }
          : {}),
      };

/** `script` with every work, limit and declared wait shortened. */
export function fastScript(script: SimScript = DEFAULT_SCRIPT): SimScript {
  const shortened = (steps: Step[]): Step[] => steps.map(fastStep);
  return {
    ...script,
    description: `${script.description ?? 'sim script'} (shortened for launch demo --fast)`,
    builder: mapSteps(script.builder, shortened),
    adversary: mapSteps(script.adversary, shortened),
    orchestrator: mapSteps(script.orchestrator, shortened),
  };
}

/** Seconds the Builder works before its first claim: time for the watchdog's first look. */
export const FIRST_WORK_SECONDS = 3;
/** Seconds the Adversary waits for the first ping before it looks on its own. */
export const FIRST_CLAIM_FALLBACK_SECONDS = 20;

/**
 * The script `launch demo` runs: the bundled one (shortened for --fast) with a safety net. A
 * claim pushed before the watchdog's cursor exists is never pinged: `launch start` sets the cursor
 * before the agents start, but when its fetch fails the watchdog's first look (which comes after
 * the agents have started) takes whatever origin/main holds. So the Builder's first work stays long
 * enough for that look, and the Adversary stops waiting for its first ping after a while and pulls
 * on its own (its pane says "nothing matching arrived in time"): the demo ends either way.
 */
export function demoScript(fast: boolean): SimScript {
  const base = fast ? fastScript(DEFAULT_SCRIPT) : DEFAULT_SCRIPT;
  const firstPhase = (role: RoleScript | undefined, change: (steps: Step[]) => Step[]) =>
    role?.phases?.['#1']
      ? { ...role, phases: { ...role.phases, '#1': change(role.phases['#1']) } }
      : role;
  const firstOf = (kind: Step['do'], steps: Step[], change: (step: Step) => Step): Step[] => {
    const index = steps.findIndex((step) => step.do === kind);
    return steps.map((step, at) => (at === index ? change(step) : step));
  };
  return {
    ...base,
    description: `${base.description ?? 'sim script'}; launch demo's safety net for a late first look`,
    builder: firstPhase(base.builder, (steps) =>
      firstOf('work', steps, (step) =>
        step.do === 'work'
          ? { ...step, seconds: Math.max(step.seconds, FIRST_WORK_SECONDS) }
          : step,
      ),
    ),
    adversary: firstPhase(base.adversary, (steps) =>
      firstOf('wait', steps, (step) =>
        step.do === 'wait' ? { ...step, timeoutSeconds: FIRST_CLAIM_FALLBACK_SECONDS } : step,
      ),
    ),
  };
}

const FAST_CONFIG: DemoPace['config'] = {
  signalInterval: 0.5,
  watchInterval: 1,
  stallIdle: 4,
  stallGrace: 2,
  limitResetSlack: 1,
  limitProbeFallback: 3,
  orchWakeInterval: 10,
};

export function demoPace(fast: boolean): DemoPace {
  return fast
    ? { name: 'fast', config: FAST_CONFIG, script: demoScript(true) }
    : { name: 'normal', config: NORMAL_CONFIG, script: demoScript(false) };
}
