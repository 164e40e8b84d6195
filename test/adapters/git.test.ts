import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitObserver, hashText } from '../../src/adapters/git.js';
import { makeGitWorld } from '../helpers/git-world.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('git observer (real repositories)', () => {
  it('reads origin/main, the subjects since the cursor, and INBOX files (machine-docs/ first)', async () => {
    const world = await makeGitWorld(tempDir());
    const observer = createGitObserver(world.builder);

    const first = await observer.observe(null);
    expect(first, JSON.stringify(first)).toMatchObject({
      kind: 'ok',
      newCommits: null,
      inboxes: { 'ADVERSARY-INBOX.md': null, 'BUILDER-INBOX.md': null },
    });
    const cursor = first.kind === 'ok' ? first.head : '';

    // Pushed from the Adversary's clone: the Builder's clone only sees it after the fetch.
    await world.pushCommit(world.adversary, 'review(g1): PASS');
    await world.pushCommit(world.builder, 'claim(g2): parser ready', {
      'ADVERSARY-INBOX.md': 'root copy\n',
      'machine-docs/ADVERSARY-INBOX.md': 'please look\n',
    });
    const second = await observer.observe(cursor);
    expect(second.kind).toBe('ok');
    if (second.kind !== 'ok') return;
    expect(second.newCommits?.map((commit) => commit.subject)).toEqual([
      'review(g1): PASS',
      'claim(g2): parser ready',
    ]);
    expect(second.inboxes['ADVERSARY-INBOX.md']).toBe(hashText('please look\n'));
    expect(second.inboxes['BUILDER-INBOX.md']).toBeNull();

    await world.removeAndPush(world.builder, 'consume inbox', 'machine-docs/ADVERSARY-INBOX.md');
    const third = await observer.observe(second.head);
    expect(third.kind === 'ok' && third.inboxes['ADVERSARY-INBOX.md']).toBe(
      hashText('root copy\n'),
    );
  });

  it('reports a cursor git no longer knows as null commits (baseline again)', async () => {
    const world = await makeGitWorld(tempDir());
    const observed = await createGitObserver(world.builder).observe(
      '0123456789abcdef0123456789abcdef01234567',
    );
    expect(observed).toMatchObject({ kind: 'ok', newCommits: null });
  });

  it('reports a failing fetch as data', async () => {
    const world = await makeGitWorld(tempDir());
    renameSync(world.origin, join(world.root, 'moved.git'));
    const observed = await createGitObserver(world.builder).observe(null);
    expect(observed).toMatchObject({
      kind: 'failed',
      detail: expect.stringMatching(/git fetch in .*builder clone/) as unknown,
    });
  });
});
