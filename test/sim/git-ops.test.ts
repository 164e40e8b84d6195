import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createGitRunner,
  performGit,
  statusFilePath,
  type GitDeps,
  type RunGit,
} from '../../src/sim/git-ops.js';
import { tempDir } from '../helpers/temp-dir.js';
import { git, makeGitWorld } from '../helpers/git-world.js';

function deps(cwd: string, run: RunGit = createGitRunner(cwd, 'builder')): GitDeps {
  return {
    cwd,
    run,
    role: 'builder',
    sleep: () => Promise.resolve(),
    nowIso: () => '2026-01-15T12:00:00+00:00',
  };
}

describe('sim git actions (real git)', () => {
  it('writes files, commits with the sim identity and pushes to origin/main', async () => {
    const world = await makeGitWorld(tempDir());
    const outcome = await performGit(
      {
        op: 'commit',
        subject: 'claim(p1-g1): ready',
        files: [
          { path: 'work/p1/g1.md', text: '# g1\n', append: false },
          { path: 'notes.md', text: 'one\n', append: true },
        ],
        push: true,
      },
      deps(world.builder),
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.lines[0]).toMatch(/^committed [0-9a-f]{7,} claim\(p1-g1\): ready$/);
    expect(outcome.lines.at(-1)).toBe('pushed claim(p1-g1): ready');
    expect(await world.subjects()).toEqual(['claim(p1-g1): ready', 'initial']);
    expect(await world.show('work/p1/g1.md')).toBe('# g1');
    expect(await git(world.origin, ['log', '-1', '--format=%an <%ae>|%cn', 'main'])).toBe(
      'launch sim builder <sim-builder@launch.invalid>|launch sim builder',
    );
    // Appending twice keeps both lines; an unchanged tree still makes a commit (a handoff must exist).
    await performGit(
      {
        op: 'commit',
        subject: 'claim(p1-g2): again',
        files: [{ path: 'notes.md', text: 'two\n', append: true }],
        push: true,
      },
      deps(world.builder),
    );
    await performGit(
      { op: 'commit', subject: 'claim(p1-g3): same tree', files: [], push: true },
      deps(world.builder),
    );
    expect(await world.show('notes.md')).toBe('one\ntwo');
    expect((await world.subjects()).slice(0, 2)).toEqual([
      'claim(p1-g3): same tree',
      'claim(p1-g2): again',
    ]);
  });

  it('rebases and retries when the other agent pushed in between', async () => {
    const world = await makeGitWorld(tempDir());
    let raced = false;
    const real = createGitRunner(world.builder, 'builder');
    // Deterministic race: the Adversary pushes right before the Builder's first push.
    const racing: RunGit = async (args) => {
      if (args[0] === 'push' && !raced) {
        raced = true;
        await git(world.adversary, [
          'commit',
          '--quiet',
          '--allow-empty',
          '-m',
          'review(g0): PASS',
        ]);
        await git(world.adversary, ['push', '--quiet', 'origin', 'HEAD:main']);
      }
      return real(args);
    };
    const outcome = await performGit(
      { op: 'commit', subject: 'claim(g1): ready', files: [], push: true },
      deps(world.builder, racing),
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.lines.slice(1)).toEqual([
      'push rejected (the other agent pushed first); rebasing and retrying',
      'pushed claim(g1): ready',
    ]);
    expect(await world.subjects()).toEqual(['claim(g1): ready', 'review(g0): PASS', 'initial']);
  });

  it('tries a pull again when another git command in the clone collided with it', async () => {
    const world = await makeGitWorld(tempDir());
    const real = createGitRunner(world.builder, 'builder');
    // What the watchdog's fetch in the same clone does to a pull now and then.
    const collisions = [
      'There is no candidate for rebasing against among the refs that you just fetched.',
      'fatal: Cannot rebase onto multiple branches.',
      "error: cannot lock ref 'refs/remotes/origin/main': Unable to create '/x/.git/refs/remotes/origin/main.lock': File exists.",
    ];
    const pulls: string[] = [];
    const colliding: RunGit = async (args) => {
      if (args[0] === 'pull') {
        const stderr = collisions.shift();
        pulls.push(stderr ?? 'real');
        if (stderr !== undefined) return { exitCode: 1, stdout: '', stderr };
      }
      return real(args);
    };
    const outcome = await performGit(
      { op: 'commit', subject: 'claim(g1): ready', files: [], push: true },
      deps(world.builder, colliding),
    );
    expect(outcome).toMatchObject({
      ok: true,
      lines: [expect.any(String), 'pushed claim(g1): ready'],
    });
    expect(pulls).toHaveLength(4);
    expect(await world.subjects()).toEqual(['claim(g1): ready', 'initial']);
  });

  it('does not retry a pull that failed for another reason', async () => {
    const world = await makeGitWorld(tempDir());
    let pulls = 0;
    const failing: RunGit = async (args) => {
      if (args[0] === 'pull') {
        pulls++;
        return {
          exitCode: 1,
          stdout: '',
          stderr: "fatal: 'origin' does not appear to be a git repository",
        };
      }
      return createGitRunner(world.builder, 'builder')(args);
    };
    const outcome = await performGit({ op: 'pull' }, deps(world.builder, failing));
    expect(outcome).toEqual({
      ok: false,
      lines: ["git pull --rebase failed: fatal: 'origin' does not appear to be a git repository"],
    });
    expect(pulls).toBe(1);
  });

  it('pulls and counts the new commits', async () => {
    const world = await makeGitWorld(tempDir());
    const adversary = { ...deps(world.adversary, createGitRunner(world.adversary, 'adversary')) };
    expect(await performGit({ op: 'pull' }, adversary)).toEqual({
      ok: true,
      lines: ['pulled origin/main: already up to date'],
    });
    for (const subject of ['claim(a): 1', 'claim(b): 2'])
      await performGit({ op: 'commit', subject, files: [], push: true }, deps(world.builder));
    expect(await performGit({ op: 'pull' }, adversary)).toEqual({
      ok: true,
      lines: ['pulled origin/main: 2 new commits'],
    });
  });

  it('appends ## DONE to machine-docs/<status> when machine-docs/ exists, else at the root', async () => {
    const world = await makeGitWorld(tempDir());
    writeFileSync(join(world.builder, 'STATUS-p1.md'), '# Status\nno newline at the end');
    const atRoot = await performGit(
      { op: 'done', subject: 'done(p1): all PASS', statusFile: 'STATUS-p1.md' },
      deps(world.builder),
    );
    expect(atRoot.lines[0]).toBe('wrote ## DONE to STATUS-p1.md');
    expect(atRoot.lines.at(-1)).toBe('pushed done(p1): all PASS');
    expect(await world.show('STATUS-p1.md')).toBe(
      '# Status\nno newline at the end\n## DONE — every gate PASSed (launch sim builder, 2026-01-15T12:00:00+00:00)',
    );

    mkdirSync(join(world.builder, 'machine-docs'));
    expect(statusFilePath(world.builder, 'STATUS-p2.md')).toBe(
      join('machine-docs', 'STATUS-p2.md'),
    );
    await performGit(
      { op: 'done', subject: 'done(p2): all PASS', statusFile: 'STATUS-p2.md' },
      deps(world.builder),
    );
    expect(readFileSync(join(world.builder, 'machine-docs', 'STATUS-p2.md'), 'utf8')).toMatch(
      /^## DONE — /,
    );
    expect(await world.show('machine-docs/STATUS-p2.md')).toMatch(/^## DONE/);
  });

  it('reports a conflicting rebase and leaves the clone usable', async () => {
    const world = await makeGitWorld(tempDir());
    writeFileSync(join(world.adversary, 'shared.md'), 'adversary\n');
    await git(world.adversary, ['add', 'shared.md']);
    await git(world.adversary, ['commit', '--quiet', '-m', 'review(x): shared']);
    await git(world.adversary, ['push', '--quiet', 'origin', 'HEAD:main']);
    const outcome = await performGit(
      {
        op: 'commit',
        subject: 'claim(x): shared',
        files: [{ path: 'shared.md', text: 'builder\n', append: false }],
        push: true,
      },
      deps(world.builder),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.lines.at(-1)).toMatch(/^git pull --rebase failed: /);
    expect(existsSync(join(world.builder, '.git', 'rebase-merge'))).toBe(false);
    expect(await git(world.builder, ['status', '--porcelain'])).toBe('');
  });

  it('refuses to write outside the clone', async () => {
    const dir = tempDir();
    const outcome = await performGit(
      {
        op: 'commit',
        subject: 'x',
        files: [{ path: '../escape.md', text: 'x', append: false }],
        push: false,
      },
      deps(dir),
    );
    expect(outcome).toEqual({
      ok: false,
      lines: ['refused to write ../escape.md: outside the clone'],
    });
    expect(existsSync(join(dir, '..', 'escape.md'))).toBe(false);
  });
});
