// What changes under a running watchdog: phases.json hot reload (a broken edit is reported once and
// the last good sequence kept), the watched set following the phase, and a watcher failure that
// falls back to polling with an event, then recovers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { watch as chokidarWatch } from 'chokidar';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/config/fields.js';
import { loadSettings } from '../../src/config/resolve.js';
import { loadManifest } from '../../src/phases/manifest.js';
import type { WatchFactory } from '../../src/watchdog/file-watchers.js';
import { LiveInputs } from '../../src/watchdog/live-inputs.js';
import { makeGitWorld } from '../helpers/git-world.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const entry = (id: string, status = `STATUS-${id}.md`) => ({ id, plan: `plan-${id}.md`, status });

let open: LiveInputs[] = [];
afterEach(async () => {
  await Promise.all(open.map((live) => live.close()));
  open = [];
});

async function setup(env: Record<string, string> = {}) {
  const root = tempDir();
  const git = await makeGitWorld(root);
  const plan = join(root, 'plan');
  mkdirSync(join(plan, 'phases'), { recursive: true });
  for (const id of ['p1', 'p2', 'p3']) writeFileSync(join(plan, 'phases', `plan-${id}.md`), id);
  const manifest = join(plan, 'phases', 'phases.json');
  writeFileSync(manifest, JSON.stringify([entry('p1'), entry('p2')]));
  const loaded = loadSettings({
    cwd: plan,
    env: { BUILDER_DIR: git.builder, ADV_DIR: git.adversary, LOG_DIR: join(root, 'logs'), ...env },
  });
  if (!loaded.ok) throw new Error(loaded.error.join('\n'));
  const settings: Settings = loaded.value.settings;
  const phases = loadManifest(plan);
  if (!phases.ok) throw new Error(phases.error.join('\n'));
  let nudges = 0;
  const make = (options: { factory?: WatchFactory; retryMs?: number } = {}) => {
    const live = new LiveInputs(
      { settings, phases: phases.value.phases, logger: pino({ level: 'silent' }), now: Date.now },
      0,
      { nudge: () => nudges++, ...options },
    );
    open.push(live);
    return live;
  };
  return { git, plan, manifest, settings, make, nudges: () => nudges };
}

describe('LiveInputs', () => {
  it('hot-reloads phases.json: a broken edit is reported once, the last good sequence kept', async () => {
    const { manifest, make } = await setup();
    const live = make();
    expect(live.beforeTick(0)).toMatchObject({ events: [] });

    writeFileSync(manifest, '[{"id":"p1","plan":"plan-p1.md",');
    const broken = live.beforeTick(0);
    expect(broken.phases.map((phase) => phase.id)).toEqual(['p1', 'p2']);
    expect(broken.events.map((event) => event.type)).toEqual(['phases-invalid']);
    expect(broken.events[0]?.reason).toMatch(
      /phases\.json:1:\d+: .* — keeping the last good sequence \(p1 p2\)$/,
    );
    // the same broken text is not reported again on every tick
    expect(live.beforeTick(0).events).toEqual([]);

    writeFileSync(manifest, JSON.stringify([entry('p1'), entry('p2'), entry('p3')]));
    const fixed = live.beforeTick(0);
    expect(fixed.phases.map((phase) => phase.id)).toEqual(['p1', 'p2', 'p3']);
    expect(live.sequence).toBe(fixed.phases);
    expect(fixed.events).toEqual([
      expect.objectContaining({
        type: 'phases-reloaded',
        reason: '2 → 3 phases: p1 p2 p3',
        phases: ['p1', 'p2', 'p3'],
      }),
    ]);

    // an edit that would move the current phase is refused, and the reload rule names it
    writeFileSync(manifest, JSON.stringify([entry('p1'), entry('p3'), entry('p2')]));
    const moved = live.beforeTick(1);
    expect(moved.phases.map((phase) => phase.id)).toEqual(['p1', 'p2', 'p3']);
    expect(moved.events[0]?.reason).toMatch(/moves or removes "p2", the current phase/);
    writeFileSync(manifest, JSON.stringify([entry('p1'), entry('p2'), entry('p3')]));
    expect(live.beforeTick(1).events).toEqual([
      expect.objectContaining({
        type: 'phases-reloaded',
        reason: 'phases.json is valid again; the sequence is unchanged',
      }),
    ]);
  });

  it('watches the current phase and follows phase changes and reloads', async () => {
    const { git, manifest, make } = await setup();
    const live = make();
    await live.settled();
    expect(live.watching?.files).toContain(join(git.builder, 'STATUS-p1.md'));
    live.afterTick(1);
    await live.settled();
    expect(live.watching?.files).toContain(join(git.builder, 'machine-docs', 'STATUS-p2.md'));
    expect(live.watching?.files).not.toContain(join(git.builder, 'STATUS-p1.md'));
    // the current phase's status file renamed in the manifest: the watcher follows at once
    writeFileSync(manifest, JSON.stringify([entry('p1'), entry('p2', 'DONE-p2.md')]));
    live.beforeTick(1);
    await live.settled();
    expect(live.watching?.files).toContain(join(git.builder, 'DONE-p2.md'));
  });

  it('falls back to polling with an event when watching fails, and recovers later', async () => {
    const { make, nudges } = await setup();
    let failing = true;
    const live = make({
      retryMs: 0,
      factory: (paths, options) => {
        const watcher = chokidarWatch(paths, options);
        if (failing)
          watcher.once('ready', () =>
            watcher.emit('error', new Error('EMFILE: too many open files')),
          );
        return watcher;
      },
    });
    await live.settled();
    await waitFor('the failure is reported', () => nudges() > 0);
    expect(live.watching).toBeNull();
    const failed = live.beforeTick(0).events;
    expect(failed.map((event) => event.type)).toEqual(['watch-failed']);
    expect(failed[0]?.reason).toBe(
      'EMFILE: too many open files — polling every 30s; watching is retried every 300s',
    );
    // a retry that fails again is quiet
    live.afterTick(0);
    await live.settled();
    expect(live.beforeTick(0).events).toEqual([]);
    failing = false;
    live.afterTick(0);
    await live.settled();
    expect(live.watching).not.toBeNull();
    expect(live.beforeTick(0).events).toEqual([
      expect.objectContaining({ type: 'watch-restored' }),
    ]);
  });

  it('treats a watcher that cannot even be created as a failure, not a crash', async () => {
    const { make } = await setup();
    const live = make({
      factory: () => {
        throw new Error('ENOSPC: System limit for number of file watchers reached');
      },
    });
    await live.settled();
    expect(live.watching).toBeNull();
    expect(live.beforeTick(0).events.map((event) => [event.type, event.reason])).toEqual([
      [
        'watch-failed',
        'ENOSPC: System limit for number of file watchers reached — polling every 30s; watching is retried every 300s',
      ],
    ]);
    await expect(live.close()).resolves.toBeUndefined();
  });

  it('with WATCH_EVENTS=0 watches nothing but still reloads the manifest', async () => {
    const { manifest, make } = await setup({ WATCH_EVENTS: '0' });
    const live = make();
    await live.settled();
    expect(live.watching).toBeNull();
    writeFileSync(manifest, JSON.stringify([entry('p1'), entry('p2'), entry('p3')]));
    expect(live.beforeTick(0).events.map((event) => event.type)).toEqual(['phases-reloaded']);
  });
});
