// `launch restart <role>` inside a usage-limit window, through the watchdog's HTTP API: the refusal
// tells the operator the command-line way to insist (`--force`, with the flags given), not the API's
// JSON body.
import { describe, expect, it } from 'vitest';
import { makeRig } from '../helpers/launch-rig.js';

describe('launch restart inside a limit window', () => {
  it('refuses with exit 1 and names `launch restart <role> --force`', async () => {
    const rig = await makeRig({
      phases: ['p1'],
      env: { HTTP_PORT: '0' },
      script: {
        builder: { steps: [{ do: 'limit', resetSeconds: 600 }] },
        adversary: { steps: [{ do: 'declare-wait', seconds: 600 }] },
      },
    });
    try {
      const started = await rig.launch(['start']);
      expect(started.exitCode, started.stderr).toBe(0);
      await rig.waitForEvent(
        'the builder is limited',
        (event) => event.role === 'builder' && event.type === 'limit-armed',
      );
      const refused = await rig.launch(['restart', 'builder', '--log-dir', rig.logDir]);
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /^launch: builder: builder is inside a usage-limit window until \S+; a restart will not bring it back sooner \(`launch restart builder --force --log-dir \S+` to restart it anyway\)$/,
        ),
      ]);
      expect(refused.stderr).not.toContain('{"force": true}');
      // Nothing was restarted.
      expect(
        rig
          .events()
          .some((event) => event.type === 'session-restarted' && event.role === 'builder'),
      ).toBe(false);
    } finally {
      await rig.dispose();
    }
  }, 120_000);
});
