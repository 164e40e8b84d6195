// Two `launch start` at once in one world: one wins and starts the run; the other says another start
// won (with its pid) — or, when it came after the winner finished, that the run is live — exits 1
// and touches nothing — no ✓, no second watchdog, one set of sessions.
import { describe, expect, it } from 'vitest';
import { readLockHolder } from '../../src/adapters/watchdog-lock.js';
import { readLiveRespawner } from '../../src/watchdog/respawn-record.js';
import { ofType } from '../helpers/launch-rig.js';
import { runLaunch } from '../helpers/run-launch.js';
import { waitFor } from '../helpers/wait-for.js';
import { agentsUp, quietWorld } from './process-helpers.js';

describe('fault: two starts at once', () => {
  it('the loser says another start won, exits 1 and touches nothing', async () => {
    const rig = await quietWorld();
    try {
      const both = await Promise.all([
        runLaunch(['start'], { cwd: rig.plan, env: rig.env, timeoutMs: 60_000 }),
        runLaunch(['start'], { cwd: rig.plan, env: rig.env, timeoutMs: 60_000 }),
      ]);
      const winners = both.filter((result) => result.exitCode === 0);
      const losers = both.filter((result) => result.exitCode !== 0);
      console.log(
        `two starts: exit codes ${both.map((r) => r.exitCode).join(' and ')}; loser said: ${losers[0]?.stderr.trim()}`,
      );
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      const loser = losers[0];
      expect(loser?.exitCode).toBe(1);
      expect(loser?.stderr.trim().split('\n')).toHaveLength(1);
      // The loser meets the winner's start lock, or (on a loaded machine, starting after the winner
      // finished) the live run it registered: either way it names the other and touches nothing.
      expect(loser?.stderr).toMatch(
        /^launch: (another `launch start` \(pid \d+\) is starting this run \(log dir .+\); it won, nothing was touched|run \S+ is live here \(phase p1 \[1\/2\], watchdog pid \d+\); nothing was touched: .*)$/m,
      );
      expect(loser?.stdout).not.toContain('✓');
      expect(loser?.stdout).not.toMatch(/stopped/);
      expect(winners[0]?.stdout).toContain('✓');

      await waitFor('the winner’s watchdog holds the lock', () => readLockHolder(rig.logDir));
      expect(await agentsUp(rig)).toBe(true);
      const listed = await rig.tmux.listPanes();
      const sessions = listed.ok ? listed.value.map((pane) => pane.session).sort() : [];
      expect(sessions).toEqual([rig.session('adversary'), rig.session('builder')].sort());
      expect(readLiveRespawner(rig.logDir)).not.toBeNull();
      // One watchdog ever started, and no session started twice.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(ofType(rig.events(), 'watchdog-started')).toHaveLength(1);
      expect(ofType(rig.events(), 'handoff-baseline')).toHaveLength(1);
    } finally {
      await rig.dispose();
    }
  });
});
