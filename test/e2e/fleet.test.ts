// Several runs on one machine (issue 16, item 1), end to end on private tmux sockets with the sim
// backend: two plan dirs run at once; `launch ls` from a third folder lists both with their phases;
// `launch stop <run>` stops only that one; a second `launch start` in a live plan dir refuses and
// `--restart` replaces it; run names from anywhere; a garbage registry file is moved aside and the
// live runs rebuilt; an unknown name or a host gets one clear line and exit 2.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLockHolder } from '../../src/adapters/watchdog-lock.js';
import { runsDir } from '../../src/fleet/registry.js';
import type { RunListing } from '../../src/fleet/run-list.js';
import { launchStateDir } from '../../src/fleet/state-dir.js';
import { readLiveRespawner } from '../../src/watchdog/respawn-record.js';
import { makeRig, type Rig } from '../helpers/launch-rig.js';
import { runLaunch, type LaunchResult } from '../helpers/run-launch.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const QUIET = {
  builder: { steps: [{ do: 'declare-wait' as const, seconds: 3600 }] },
  adversary: { steps: [{ do: 'declare-wait' as const, seconds: 3600 }] },
};

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

describe('several runs on one machine', () => {
  let shop: Rig;
  let docs: Rig;
  let third: { dir: string; remove: () => void };
  let stateHome: string;
  /** `launch` in a rig's plan dir, registering in the shared state dir. */
  let inPlan: (rig: Rig, args: readonly string[]) => Promise<LaunchResult>;
  /** `launch` from a folder that is no plan dir, with the same registry. */
  let elsewhere: (args: readonly string[]) => Promise<LaunchResult>;
  const watchdogOf = (rig: Rig) =>
    waitFor(`the watchdog of ${rig.plan} holds its lock`, () => readLockHolder(rig.logDir), {
      timeoutMs: 30_000,
      describe: rig.describe,
    });

  beforeAll(async () => {
    shop = await makeRig({ script: QUIET, phases: ['p1', 'p2'] });
    docs = await makeRig({ script: QUIET, phases: ['d1', 'd2', 'd3'] });
    third = makeTempDir('launch-third-');
    stateHome = join(third.dir, 'state');
    inPlan = (rig, args) =>
      runLaunch(args, {
        cwd: rig.plan,
        env: { ...rig.env, XDG_STATE_HOME: stateHome },
        timeoutMs: 60_000,
      });
    elsewhere = (args) =>
      runLaunch(args, {
        cwd: third.dir,
        env: { HOME: third.dir, XDG_STATE_HOME: stateHome },
        timeoutMs: 60_000,
      });
  });

  afterAll(async () => {
    await Promise.all([shop?.dispose(), docs?.dispose()]);
    third?.remove();
  });

  it('lists both runs from a third folder, stops one by name, refuses a second start', async () => {
    // Both plan dirs are called "plan": the second is named by --name.
    const first = await inPlan(shop, ['start']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /^run: {4}plan · from any folder: launch status plan · launch ls$/m,
    );
    const second = await inPlan(docs, ['start', '--name', 'docs']);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^run: {4}docs · /m);
    const shopWatchdog = await watchdogOf(shop);
    await watchdogOf(docs);

    // ls --json from a folder that is no plan dir: both, with their phases.
    const listed = await elsewhere(['ls', '--json']);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const runs = (JSON.parse(listed.stdout) as { runs: RunListing[] }).runs;
    expect(runs.map((run) => [run.name, run.planDir, run.state, run.phase])).toEqual([
      ['docs', docs.plan, 'running', { id: 'd1', index: 0, total: 3, done: false }],
      ['plan', shop.plan, 'running', { id: 'p1', index: 0, total: 2, done: false }],
    ]);
    const shopRun = runs.find((run) => run.name === 'plan');
    expect(shopRun?.watchdog).toMatchObject({ running: true, pid: shopWatchdog.pid });
    expect(shopRun?.sessions.map((session) => session.role)).toEqual(['builder', 'adversary']);
    expect(shopRun?.logDir).toBe(shop.logDir);

    const table = await elsewhere(['ls']);
    expect(table.exitCode).toBe(0);
    console.log(`launch ls from a third folder:\n${table.stdout}`);
    const rows = lines(table.stdout);
    expect(rows[0]).toMatch(/^RUN +PLAN DIR +PHASE +BUILDER +ADVERSARY +WATCHDOG +LAST EVENT$/);
    expect(rows[1]).toMatch(/^docs +\/\S+ +d1 \[1\/3\] +\S+ +\S+ +up \d+s/);
    expect(rows[2]).toMatch(/^plan +\/\S+ +p1 \[1\/2\] +\S+ +\S+ +up \d+s/);

    // A second start in a live plan dir: refused, naming the run and its phase, nothing touched.
    const again = await inPlan(shop, ['start']);
    expect(again.exitCode).toBe(1);
    expect(lines(again.stderr)).toEqual([
      expect.stringMatching(
        /^launch: run plan is live here \(phase p1 \[1\/2\], watchdog pid \d+\); nothing was touched: `launch start --resume` leaves it running, `launch start --restart` replaces it \(stops it, starts over at phase 1\)$/,
      ),
    ]);
    expect(again.stdout).toBe('');
    const resumed = await inPlan(shop, ['start', '--resume']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(
      /^run plan is live here \(phase p1 \[1\/2\].*: nothing to do, it keeps running/,
    );
    expect(readLockHolder(shop.logDir)?.pid).toBe(shopWatchdog.pid);

    // status by name from anywhere reads the same run.
    const status = await elsewhere(['status', 'docs', '--json']);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ phase: { id: 'd1', total: 3 } });
    expect((await elsewhere(['events', '--run', 'docs', '-n', '3'])).exitCode).toBe(0);
    const log = await elsewhere(['logs', 'docs:watchdog', '-n', '2', '--json']);
    expect(log.exitCode, log.stderr).toBe(0);

    // stop <run> stops only that one.
    const stopped = await elsewhere(['stop', 'docs']);
    expect(stopped.exitCode, stopped.stderr).toBe(0);
    expect(stopped.stdout).toMatch(/^stopped the watchdog \(pid \d+\)/);
    expect(stopped.stdout).toMatch(/`launch start --resume --run docs` continues/);
    expect(readLockHolder(docs.logDir)).toBeNull();
    expect(readLiveRespawner(docs.logDir)).toBeNull();
    expect(await docs.tmux.hasSession(docs.session('builder'))).toBe(false);
    expect(readLockHolder(shop.logDir)?.pid).toBe(shopWatchdog.pid);
    expect(await shop.tmux.hasSession(shop.session('builder'))).toBe(true);

    // stop from a folder with no run, while another runs: says so, lists it, exit 1.
    const nothing = await elsewhere(['stop']);
    expect(nothing.exitCode).toBe(1);
    expect(lines(nothing.stderr)).toEqual([
      `launch: nothing to stop here (${third.dir} is not a plan dir); another run is live on this machine (\`launch stop <run>\` stops one):`,
      `launch:   plan  ${shop.plan}`,
    ]);
    // ... and in the stopped plan dir: the same, since that one is live elsewhere.
    const stoppedHere = await inPlan(docs, ['stop']);
    expect(stoppedHere.exitCode).toBe(1);
    expect(stoppedHere.stderr).toMatch(
      /^launch: nothing was running: .*; another run is live on this machine/,
    );

    // --restart replaces the live run: a new watchdog, back at phase 1.
    const restarted = await inPlan(shop, ['start', '--restart']);
    expect(restarted.exitCode, restarted.stderr).toBe(0);
    expect(restarted.stdout).toMatch(/^stopped the running watchdog \(pid \d+\)$/m);
    expect(restarted.stdout).toMatch(/^starting phase p1 \[1\/2\]/m);
    const replaced = await waitFor('a new watchdog holds the lock', () => {
      const holder = readLockHolder(shop.logDir);
      return holder !== null && holder.pid !== shopWatchdog.pid ? holder : undefined;
    });
    expect(replaced.pid).not.toBe(shopWatchdog.pid);
    const after = (JSON.parse((await elsewhere(['ls', '--json'])).stdout) as { runs: RunListing[] })
      .runs;
    expect(after.map((run) => [run.name, run.state])).toEqual([
      ['docs', 'stopped'],
      ['plan', 'running'],
    ]);
    expect(lines((await elsewhere(['ls'])).stdout)[1]).toMatch(/^docs .* stopped \d+s/);
  }, 240_000);

  it('bad input: an unknown run, a host, a run and a plan dir at once — one line, exit 2', async () => {
    const unknown = await elsewhere(['status', 'plna']);
    expect(unknown.exitCode).toBe(2);
    expect(lines(unknown.stderr)).toEqual(['launch: no run named plna (did you mean plan?)']);
    const byFlag = await elsewhere(['stop', '--run', 'dcos']);
    expect(byFlag.exitCode).toBe(2);
    expect(lines(byFlag.stderr)).toEqual(['launch: no run named dcos (did you mean docs?)']);
    const role = await elsewhere(['attach', 'plna:builder']);
    expect(lines(role.stderr)).toEqual(['launch: no run named plna (did you mean plan?)']);
    // attach stays local (status, stop, logs and events go to the host: see test/e2e/hosts.test.ts).
    const host = await elsewhere(['send', 'box:plan:builder', 'hello']);
    expect(host.exitCode).toBe(2);
    expect(lines(host.stderr)).toEqual(['launch: hosts are not supported here (box:plan)']);
    const badHost = await elsewhere(['logs', '-x:plan:builder']);
    expect(badHost.exitCode).toBe(2);
    const both = await elsewhere(['status', 'plan', '--plan-dir', shop.plan]);
    expect(both.exitCode).toBe(2);
    expect(lines(both.stderr)).toEqual([
      'launch: a run name and --plan-dir both say which run; give one',
    ]);
    const badName = await inPlan(docs, ['start', '--name', 'plan']);
    expect(badName.exitCode).toBe(2);
    expect(lines(badName.stderr)).toEqual([
      `launch: --name: the run name plan is taken by ${shop.plan} (log dir ${shop.logDir}); pick another, nothing was started`,
    ]);
    expect(readLockHolder(docs.logDir)).toBeNull();
  }, 60_000);

  it('a garbage registry file is moved aside and the live run rebuilt, nothing lost', async () => {
    const dir = runsDir(launchStateDir({ XDG_STATE_HOME: stateHome }));
    writeFileSync(join(dir, 'plan.json'), 'not json at all {');
    // The stopped run's entry cut short: its log dir is still named, and holds its own copy.
    const docsEntry = readFileSync(join(dir, 'docs.json'), 'utf8');
    writeFileSync(join(dir, 'docs.json'), docsEntry.slice(0, docsEntry.indexOf('"socket"')));
    const listed = await elsewhere(['ls', '--json']);
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(lines(listed.stderr)).toEqual([
      expect.stringMatching(
        /^launch: registry: 2 run entries were not readable and moved aside in \S+ \(docs\.json → docs\.json\.bad-[\dT-]+Z, plan\.json → plan\.json\.bad-[\dT-]+Z\); rebuilt from the live watchdogs and the runs' log dirs: plan, docs$/,
      ),
    ]);
    const runs = (JSON.parse(listed.stdout) as { runs: RunListing[] }).runs;
    expect(runs.map((run) => [run.name, run.planDir, run.state])).toEqual([
      ['docs', docs.plan, 'stopped'],
      ['plan', shop.plan, 'running'],
    ]);
    const bad = readdirSync(dir).filter((file) => file.startsWith('plan.json.bad-'));
    expect(bad).toHaveLength(1);
    expect(readFileSync(join(dir, bad[0] ?? ''), 'utf8')).toBe('not json at all {');
    expect(existsSync(join(dir, 'plan.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'docs.json'), 'utf8'))).toEqual(JSON.parse(docsEntry));
    // Said once: the next look finds a clean registry.
    expect((await elsewhere(['ls'])).stderr).toBe('');
  }, 60_000);

  it('after a completed sequence start says so and refuses; --restart starts over', async () => {
    const done = await makeRig({ script: QUIET, phases: ['p1'] });
    try {
      mkdirSync(done.logDir, { recursive: true });
      writeFileSync(join(done.logDir, 'SEQUENCE-COMPLETE'), 'completed\n');
      for (const args of [['start'], ['start', '--resume']]) {
        const refused = await inPlan(done, args);
        expect(refused.exitCode, args.join(' ')).toBe(1);
        expect(lines(refused.stderr)).toEqual([
          expect.stringMatching(
            /^launch: run plan(-\d)? completed its sequence \(p1\) \d+s ago; nothing was started: `launch start --restart` starts over at phase 1$/,
          ),
        ]);
        expect(await done.tmux.listPanes()).toEqual({ ok: true, value: [] });
      }
      const badName = await inPlan(done, ['start', '--name', 'no good']);
      expect(badName.exitCode).toBe(2);
      expect(lines(badName.stderr)).toEqual([
        'launch: --name: a run name is letters, digits, ".", "_" and "-" (at most 64, starting with a letter or digit), got "no good"',
      ]);
      const over = await inPlan(done, ['start', '--restart']);
      expect(over.exitCode, over.stderr).toBe(0);
      expect(over.stdout).toMatch(/^starting phase p1 \[1\/1\]/m);
      expect(existsSync(join(done.logDir, 'SEQUENCE-COMPLETE'))).toBe(false);
      await watchdogOf(done);
    } finally {
      await done.dispose();
    }
  }, 120_000);
});
