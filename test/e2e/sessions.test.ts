// `launch start / status / logs / stop` end to end: real tmux on a private socket, real git clones,
// the sim agent, and directory names that would run code if they ever reached a shell.
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLiveRespawner } from '../../src/watchdog/respawn-record.js';
import type { StatusView } from '../../src/status/status-view.js';
import { makeRig, type Rig } from '../helpers/launch-rig.js';
import { runLaunch, spawnLaunch } from '../helpers/run-launch.js';
import { waitFor } from '../helpers/wait-for.js';

/** The argv of a pane's process, as the kernel has it. */
function argvOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
}

describe('launch start / status / logs / stop', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await makeRig({
      oddPaths: true,
      config: { watchOrchestrator: true },
      script: {
        builder: {
          steps: [
            { do: 'say', text: 'hello from the builder sim' },
            { do: 'declare-wait', seconds: 600 },
          ],
        },
        adversary: { steps: [{ do: 'declare-wait', seconds: 600 }] },
        orchestrator: { steps: [{ do: 'declare-wait', seconds: 600 }] },
      },
    });
  });
  afterAll(async () => {
    await rig.dispose();
  });

  it('status --json works before anything runs', async () => {
    const result = await rig.launch(['status', '--json']);
    expect(result.exitCode).toBe(0);
    const view = JSON.parse(result.stdout) as StatusView;
    expect(view.phase).toMatchObject({ index: 0, id: 'p1', total: 2, done: false });
    expect(view.watchdog).toMatchObject({ running: false, pid: null });
    expect(view.sessions.map((session) => [session.role, session.running, session.state])).toEqual([
      ['builder', false, 'stopped'],
      ['adversary', false, 'stopped'],
      ['orchestrator', false, 'stopped'],
    ]);
  });

  it('starts the three sessions in the right directories, with the kickoff as the last argument', async () => {
    const start = await rig.launch(['start']);
    expect(start.exitCode, start.stderr).toBe(0);
    const listed = await rig.tmux.listPanes();
    const panes = listed.ok ? listed.value : [];
    const expected = [
      ['builder', rig.git.builder, 'You are the BUILDER'],
      ['adversary', rig.git.adversary, 'You are the ADVERSARY'],
      ['orchestrator', rig.plan, 'You are the ORCHESTRATOR'],
    ] as const;
    for (const [role, dir, rolePrompt] of expected) {
      const pane = panes.find((candidate) => candidate.session === rig.session(role));
      expect(pane, role).toBeDefined();
      expect(pane).toMatchObject({ dead: false, width: 200, height: 50 });
      const pid = pane?.pid ?? 0;
      expect(readlinkSync(`/proc/${pid}/cwd`)).toBe(dir);
      const argv = argvOf(pid);
      const kickoff = argv[argv.length - 1] ?? '';
      expect(kickoff).toMatch(/^\*\*\* PHASE p1 \(1\/2\)/);
      expect(kickoff).toContain(join(rig.plan, 'phases', 'plan-p1.md'));
      expect(kickoff).toContain(rolePrompt);
      expect(readFileSync(join(rig.logDir, `.kickoff-${rig.session(role)}.txt`), 'utf8')).toBe(
        kickoff,
      );
    }
    // The watchdog runs outside the agents' tmux server (under its detached respawner).
    expect(panes.some((pane) => pane.session === `${rig.prefix}-watchdog`)).toBe(false);
    expect(readLiveRespawner(rig.logDir)).not.toBeNull();
    // Nothing in any path ran as code.
    expect(existsSync(join(rig.root, 'PWNED'))).toBe(false);
    expect(existsSync(join(rig.plan, 'PWNED'))).toBe(false);
  });

  it('status --json shows the running sessions and the watchdog', async () => {
    const view = await waitFor(
      'the watchdog reports every session',
      async () => {
        const result = await rig.launch(['status', '--json']);
        const parsed = JSON.parse(result.stdout) as StatusView;
        return parsed.watchdog.running &&
          parsed.sessions.every((session) => session.source === 'watchdog')
          ? parsed
          : undefined;
      },
      { describe: rig.describe },
    );
    expect(view.watchdog.pid).toBeGreaterThan(1);
    expect(view.sessions.map((session) => [session.role, session.name, session.running])).toEqual([
      ['builder', rig.session('builder'), true],
      ['adversary', rig.session('adversary'), true],
      ['orchestrator', rig.session('orchestrator'), true],
    ]);
    for (const session of view.sessions)
      expect(['idle', 'waiting', 'active']).toContain(session.state);
    const human = await rig.launch(['status']);
    expect(human.stdout).toMatch(/^phase p1 \[1\/2\]\s+in progress/);
    expect(human.stdout).toMatch(/watchdog\s+\S+-watchdog\s+running\s+(\d+[smhd]\S*\s+)?pid \d+/);

    // The live watchdog takes status's look at the panes (its status socket): with no tmux on PATH
    // at all, status still sees every session running.
    const nodeOnly = mkdtempSync(join(rig.root, 'node-only-'));
    symlinkSync(process.execPath, join(nodeOnly, 'node'));
    const viaWatchdog = await runLaunch(['status', '--json'], {
      cwd: rig.plan,
      env: { ...rig.env, PATH: nodeOnly },
    });
    expect(viaWatchdog.exitCode).toBe(0);
    const seen = JSON.parse(viaWatchdog.stdout) as StatusView;
    expect(seen.sessions.map((session) => [session.role, session.running])).toEqual([
      ['builder', true],
      ['adversary', true],
      ['orchestrator', true],
    ]);
  });

  it('logs show what the agent printed, and the watchdog log reads as lines', async () => {
    const builder = await waitFor('the builder log has its greeting', async () => {
      const result = await rig.launch(['logs', 'builder', '-n', '200']);
      return result.stdout.includes('hello from the builder sim') ? result : undefined;
    });
    expect(builder.exitCode).toBe(0);
    expect(builder.stdout).not.toMatch(/\u001b\[/); // terminal codes stripped
    const watchdog = await rig.launch(['logs', 'watchdog']);
    expect(watchdog.stdout).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: watchdog-started/m);
    const raw = await rig.launch(['logs', 'watchdog', '--json', '-n', '1']);
    expect(() => JSON.parse(raw.stdout) as unknown).not.toThrow();
    const bad = await rig.launch(['logs', 'nobody']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'launch: unknown log "nobody"; expected one of builder, adversary, orchestrator, watchdog',
    );
  });

  it('logs -f follows what is appended', async () => {
    const file = join(rig.logDir, `${rig.session('adversary')}.log`);
    const follower = spawnLaunch(['logs', 'adversary', '-f', '-n', '0'], {
      cwd: rig.plan,
      env: rig.env,
    });
    let seen = '';
    follower.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
    });
    try {
      await waitFor('the follower is ready', () => follower.pid !== undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
      writeFileSync(file, 'appended by the test\n', { flag: 'a' });
      await waitFor('the appended line is followed', () => seen.includes('appended by the test'), {
        timeoutMs: 15_000,
      });
    } finally {
      follower.kill('SIGTERM');
      await follower;
    }
  });

  it('stop ends the agents and the watchdog and keeps the state', async () => {
    const stop = await rig.launch(['stop']);
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toMatch(/stopped the watchdog \(pid \d+\)/);
    const view = JSON.parse((await rig.launch(['status', '--json'])).stdout) as StatusView;
    expect(view.watchdog).toMatchObject({ running: false, pid: null });
    expect(view.sessions.every((session) => !session.running && session.state === 'stopped')).toBe(
      true,
    );
    expect(existsSync(join(rig.logDir, 'state.json'))).toBe(true);
    expect((await rig.tmux.listPanes()).ok && (await rig.tmux.listPanes())).toEqual({
      ok: true,
      value: [],
    });
    const again = await rig.launch(['stop']);
    expect(again.stdout).toMatch(/nothing was running/);
  });
});

