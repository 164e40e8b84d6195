// kill -9 of the watchdog ×30 at random moments, with claims pushed throughout and the builder inside
// a usage-limit window: after every kill state.json is valid; in the end every claim was pinged
// exactly once (one `handoff-ping` ledger line naming its subject) and no session was rebooted
// inside a limit window. The watchdog runs in the foreground here, started again at once after each
// kill (as a service manager would), so thirty kills fit in a minute or two.
import { describe, expect, it } from 'vitest';
import { readState } from '../../src/adapters/state-store.js';
import { readLockHolder } from '../../src/adapters/watchdog-lock.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { readLiveRespawner } from '../../src/watchdog/respawn-record.js';
import { FAST, makeRig, ofType } from '../helpers/launch-rig.js';
import { spawnLaunch } from '../helpers/run-launch.js';
import { waitFor } from '../helpers/wait-for.js';

const KILLS = 30;
const CLAIM_EVERY = 3;

/** Restarts of `role` whose time falls inside one of its limit windows (armed → lifted). */
function rebootsInWindows(events: readonly LedgerEvent[]): LedgerEvent[] {
  const open = new Map<string, string>();
  const bad: LedgerEvent[] = [];
  for (const event of events) {
    const role = event.role ?? '';
    if (event.type === 'limit-armed' && !open.has(role)) open.set(role, event.ts);
    else if (event.type === 'limit-lifted') open.delete(role);
    else if (
      (event.type === 'session-restarted' || event.type === 'session-killed') &&
      open.has(role)
    )
      bad.push(event);
  }
  return bad;
}

describe('fault: kill -9 of the watchdog, thirty times', () => {
  it('state stays valid, every claim is pinged exactly once, no reboot inside a limit window', async () => {
    const rig = await makeRig({
      script: {
        builder: {
          steps: [
            { do: 'limit', resetSeconds: 50 },
            { do: 'declare-wait', seconds: 3600 },
          ],
        },
        adversary: { steps: [{ do: 'declare-wait', seconds: 3600 }] },
      },
      config: { ...FAST },
    });
    try {
      expect((await rig.launch(['start'], 60_000)).exitCode).toBe(0);
      await rig.waitForEvent('the builder is limited', (e) => e.type === 'limit-armed');
      // From here on the test plays the service manager: the respawner goes, cleanly.
      const respawner = readLiveRespawner(rig.logDir);
      process.kill(respawner?.pid ?? 0, 'SIGTERM');
      await waitFor('the respawner and its watchdog are gone', () =>
        readLiveRespawner(rig.logDir) === null && readLockHolder(rig.logDir) === null
          ? true
          : undefined,
      );

      const subjects: string[] = [];
      const invalid: string[] = [];
      const lives: number[] = [];
      const started = Date.now();
      for (let kill = 1; kill <= KILLS; kill++) {
        const watchdog = spawnLaunch(['watchdog', '--run-settings'], {
          cwd: rig.plan,
          env: rig.env,
        });
        if (kill % CLAIM_EVERY === 1) {
          const subject = `claim(k${kill}): pushed around kill ${kill}`;
          subjects.push(subject);
          await rig.git.pushCommit(rig.outside, subject);
        }
        // From before its first tick (node still loading) to well into its run.
        const life = 300 + Math.floor(Math.random() * 3700);
        lives.push(life);
        await new Promise((resolve) => setTimeout(resolve, life));
        watchdog.kill('SIGKILL');
        await watchdog;
        const state = readState(rig.logDir);
        if (!state.ok) invalid.push(`after kill ${kill}: ${JSON.stringify(state.error)}`);
      }
      const killingMs = Date.now() - started;

      // A last watchdog, left alone, catches up.
      const last = spawnLaunch(['watchdog', '--run-settings'], { cwd: rig.plan, env: rig.env });
      try {
        await waitFor(
          'every claim is pinged',
          () => {
            const pings = ofType(rig.events(), 'handoff-ping', 'adversary');
            return subjects.every((subject) =>
              pings.some((ping) => String(ping.reason).includes(subject)),
            );
          },
          { timeoutMs: 90_000, intervalMs: 250, describe: rig.describe },
        );
        // Time for a duplicate to show, if one were coming.
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      } finally {
        last.kill('SIGTERM');
        await last;
      }

      const events = rig.events();
      const pings = ofType(events, 'handoff-ping', 'adversary');
      const perClaim = subjects.map(
        (subject) => pings.filter((ping) => String(ping.reason).includes(subject)).length,
      );
      const inWindows = rebootsInWindows(events);
      const starts = ofType(events, 'watchdog-started').length;
      console.log(
        `${KILLS} kills in ${Math.round(killingMs / 1000)} s (lives ${Math.min(...lives)}–${Math.max(...lives)} ms), ` +
          `${starts} watchdog starts, state invalid ${invalid.length}/${KILLS}, ` +
          `${subjects.length} claims pinged ${perClaim.join(',')} times, ` +
          `${inWindows.length} reboots inside limit windows, ` +
          `${ofType(events, 'limit-armed').length} limit windows armed`,
      );
      expect(invalid).toEqual([]);
      expect(perClaim).toEqual(subjects.map(() => 1));
      expect(inWindows).toEqual([]);
      expect(readState(rig.logDir).ok).toBe(true);
    } finally {
      await rig.dispose();
    }
  });
});
