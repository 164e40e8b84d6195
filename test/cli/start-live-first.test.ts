// `launch start` in the plan dir of a live run names the live run first, before any preflight: the
// config may have changed since (another client, now missing), and "claude not found" would hide
// that a run is live here and nothing was touched.
import { describe, expect, it } from 'vitest';
import { WAITING_AGENTS, makeRig, setConfig } from '../helpers/launch-rig.js';
import { runLaunch } from '../helpers/run-launch.js';

describe('launch start on a live run', () => {
  it('refuses with the run and its phase (exit 1) even when the config now names a missing client', async () => {
    const rig = await makeRig({
      phases: ['p1'],
      script: WAITING_AGENTS,
    });
    try {
      const started = await rig.launch(['start']);
      expect(started.exitCode, started.stderr).toBe(0);
      setConfig(rig.plan, { backend: 'claude' });
      const again = await runLaunch(['start'], {
        cwd: rig.plan,
        env: { ...rig.env, CLAUDE_BIN: '/nowhere/claude' },
      });
      expect(again.exitCode).toBe(1);
      expect(again.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /^launch: run \S+ is live here \(phase p1 \[1\/1\], watchdog pid \d+\); nothing was touched: /,
        ),
      ]);
      // Its sessions are still the ones started.
      expect(await rig.capture('builder')).not.toBe('(no session)');

      // Paused and live: `start --resume` changes nothing, and still says it is paused.
      expect((await rig.launch(['pause'])).exitCode).toBe(0);
      const resumed = await rig.launch(['start', '--resume']);
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(resumed.stdout).toMatch(/is live here .*: nothing to do, it keeps running/);
      expect(resumed.stderr).toMatch(
        /^launch: warning: the run is paused \(.*STOP.*\): .*`launch resume`$/m,
      );
    } finally {
      await rig.dispose();
    }
  }, 120_000);
});
