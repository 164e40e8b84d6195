// The file watchers against real files and real git: what asks for a tick, gathered bursts, the set
// following the phase, and a watcher error that ends watching without ending anything else.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { watch as chokidarWatch } from 'chokidar';
import { afterEach, describe, expect, it } from 'vitest';
import { FileWatchers, type WatchFactory } from '../../src/watchdog/file-watchers.js';
import { watchSet } from '../../src/watchdog/watch-paths.js';
import { makeGitWorld } from '../helpers/git-world.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/** Collects what the watchers report, in order. */
function recorder() {
  const batches: string[][] = [];
  const errors: Error[] = [];
  let seen = 0;
  return {
    batches,
    errors,
    onChange: (paths: readonly string[]) => batches.push([...paths]),
    onError: (error: Error) => errors.push(error),
    /** The next batch reported after the previous call. */
    next: async (step: string): Promise<string[]> => {
      const batch = await waitFor(step, () => batches[seen], { timeoutMs: 15_000 });
      seen++;
      return batch;
    },
  };
}

let open: FileWatchers[] = [];
afterEach(async () => {
  await Promise.all(open.map((watchers) => watchers.close()));
  open = [];
});

async function world() {
  const root = tempDir();
  const git = await makeGitWorld(root);
  const plan = join(root, 'plan');
  mkdirSync(join(plan, 'phases'), { recursive: true });
  const settings = {
    builderDir: git.builder,
    advDir: git.adversary,
    planDir: plan,
    phasesSpec: null,
  };
  return { root, git, plan, settings };
}

function start(factory?: WatchFactory) {
  const record = recorder();
  const watchers = new FileWatchers({
    debounceMs: 50,
    onChange: record.onChange,
    onError: record.onError,
    factory,
  });
  open.push(watchers);
  return { record, watchers };
}

