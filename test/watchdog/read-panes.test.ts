// The watchdog's look at its panes: a pane that died a moment ago, before tmux recorded its exit
// status, says how its program ended: from the unreaped process, else from one more look. (The same
// on real tmux: test/http/dashboard-cli.test.ts, "a dead pane explains its restart".)
import { describe, expect, it } from 'vitest';
import type { PaneSnapshot, Tmux } from '../../src/adapters/tmux.js';
import type { PaneInfo } from '../../src/adapters/tmux-pane-list.js';
import { dialectFor } from '../../src/screen/dialects.js';
import { DEAD_STATUS_WAIT_MS, readPanes } from '../../src/watchdog/observe.js';
import { ok } from '../../src/util/result.js';

const pane = (session: string, dead: boolean, deadStatus: number | null): PaneInfo => ({
  session,
  paneId: '%1',
  pid: 4242,
  dead,
  deadStatus,
  deadSignal: null,
  activity: 1_796_541_033,
  command: 'node',
  width: 200,
  height: 50,
});

/** A tmux whose listings are given in turn (the last one repeats), counting the looks. */
function listings(...snapshots: PaneInfo[][]) {
  const looks = { count: 0 };
  const tmux = {
    snapshot: (sessions: readonly string[]) => {
      const panes = snapshots[Math.min(looks.count, snapshots.length - 1)] ?? [];
      looks.count++;
      const screens = new Map(sessions.map((session) => [session, 'fatal: cannot open the db']));
      return Promise.resolve(ok<PaneSnapshot>({ panes, screens, calls: 1 }));
    },
  } as unknown as Tmux;
  return { tmux, looks };
}

describe('readPanes', () => {
  const dialect = dialectFor('claude');

  it('looks again at a pane dead without a status yet, and gives the status tmux then has', async () => {
    const { tmux, looks } = listings(
      [pane('loop-builder', true, null)],
      [pane('loop-builder', true, 3)],
    );
    const paused: number[] = [];
    const reads = await readPanes(
      {
        tmux,
        dialect,
        zone: 'UTC',
        processEnd: () => null,
        pause: (ms) => {
          paused.push(ms);
          return Promise.resolve();
        },
      },
      ['loop-builder'],
      Date.now(),
    );
    expect(paused).toEqual([DEAD_STATUS_WAIT_MS]);
    expect(looks.count).toBe(2);
    expect(reads.get('loop-builder')).toMatchObject({
      presence: 'dead',
      exit: { status: 3, lastWords: 'fatal: cannot open the db' },
    });
  });

  it('looks once when every dead pane has its status, or the one without is not ours', async () => {
    const { tmux, looks } = listings([
      pane('loop-builder', true, 1),
      pane('other-run', true, null),
      pane('loop-adv', false, null),
    ]);
    const reads = await readPanes(
      {
        tmux,
        dialect,
        zone: 'UTC',
        processEnd: () => null,
        pause: () => Promise.reject(new Error('no pause expected')),
      },
      ['loop-builder', 'loop-adv'],
      Date.now(),
    );
    expect(looks.count).toBe(1);
    expect(reads.get('loop-builder')).toMatchObject({ presence: 'dead', exit: { status: 1 } });
  });

  it('still restarts a pane that never gets a status (a signal ended it): one more look only', async () => {
    const { tmux, looks } = listings([pane('loop-builder', true, null)]);
    const reads = await readPanes(
      { tmux, dialect, zone: 'UTC', processEnd: () => null, pause: () => Promise.resolve() },
      ['loop-builder'],
      Date.now(),
    );
    expect(looks.count).toBe(2);
    expect(reads.get('loop-builder')).toMatchObject({ presence: 'dead', exit: { status: null } });
  });

  it('takes how a program ended from its unreaped process when tmux has not reaped it yet', async () => {
    const { tmux, looks } = listings([pane('loop-builder', true, null)]);
    const asked: number[] = [];
    const reads = await readPanes(
      {
        tmux,
        dialect,
        zone: 'UTC',
        processEnd: (pid) => {
          asked.push(pid);
          return { status: 3, signal: null };
        },
        pause: () => Promise.reject(new Error('no pause expected')),
      },
      ['loop-builder'],
      Date.now(),
    );
    expect(looks.count).toBe(1);
    // One read of /proc per look at a dead pane.
    expect(asked).toEqual([4242]);
    expect(reads.get('loop-builder')).toMatchObject({ presence: 'dead', exit: { status: 3 } });
  });
});
