// `launch ls` for people, from listings with a fixed clock: phases, limited and needs-input
// sessions, up-time and "stopped 1d", plan dirs shortened to ~.
import { describe, expect, it } from 'vitest';
import { renderRunTable, shortPath } from '../../src/cli/run-table.js';
import type { RunListing } from '../../src/fleet/run-list.js';

const NOW = new Date('2026-12-06T14:22:00Z');

function run(over: Partial<RunListing> & Pick<RunListing, 'name' | 'state'>): RunListing {
  return {
    planDir: `/home/me/plans/${over.name}`,
    logDir: `/home/me/plans/${over.name}/.launch`,
    phase: { id: 'p1', index: 0, total: 2, done: false },
    sessions: [],
    watchdog: { running: false, pid: null, startedAt: null, uptimeSeconds: null, stoppedAt: null },
    lastEvent: null,
    problem: null,
    ...over,
  };
}

describe('renderRunTable', () => {
  it('shows one row per run with its phase, sessions, watchdog and last event', () => {
    const table = renderRunTable(
      [
        run({
          name: 'shop',
          state: 'running',
          phase: { id: 'p3', index: 2, total: 5, done: false },
          sessions: [
            {
              role: 'builder',
              name: 'loop-builder',
              running: true,
              state: 'active',
              limitedUntil: null,
              why: 'working',
            },
            {
              role: 'adversary',
              name: 'loop-adv',
              running: true,
              state: 'limited',
              limitedUntil: '2026-12-06T15:00:00Z',
              why: 'limit banner',
            },
          ],
          watchdog: {
            running: true,
            pid: 4211,
            startedAt: null,
            uptimeSeconds: 187_200,
            stoppedAt: null,
          },
          lastEvent: {
            ts: '2026-12-06T14:02:00Z',
            type: 'handoff-ping',
            role: 'adversary',
            text: 'pinged claim(gate-3)',
          },
        }),
        run({
          name: 'old-api',
          state: 'complete',
          watchdog: {
            running: false,
            pid: null,
            startedAt: null,
            uptimeSeconds: null,
            stoppedAt: '2026-12-05T14:00:00Z',
          },
          lastEvent: {
            ts: '2026-12-05T14:00:00Z',
            type: 'sequence-complete',
            role: null,
            text: 'sequence complete',
          },
        }),
      ],
      { io: { color: false }, home: '/home/me', zone: 'UTC', now: NOW },
    );
    expect(table.split('\n')).toEqual([
      'RUN      PLAN DIR         PHASE     BUILDER  ADVERSARY    WATCHDOG    LAST EVENT',
      'shop     ~/plans/shop     p3 [3/5]  active   limited 38m  up 2d04h    14:02 adversary pinged claim(gate-3)',
      'old-api  ~/plans/old-api  done      —        —            stopped 1d  14:00 sequence complete',
      '',
    ]);
  });

  it('a run that cannot be read says why', () => {
    const table = renderRunTable(
      [run({ name: 'x', state: 'stopped', phase: null, problem: 'phases/phases.json: missing' })],
      {
        io: { color: false },
        home: undefined,
        zone: 'UTC',
        now: NOW,
      },
    );
    expect(table.split('\n')[1]).toBe(
      'x    /home/me/plans/x  —      stopped   unreadable: phases/phases.json: missing',
    );
  });

  it('shortens paths under HOME only', () => {
    expect(shortPath('/home/me/x', '/home/me')).toBe('~/x');
    expect(shortPath('/home/meter/x', '/home/me')).toBe('/home/meter/x');
    expect(shortPath('/home/me', '/home/me/')).toBe('~');
  });
});
