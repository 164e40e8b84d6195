// Losing the agents' tmux server (kill-server, or kill -9 of the server) does not end supervision:
// the watchdog runs outside it, stays alive (same pid), and brings every session back within one
// heavy tick.
import { describe, expect, it } from 'vitest';
import { readLockHolder } from '../../src/adapters/watchdog-lock.js';
import { ofType } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';
import {
  agentsUp,
  FAULT_INTERVALS,
  isAlive,
  quietWorld,
  startedWorld,
  tmuxServerPid,
} from './process-helpers.js';

const HEAVY_MS = FAULT_INTERVALS.watchInterval * 1000;

describe('fault: the tmux server is lost', () => {
  it('kill-server, then kill -9 of the server: the watchdog lives on and every session is back within one heavy tick', async () => {
    const rig = await quietWorld();
    try {
      const pids = await startedWorld(rig);
      await waitFor('the agents are up', () => agentsUp(rig), { timeoutMs: 30_000 });
      for (const how of ['tmux kill-server', 'kill -9 of the tmux server'] as const) {
        const restartsBefore = ofType(rig.events(), 'session-restarted').length;
        const killedAt = Date.now();
        if (how === 'tmux kill-server') await rig.tmux.killServer();
        else process.kill(await tmuxServerPid(rig), 'SIGKILL');
        await waitFor('the sessions are gone', async () => !(await agentsUp(rig)));
        await waitFor('every session is back', () => agentsUp(rig), {
          timeoutMs: 60_000,
          intervalMs: 100,
          describe: rig.describe,
        });
        const backMs = Date.now() - killedAt;
        console.log(
          `${how}: every session back after ${backMs} ms (heavy tick ${HEAVY_MS} ms); watchdog pid ${pids.watchdog} alive`,
        );
        // One heavy tick, plus the time a loaded machine needs to start two sim agents.
        expect(backMs).toBeLessThan(HEAVY_MS + 8_000);
        expect(isAlive(pids.watchdog)).toBe(true);
        expect(readLockHolder(rig.logDir)?.pid).toBe(pids.watchdog);
        expect(isAlive(pids.respawner)).toBe(true);
        // The ledger line follows the start it records.
        const restarts = await waitFor('both restarts are in the ledger', () => {
          const found = ofType(rig.events(), 'session-restarted').slice(restartsBefore);
          return found.length >= 2 ? found : undefined;
        });
        expect(restarts.map((event) => event.role).sort()).toEqual(['adversary', 'builder']);
        for (const event of restarts) expect(event.reason).toBe('dead');
      }
      expect(ofType(rig.events(), 'watchdog-stopped')).toEqual([]);
      expect(ofType(rig.events(), 'watchdog-started')).toHaveLength(1);
    } finally {
      await rig.dispose();
    }
  });
});
