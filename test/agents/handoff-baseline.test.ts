// `launch start` takes the handoff baseline before the agents start, so nothing they push is
// swallowed by the watchdog's first look. Real git for the observer, a temp log dir for the state.
import { describe, expect, it } from 'vitest';
import { createGitObserver, type GitObserver } from '../../src/adapters/git.js';
import { readEvents } from '../../src/adapters/ledger.js';
import { readState, writeState } from '../../src/adapters/state-store.js';
import { baselineHandoffs } from '../../src/agents/handoff-baseline.js';
import { initialState } from '../../src/watchdog/state.js';
import { git, makeGitWorld } from '../helpers/git-world.js';
import { tempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2026-03-01T10:00:00Z');

describe('baselineHandoffs', () => {
  it('sets the cursor to origin/main and logs the baseline; later commits are new to the watchdog', async () => {
    const world = await makeGitWorld(tempDir());
    const logDir = tempDir();
    writeState(logDir, initialState(0));
    const observer = createGitObserver(world.builder);
    const head = await git(world.origin, ['rev-parse', 'main']);

    expect(await baselineHandoffs(logDir, observer, NOW)).toBe(head);
    const state = readState(logDir);
    expect(state.ok && state.value.handoff).toEqual({ lastSha: head, inboxes: {}, pending: [] });
    expect(readEvents(logDir)).toEqual([
      {
        ts: NOW.toISOString(),
        type: 'handoff-baseline',
        head,
        reason: 'launch start: origin/main before the agents start',
        seq: 1,
      },
    ]);

    await world.pushCommit(world.adversary, 'claim(g1): pushed before the watchdog looked');
    const seen = await observer.observe(head);
    expect(seen.kind === 'ok' && seen.newCommits?.map((commit) => commit.subject)).toEqual([
      'claim(g1): pushed before the watchdog looked',
    ]);
  });

  it('leaves the baseline to the watchdog when git cannot answer', async () => {
    const logDir = tempDir();
    writeState(logDir, initialState(0));
    const failing: GitObserver = {
      observe: () => Promise.resolve({ kind: 'failed', detail: 'git fetch: no route to host' }),
    };
    expect(await baselineHandoffs(logDir, failing, NOW)).toBeNull();
    const state = readState(logDir);
    expect(state.ok && state.value.handoff.lastSha).toBeNull();
    expect(readEvents(logDir)).toEqual([]);
  });
});
