import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WATCH_REF, createGitObserver, hashText } from '../../src/adapters/git.js';
import { which } from '../../src/util/which.js';
import { git, makeGitWorld } from '../helpers/git-world.js';
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

  it("fetches into a ref of its own: the agent's FETCH_HEAD and origin/main stay as they were", async () => {
    // The watchdog ticks right when an agent runs git in its clone (file events); its fetch must
    // not race the agent's `git pull` (FETCH_HEAD, ref locks) or start gc there.
    const world = await makeGitWorld(tempDir());
    const before = await git(world.builder, ['rev-parse', 'origin/main']);
    const pushed = await world.pushCommit(world.adversary, 'claim(g1): ready');
    const observed = await createGitObserver(world.builder).observe(before);
    expect(observed.kind === 'ok' && observed.head).toBe(pushed);
    expect(observed.kind === 'ok' && observed.newCommits?.map((c) => c.subject)).toEqual([
      'claim(g1): ready',
    ]);
    expect(await git(world.builder, ['rev-parse', 'origin/main'])).toBe(before);
    expect(existsSync(join(world.builder, '.git', 'FETCH_HEAD'))).toBe(false);
    expect(await git(world.builder, ['rev-parse', WATCH_REF])).toBe(pushed);
    // the agent's own pull works as ever, and moves its origin/main
    await git(world.builder, ['pull', '--quiet', '--rebase', 'origin', 'main']);
    expect(await git(world.builder, ['rev-parse', 'origin/main'])).toBe(pushed);
  });

  it('still fetches with a git older than 2.29 (no --no-write-fetch-head)', async () => {
    const root = tempDir();
    const world = await makeGitWorld(root);
    // A git that answers the option the way git 2.28 does, and is git otherwise.
    const bin = join(root, 'old-git-bin');
    mkdirSync(bin);
    const realGit = which('git', process.env, process.cwd()) ?? 'git';
    const calls = join(root, 'calls.txt');
    const script = [
      '#!/bin/sh',
      `echo "$*" >> '${calls}'`,
      'for a in "$@"; do',
      '  if [ "$a" = --no-write-fetch-head ]; then',
      '    echo "error: unknown option \\`no-write-fetch-head\'" >&2; exit 129',
      '  fi',
      'done',
      `exec '${realGit}' "$@"`,
    ];
    writeFileSync(join(bin, 'git'), `${script.join('\n')}\n`);
    chmodSync(join(bin, 'git'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path ?? ''}`;
    try {
      const observer = createGitObserver(world.builder);
      const first = await observer.observe(null);
      expect(first.kind, JSON.stringify(first)).toBe('ok');
      const pushed = await world.pushCommit(world.adversary, 'claim(g1): ready');
      const second = await observer.observe(first.kind === 'ok' ? first.head : null);
      expect(second.kind === 'ok' && second.head).toBe(pushed);
      // the old git was the one asked, and it was asked without the option after the first refusal
      const fetches = readFileSync(calls, 'utf8')
        .split('\n')
        .filter((line) => line.includes('fetch'));
      expect(fetches.filter((line) => line.includes('--no-write-fetch-head'))).toHaveLength(1);
      expect(fetches.length).toBeGreaterThanOrEqual(3);
    } finally {
      process.env.PATH = path;
    }
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
