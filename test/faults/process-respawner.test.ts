// kill -9 of the respawner does not end supervision: the watchdog sees its respawner gone and starts
// an adopter, which then starts the watchdog again after a kill -9 of it; `launch status` during the
// respawn pause says when the respawner starts it again; `launch stop` stops the adopter too.
import { describe, expect, it } from 'vitest';
import { readLockHolder } from '../../src/adapters/watchdog-lock.js';
import { readLiveRespawner } from '../../src/watchdog/respawn-record.js';
import { ofType } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';
import { agentsUp, isAlive, quietWorld, startedWorld } from './process-helpers.js';

describe('fault: the respawner is killed', () => {
  it('kill -9 of the respawner: an adopter takes over; kill -9 of the watchdog is then respawned', async () => {
    const rig = await quietWorld();
    try {
      const first = await startedWorld(rig);
      await waitFor('the agents are up', () => agentsUp(rig), { timeoutMs: 30_000 });

      const killedAt = Date.now();
      process.kill(first.respawner, 'SIGKILL');
      const adopter = await waitFor(
        'an adopter runs the same watchdog',
        () => {
          const record = readLiveRespawner(rig.logDir);
          return record !== null && record.pid !== first.respawner ? record : undefined;
        },
        { timeoutMs: 20_000, describe: rig.describe },
      );
      console.log(
        `respawner ${first.respawner} killed: adopter ${adopter.pid} took watchdog ${first.watchdog} over after ${Date.now() - killedAt} ms`,
      );
      expect(adopter.watchdogPid).toBe(first.watchdog);
      expect(isAlive(first.watchdog)).toBe(true);

      // The adopter is not the watchdog's parent, yet a kill -9 of it is seen and answered.
      process.kill(first.watchdog, 'SIGKILL');
      const respawned = await rig.waitForEvent(
        'the adopter starts the watchdog again',
        (e) => e.type === 'watchdog-respawned',
      );
      expect(respawned.reason).toMatch(/lock left behind.*again in 2s/);
      const second = await waitFor(
        'a new watchdog holds the lock',
        () => {
          const holder = readLockHolder(rig.logDir);
          return holder !== null && holder.pid !== first.watchdog ? holder : undefined;
        },
        { timeoutMs: 30_000, describe: rig.describe },
      );

      // A second quick kill: a 10 s pause, which `launch status` explains.
      process.kill(second.pid, 'SIGKILL');
      await waitFor('the respawner is in its pause', () => {
        const record = readLiveRespawner(rig.logDir);
        return record?.nextStartAt ? record : undefined;
      });
      const status = await rig.launch(['status']);
      const line = status.stdout.split('\n').find((row) => row.startsWith('watchdog')) ?? '';
      console.log(`status during the pause: ${line.replace(/\s+/g, ' ')}`);
      expect(line).toMatch(
        new RegExp(
          `restarting\\s+died; its respawner \\(pid ${adopter.pid}\\) starts it again at \\d\\d:\\d\\d`,
        ),
      );
      expect(line).not.toMatch(/launch start --resume/);
      const json = JSON.parse((await rig.launch(['status', '--json'])).stdout) as {
        watchdog: { running: boolean; respawner: { pid: number; nextStartAt: string } | null };
      };
      expect(json.watchdog.running).toBe(false);
      expect(json.watchdog.respawner?.pid).toBe(adopter.pid);

      // `launch stop` in the pause: the adopter goes, and no watchdog is started again.
      const stopped = await rig.launch(['stop'], 60_000);
      expect(stopped.exitCode).toBe(0);
      expect(stopped.stdout).toMatch(
        /stopped the watchdog's respawner \(pid \d+\) during its pause/,
      );
      expect(readLiveRespawner(rig.logDir)).toBeNull();
      expect(isAlive(adopter.pid)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 12_000));
      expect(readLockHolder(rig.logDir)).toBeNull();
      expect(ofType(rig.events(), 'watchdog-respawned')).toHaveLength(2);
    } finally {
      await rig.dispose();
    }
  });
});
