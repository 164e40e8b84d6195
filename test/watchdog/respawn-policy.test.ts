// When `launch watchdog --respawn` starts its watchdog again, and when it lets the run end.
import { describe, expect, it } from 'vitest';
import {
  afterChildExit,
  HEALTHY_RUN_MS,
  type AfterExitInput,
} from '../../src/watchdog/respawn-policy.js';

const base: AfterExitInput = {
  exit: { code: 1, signal: null },
  stopping: false,
  otherHolder: null,
  ranMs: 5_000,
  failures: 0,
};

describe('after the watchdog process ends', () => {
  it.each([
    ['a clean stop (signal handled, sequence complete)', { exit: { code: 0, signal: null } }, 0],
    ['a configuration error', { exit: { code: 2, signal: null } }, 2],
    ['another watchdog holding the lock', { otherHolder: 4211 }, 1],
    [
      'the supervisor asked to stop, whatever the exit',
      { stopping: true, exit: { code: null, signal: 'SIGKILL' } },
      0,
    ],
  ] as const)('ends with %s', (_, change, code) => {
    const decision = afterChildExit({ ...base, ...change });
    expect(decision).toMatchObject({ kind: 'exit', code });
  });

  it('starts it again after a crash or a kill, waiting longer after each quick failure', () => {
    let failures = 0;
    const delays: number[] = [];
    for (let death = 0; death < 7; death++) {
      const decision = afterChildExit({
        ...base,
        exit: death % 2 === 0 ? { code: 1, signal: null } : { code: null, signal: 'SIGKILL' },
        failures,
      });
      if (decision.kind !== 'respawn') throw new Error(`expected a respawn, got ${decision.why}`);
      delays.push(decision.delayMs / 1000);
      failures = decision.failures;
    }
    expect(delays).toEqual([2, 10, 30, 60, 300, 300, 300]);
  });

  it('starts the delays over once a run was healthy, and says how it died', () => {
    expect(
      afterChildExit({
        ...base,
        failures: 4,
        ranMs: HEALTHY_RUN_MS,
        exit: { code: null, signal: 'SIGKILL' },
      }),
    ).toEqual({ kind: 'respawn', delayMs: 2_000, failures: 1, why: 'killed by SIGKILL' });
    expect(afterChildExit({ ...base, failures: 4, ranMs: HEALTHY_RUN_MS - 1 })).toEqual({
      kind: 'respawn',
      delayMs: 300_000,
      failures: 5,
      why: 'exit code 1',
    });
  });
});