describe('launch start refuses bad input before touching tmux', () => {
  const cases: [string, (rig: Rig) => Record<string, string>, RegExp][] = [
    [
      'a missing prompt',
      (rig) => {
        rmSync(join(rig.plan, 'prompts', 'adversary.md'));
        return {};
      },
      /^launch: .*prompts\/adversary\.md: missing adversary prompt; run `launch init --force` or create it/,
    ],
    [
      'a missing binary',
      () => ({ LOOP_BACKEND: 'claude', CLAUDE_BIN: '/nowhere/claude' }),
      /^launch: \/nowhere\/claude not found — install it, or set CLAUDE_BIN=\/path\/to\/claude$/,
    ],
    [
      'a bad manifest',
      (rig) => {
        writeFileSync(join(rig.plan, 'phases', 'phases.json'), '[{"id": "p1"');
        return {};
      },
      /^launch: .*phases\/phases\.json:1:13: invalid JSON: expected "}"/,
    ],
  ];
  for (const [name, breakIt, pattern] of cases) {
    it(`${name}: exit 2, one line, no tmux server`, async () => {
      const rig = await makeRig({ script: {} });
      try {
        const env = breakIt(rig);
        const result = await runLaunch(['start'], { cwd: rig.plan, env: { ...rig.env, ...env } });
        expect(result.exitCode).toBe(2);
        const lines = result.stderr.split('\n').filter(Boolean);
        expect(lines, result.stderr).toHaveLength(1);
        expect(lines[0]).toMatch(pattern);
        expect(await rig.tmux.listPanes()).toEqual({ ok: true, value: [] });
        expect(existsSync(join(rig.logDir, 'run-settings.json'))).toBe(false);
      } finally {
        await rig.dispose();
      }
    });
  }
});