describe('file watchers (real files, real git)', () => {
  it('reports a DONE written into a machine-docs/ that did not exist yet, and nothing else', async () => {
    const { settings, git } = await world();
    const { record, watchers } = start();
    expect(await watchers.watch(watchSet({ settings, status: 'STATUS-p1.md' }))).toBe('ready');

    writeFileSync(join(git.builder, 'unrelated.txt'), 'not watched\n');
    mkdirSync(join(git.builder, 'machine-docs'));
    writeFileSync(join(git.builder, 'machine-docs', 'STATUS-p1.md'), '# status\n');
    expect(await record.next('status file created')).toEqual([
      join(git.builder, 'machine-docs', 'STATUS-p1.md'),
    ]);
    appendFileSync(join(git.builder, 'machine-docs', 'STATUS-p1.md'), '## DONE\n');
    expect(await record.next('DONE appended')).toEqual([
      join(git.builder, 'machine-docs', 'STATUS-p1.md'),
    ]);
  });

  it('gathers a burst into one report', async () => {
    const { settings, git } = await world();
    const { record, watchers } = start();
    await watchers.watch(watchSet({ settings, status: 'STATUS-p1.md' }));
    writeFileSync(join(git.builder, 'ADVERSARY-INBOX.md'), 'one\n');
    writeFileSync(join(git.adversary, 'BUILDER-INBOX.md'), 'two\n');
    writeFileSync(join(git.builder, 'STATUS-p1.md'), 'three\n');
    const batch = await record.next('the burst');
    expect(batch.length).toBeGreaterThanOrEqual(1);
    // whatever the burst's timing, every change is reported, each once, and nothing more
    const all = [...batch];
    while (all.length < 3) all.push(...(await record.next('the rest of the burst')));
    expect(all.sort()).toEqual(
      [
        join(git.builder, 'ADVERSARY-INBOX.md'),
        join(git.adversary, 'BUILDER-INBOX.md'),
        join(git.builder, 'STATUS-p1.md'),
      ].sort(),
    );
  });

  it("reports a push made from an agent's clone (its remote-tracking ref moves)", async () => {
    const { settings, git } = await world();
    const { record, watchers } = start();
    await watchers.watch(watchSet({ settings, status: 'STATUS-p1.md' }));
    await git.pushCommit(git.adversary, 'review(g1): PASS');
    const paths = new Set<string>();
    const origin = join(git.adversary, '.git', 'refs', 'remotes', 'origin', 'main');
    while (!paths.has(origin)) for (const path of await record.next('the push')) paths.add(path);
    // the commit moved HEAD before the push moved the remote-tracking ref
    expect(paths).toContain(join(git.adversary, '.git', 'logs', 'HEAD'));
  });

  it('follows the phase: the old status file stops counting, the new one counts', async () => {
    const { settings, git, plan } = await world();
    const { record, watchers } = start();
    await watchers.watch(watchSet({ settings, status: 'STATUS-p1.md' }));
    expect(await watchers.watch(watchSet({ settings, status: 'STATUS-p1.md' }))).toBe('unchanged');
    expect(await watchers.watch(watchSet({ settings, status: 'STATUS-p2.md' }))).toBe('ready');
    writeFileSync(join(git.builder, 'STATUS-p1.md'), '## DONE\n');
    writeFileSync(join(git.builder, 'STATUS-p2.md'), 'in progress\n');
    expect(await record.next('the new phase status')).toEqual([join(git.builder, 'STATUS-p2.md')]);
    writeFileSync(join(plan, 'phases', 'phases.json'), '[]');
    expect(await record.next('the manifest')).toEqual([join(plan, 'phases', 'phases.json')]);
  });

  it('reports a watcher error once, stops watching, and never throws', async () => {
    const { settings, git } = await world();
    let made: ReturnType<typeof chokidarWatch> | null = null;
    const { record, watchers } = start((paths, options) => {
      made = chokidarWatch(paths, options);
      return made;
    });
    await watchers.watch(watchSet({ settings, status: 'STATUS-p1.md' }));
    expect(watchers.watching).not.toBeNull();
    const failure = Object.assign(new Error('watch limit reached'), { code: 'ENOSPC' });
    made!.emit('error', failure);
    made!.emit('error', failure);
    await waitFor('the error is reported', () => record.errors.length > 0);
    expect(record.errors).toEqual([failure]);
    expect(watchers.watching).toBeNull();
    expect(made!.closed).toBe(true);
    // A failure while the first watch is being set up is reported the same way.
    const second = start((paths, options) => {
      const watcher = chokidarWatch(paths, options);
      queueMicrotask(() => watcher.emit('error', new Error('EACCES: permission denied')));
      return watcher;
    });
    expect(await second.watchers.watch(watchSet({ settings, status: 'S.md' }))).toBe('failed');
    expect(second.record.errors.map((error) => error.message)).toEqual([
      'EACCES: permission denied',
    ]);
    // nothing reported after the failure, even for watched files (a live watcher sees the write)
    const control = start();
    await control.watchers.watch(watchSet({ settings, status: 'STATUS-p1.md' }));
    writeFileSync(join(git.builder, 'STATUS-p1.md'), '## DONE\n');
    await control.record.next('the live watcher sees the change');
    expect(record.batches).toEqual([]);
  });

  it('closes a watcher still being set up', async () => {
    const { settings } = await world();
    const made: ReturnType<typeof chokidarWatch>[] = [];
    const { watchers } = start((paths, options) => {
      const watcher = chokidarWatch(paths, options);
      made.push(watcher);
      return watcher;
    });
    // not awaited: close() comes before the watcher is ready (it then never reports 'ready')
    void watchers.watch(watchSet({ settings, status: 'STATUS-p1.md' }));
    await watchers.close();
    expect(made).toHaveLength(1);
    expect(made[0]?.closed).toBe(true);
  });

  it('reports nothing after close', async () => {
    const { settings, git } = await world();
    const { record, watchers } = start();
    await watchers.watch(watchSet({ settings, status: 'STATUS-p1.md' }));
    await watchers.close();
    expect(await watchers.watch(watchSet({ settings, status: 'STATUS-p1.md' }))).toBe('closed');
    writeFileSync(join(git.builder, 'STATUS-p1.md'), '## DONE\n');
    // A second, live watcher sees the write: had the closed one still been watching, it would too.
    const control = start();
    await control.watchers.watch(watchSet({ settings, status: 'STATUS-p1.md' }));
    appendFileSync(join(git.builder, 'STATUS-p1.md'), 'more\n');
    await control.record.next('the live watcher sees the change');
    expect(record.batches).toEqual([]);
  });
});
