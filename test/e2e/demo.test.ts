// `launch demo` end to end, as a newcomer runs it (but --fast and not on a terminal): the whole loop
// shows in its ledger, and nothing is left behind — no tmux server or socket, no process, no
// folder — when it completes, when it is interrupted, and (with --keep) everything is left.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseEvents } from '../../src/adapters/ledger.js';
import { createTmux } from '../../src/adapters/tmux.js';
import { DEMO_MARKER_ENV } from '../../src/demo/start-run.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { ofType } from '../helpers/launch-rig.js';
import { LAUNCH_BIN, baseEnv, runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * pids of live processes of a demo world: every one carries LAUNCH_DEMO=<its folder>. `root` is
 * the folder (exact), or with `prefix` the test's temp dir (every world made in it).
 */
function processesOf(root: string, prefix = false): number[] {
  const marker = `${DEMO_MARKER_ENV}=${root}${prefix ? '/' : '\0'}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').includes(marker))
        found.push(Number(entry));
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found;
}

/**
 * A failed test must not leave a world running (its demo may have been killed before it cleaned
 * up): kill, by pid, every process of the worlds made in the test's temp dir.
 */
function reapWorlds(tmp: string): void {
  for (const pid of processesOf(tmp, true)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/** Every file under `dir` (directories left empty do not count: the link and socket dirs stay). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (path) => !statSync(join(dir, path), { throwIfNoEntry: false })?.isDirectory(),
  );
}

const worldOf = (stdout: string): string => {
  const root = /^world\s+(\S+)/m.exec(stdout)?.[1];
  if (!root) throw new Error(`no world path in:\n${stdout}`);
  return root;
};
const socketOf = (stdout: string): string => {
  const socket = /tmux -L (\S+) attach/.exec(stdout)?.[1];
  if (!socket) throw new Error(`no attach line in:\n${stdout}`);
  return socket;
};

const ts = (event: LedgerEvent | undefined): number => Date.parse(event?.ts ?? '');

/**
 * The demo's temp folders and tmux sockets go to a folder of the test's own, so "nothing left
 * behind" is checked exactly (tests running beside it use /tmp and /tmp/tmux-<uid> too).
 */
function isolatedEnv(): { tmp: string; env: Record<string, string> } {
  const tmp = tempDir('launch-demo-test-');
  onTestFinished(() => reapWorlds(tmp));
  return { tmp, env: baseEnv({ TMPDIR: tmp, TMUX_TMPDIR: tmp }) };
}

function expectNothingLeft(tmp: string, root: string): void {
  expect(existsSync(root)).toBe(false);
  expect(processesOf(root)).toEqual([]);
  // No socket (in <tmp>/tmux-<uid>/), no pane-log link (in <tmp>/launch-<uid>/), no folder.
  expect(filesUnder(tmp)).toEqual([]);
  expect(readdirSync(tmp).every((name) => /^(tmux|launch)-\d+$/.test(name))).toBe(true);
}

describe('launch demo', () => {
  it('runs the whole loop (handoffs both ways, a stall reboot, a limit window, a phase advance) and leaves nothing behind', async () => {
    const { tmp, env } = isolatedEnv();
    const eventsFile = join(tempDir(), 'demo events.jsonl');
    const result = await execa(
      LAUNCH_BIN,
      ['demo', '--fast', '--events', eventsFile, '--timeout', '240'],
      {
        cwd: tempDir(),
        env,
        extendEnv: false,
        reject: false,
        timeout: 280_000,
      },
    );
    const stdout = String(result.stdout);
    expect(result.exitCode, `${stdout}\n${String(result.stderr)}`).toBe(0);
    const root = worldOf(stdout);

    const events = parseEvents(readFileSync(eventsFile, 'utf8'));
    // Handoffs each way: a claim pinged to the Adversary, a review pinged to the Builder.
    // (The first claim may miss its ping on a loaded machine: see demoScript; later ones do not.)
    expect(ofType(events, 'handoff-ping', 'adversary').map((e) => e.reason)).toContainEqual(
      expect.stringMatching(/^claim\(p\d-g\d\)/),
    );
    expect(ofType(events, 'handoff-ping', 'builder').map((e) => e.reason)).toContainEqual(
      expect.stringMatching(/^review\(p\d-g\d\): PASS/),
    );
    // A stall reboot (the Builder idles on purpose in phase 2).
    const stall = events.find((e) => e.type === 'session-restarted' && e.reason === 'stall');
    expect(stall?.role).toBe('builder');
    // A limit window: armed from a parsed reset, probed after it, lifted; no reboot inside it.
    const armed = ofType(events, 'limit-armed', 'builder')[0];
    expect(armed?.resetAt).toEqual(expect.any(String));
    const probe = ofType(events, 'limit-probe', 'builder').find((e) => ts(e) >= ts(armed));
    expect(ts(probe)).toBeGreaterThanOrEqual(Date.parse(String(armed?.resetAt)));
    const lifted = ofType(events, 'limit-lifted', 'builder').find((e) => ts(e) >= ts(probe));
    expect(lifted?.reason).toBe('working again');
    expect(
      ofType(events, 'session-restarted', 'builder').filter(
        (e) => ts(e) >= ts(armed) && ts(e) <= ts(lifted),
      ),
    ).toEqual([]);
    // A phase advance, then the end of the sequence.
    expect(ofType(events, 'phase-advanced')).toEqual([
      expect.objectContaining({ from: 'p1', to: 'p2' }),
    ]);
    expect(ofType(events, 'sequence-complete')).toHaveLength(1);

    // The plain (not a terminal) view printed the events as they came, then the summary.
    expect(stdout).toMatch(/^\S+\s+adversary\s+pinged\s+claim\(p\d-g\d\)/m);
    expect(stdout).toMatch(/^ {2}handoffs +builder → adversary: [1-9]/m);
    expect(stdout).toMatch(/^ {17}adversary → builder: [1-9]/m);
    expect(stdout).toMatch(/^ {2}reboots \d+ +\+\d:\d\d {2}builder \(stall\)/m);
    expect(stdout).toMatch(/^ {2}limit windows +\+\d:\d\d {2}builder limited, 1 probe .*resumed/m);
    expect(stdout).toMatch(
      /^ {2}phases +\+\d:\d\d p1 DONE → p2 · \+\d:\d\d p2 DONE → sequence complete$/m,
    );
    expect(stdout).toContain(
      `cleaned up: watchdog, sessions and tmux server stopped; ${root} removed\nledger copied to ${eventsFile}\n`,
    );
    expect(String(result.stderr)).toBe('');
    expectNothingLeft(tmp, root);
  }, 300_000);

  it('cleans everything up when interrupted mid-run', async () => {
    const { tmp, env } = isolatedEnv();
    const child = execa(LAUNCH_BIN, ['demo', '--fast'], {
      cwd: tempDir(),
      env,
      extendEnv: false,
      reject: false,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    try {
      // Mid-run: the agents are up and the watchdog has started.
      await waitFor('the watchdog’s start', () => /watchdog-started/.test(stdout), {
        timeoutMs: 120_000,
        intervalMs: 200,
        describe: () => stdout,
      });
      const root = worldOf(stdout);
      // 3 agents, the watchdog, the tmux server, the pane pipes: the check below means something.
      expect(processesOf(root).length).toBeGreaterThanOrEqual(5);
      child.kill('SIGINT');
      const result = await child;
      expect(result.exitCode, `${stdout}\n${String(result.stderr)}`).toBe(130);
      expect(stdout).toContain('stopped by SIGINT');
      expect(stdout).toContain(
        `cleaned up: watchdog, sessions and tmux server stopped; ${root} removed`,
      );
      expect(String(result.stderr).trim()).toBe('launch: demo interrupted by SIGINT');
      expectNothingLeft(tmp, root);
    } finally {
      // On a failure before the SIGINT: stop the demo the way a user would, so it cleans up.
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await Promise.race([child, new Promise((resolve) => setTimeout(resolve, 30_000))]);
        child.kill('SIGKILL');
      }
    }
  }, 180_000);

  it('refuses bad options before making anything', async () => {
    const tmp = tempDir('launch-demo-test-');
    const env = baseEnv({ TMPDIR: tmp });
    const events = await runLaunch(['demo', '--events', join(tmp, 'no such dir', 'e.jsonl')], {
      cwd: tmp,
      env,
    });
    expect(events.exitCode).toBe(2);
    expect(events.stderr.trim()).toBe(
      `launch: --events must name a file in a writable directory, got "${join(tmp, 'no such dir', 'e.jsonl')}" (${join(tmp, 'no such dir')} is not one)`,
    );
    const timeout = await runLaunch(['demo', '--timeout', 'soon'], { cwd: tmp, env });
    expect(timeout.exitCode).toBe(2);
    expect(timeout.stderr.trim()).toBe(
      'launch: --timeout must be a positive number of seconds, got "soon"',
    );
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('--keep leaves a failed run as it is and says how to look at it and stop it', async () => {
    const tmp = tempDir('launch-demo-test-');
    onTestFinished(() => reapWorlds(tmp));
    // The default tmux socket dir, so the adapter here reaches the demo's server.
    const env = baseEnv({ TMPDIR: tmp });
    const result = await runLaunch(['demo', '--fast', '--keep', '--timeout', '2'], {
      cwd: tmp,
      env,
      timeoutMs: 120_000,
    });
    const stdout = result.stdout;
    const root = worldOf(stdout);
    const tmux = createTmux({ socket: socketOf(stdout) });
    try {
      expect(result.exitCode, `${stdout}\n${result.stderr}`).toBe(1);
      expect(result.stderr).toMatch(/^launch: demo failed: no SEQUENCE-COMPLETE within 2s$/m);
      const plan = join(root, 'plan');
      expect(stdout).toContain(`kept the demo world in ${root}`);
      expect(stdout).toContain(`status    launch status --plan-dir ${plan}`);
      expect(stdout).toMatch(/^ {2}attach {4}tmux -L \S+ attach -t demo-builder/m);
      expect(stdout).toContain(`stop      launch stop --plan-dir ${plan} && tmux -L`);
      // Left as it was: the sessions still run, the ledger is there.
      expect(await tmux.hasSession('demo-builder')).toBe(true);
      await waitFor('the kept watchdog writes its ledger', () =>
        existsSync(join(plan, '.launch', 'events.jsonl')),
      );
      const status = await runLaunch(['status', '--plan-dir', plan], { cwd: tmp, env });
      expect(status.stdout).toMatch(/^builder\s+demo-builder\s/m);
      // The printed way to stop it works.
      const stop = await runLaunch(['stop', '--plan-dir', plan], { cwd: tmp, env });
      expect(stop.exitCode, stop.stderr).toBe(0);
      expect(stop.stdout).toMatch(/^stopped the watchdog \(pid \d+\)$/m);
    } finally {
      await tmux.killServer();
    }
    await waitFor('the kept world’s processes are gone', () => processesOf(root).length === 0);
  }, 180_000);
});
