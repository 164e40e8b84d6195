// What the file watchers look at: status candidates of the current phase, INBOX files in both clones,
// each clone's git refs (also for a worktree whose git dir lives elsewhere), the manifest.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { gitDirsOf, watchFilter, watchSet } from '../../src/watchdog/watch-paths.js';
import { GIT_TEST_ENV, makeGitWorld } from '../helpers/git-world.js';
import { tempDir } from '../helpers/temp-dir.js';

const settings = {
  builderDir: '/w/builder',
  advDir: '/w/adv',
  planDir: '/w/plan',
  phasesSpec: null,
};
const plainGit = (clone: string) => ({
  gitDir: join(clone, '.git'),
  commonDir: join(clone, '.git'),
});

describe('watchSet', () => {
  it('covers the status file, INBOX files, git refs of both clones and the manifest', () => {
    const set = watchSet({ settings, status: 'STATUS-p2.md', gitDirs: plainGit });
    expect(set.roots).toEqual(['/w/builder', '/w/adv', '/w/plan']);
    expect(set.files).toEqual([
      '/w/builder/machine-docs/STATUS-p2.md',
      '/w/builder/STATUS-p2.md',
      '/w/builder/ADVERSARY-INBOX.md',
      '/w/builder/machine-docs/ADVERSARY-INBOX.md',
      '/w/builder/BUILDER-INBOX.md',
      '/w/builder/machine-docs/BUILDER-INBOX.md',
      '/w/adv/ADVERSARY-INBOX.md',
      '/w/adv/machine-docs/ADVERSARY-INBOX.md',
      '/w/adv/BUILDER-INBOX.md',
      '/w/adv/machine-docs/BUILDER-INBOX.md',
      '/w/builder/.git/packed-refs',
      '/w/builder/.git/logs/HEAD',
      '/w/adv/.git/packed-refs',
      '/w/adv/.git/logs/HEAD',
      '/w/plan/phases/phases.json',
    ]);
    expect(set.trees).toEqual([
      '/w/builder/.git/refs/remotes/origin',
      '/w/adv/.git/refs/remotes/origin',
    ]);
  });

  it('follows the phase: another status file is another set', () => {
    const p1 = watchSet({ settings, status: 'STATUS-p1.md', gitDirs: plainGit });
    const p2 = watchSet({ settings, status: 'STATUS-p2.md', gitDirs: plainGit });
    expect(p1.files).toContain('/w/builder/STATUS-p1.md');
    expect(p2.files).not.toContain('/w/builder/STATUS-p1.md');
    expect(p2.files).toContain('/w/builder/machine-docs/STATUS-p2.md');
  });

  it('watches one clone once, nested roots once, and no manifest under PHASES_SPEC', () => {
    const set = watchSet({
      settings: {
        builderDir: '/w/plan',
        advDir: '/w/plan',
        planDir: '/w/plan',
        phasesSpec: 'a|b|c',
      },
      status: 'S.md',
      gitDirs: plainGit,
    });
    expect(set.roots).toEqual(['/w/plan']);
    expect(set.files.filter((file) => file.includes('packed-refs'))).toEqual([
      '/w/plan/.git/packed-refs',
    ]);
    expect(set.files.some((file) => file.endsWith('phases.json'))).toBe(false);
  });

  it("finds a worktree's git dirs and watches them from outside the clone", async () => {
    const root = tempDir();
    const world = await makeGitWorld(root);
    const worktree = join(root, 'wt clone');
    await execa('git', ['worktree', 'add', '--quiet', worktree, '-b', 'side'], {
      cwd: world.builder,
      env: GIT_TEST_ENV,
    });
    const dirs = gitDirsOf(worktree);
    expect(dirs.commonDir).toBe(join(world.builder, '.git'));
    // git names the worktree's dir after the path (how it spells it varies between versions)
    expect(dirname(dirs.gitDir)).toBe(join(world.builder, '.git', 'worktrees'));
    expect(existsSync(join(dirs.gitDir, 'HEAD'))).toBe(true);
    expect(gitDirsOf(world.adversary)).toEqual(plainGit(world.adversary));
    const set = watchSet({
      settings: {
        builderDir: worktree,
        advDir: world.adversary,
        planDir: worktree,
        phasesSpec: null,
      },
      status: 'S.md',
    });
    expect(set.roots).toEqual([worktree, world.adversary, join(world.builder, '.git')]);
    expect(set.trees).toContain(join(world.builder, '.git', 'refs', 'remotes', 'origin'));
    expect(set.files).toContain(join(dirs.gitDir, 'logs', 'HEAD'));
  });
});

describe('watchFilter', () => {
  const set = watchSet({ settings, status: 'STATUS-p1.md', gitDirs: plainGit });
  const filter = watchFilter(set);

  it('lets the watcher into the directories on the way to a watched path, and no further', () => {
    for (const path of [
      '/w/builder',
      '/w/builder/machine-docs',
      '/w/builder/.git',
      '/w/builder/.git/refs',
      '/w/builder/.git/refs/remotes',
      '/w/builder/.git/logs',
      '/w/plan/phases',
    ])
      expect(filter.ignored(path), path).toBe(false);
    for (const path of [
      '/w/builder/src',
      '/w/builder/node_modules',
      '/w/builder/README.md',
      '/w/builder/.git/objects',
      '/w/builder/.git/refs/heads',
      '/w/builder/.git/FETCH_HEAD',
      '/w/plan/phases/plan-p1.md',
    ])
      expect(filter.ignored(path), path).toBe(true);
  });

  it('calls only the watched files and the remote refs relevant (not git lock files)', () => {
    expect(filter.relevant('/w/builder/STATUS-p1.md')).toBe(true);
    expect(filter.relevant('/w/adv/machine-docs/BUILDER-INBOX.md')).toBe(true);
    expect(filter.relevant('/w/builder/.git/refs/remotes/origin/main')).toBe(true);
    expect(filter.relevant('/w/builder/.git/refs/remotes/origin/feature/x')).toBe(true);
    expect(filter.relevant('/w/builder/.git/refs/remotes/origin/main.lock')).toBe(false);
    expect(filter.ignored('/w/builder/.git/refs/remotes/origin/main.lock')).toBe(true);
    expect(filter.relevant('/w/builder/machine-docs')).toBe(false);
    expect(filter.relevant('/w/builder/STATUS-p2.md')).toBe(false);
    expect(filter.relevant('/w/plan/phases/phases.json')).toBe(true);
  });
});
