// In a mixed team every command uses the role's own client, not the run's: the Adversary on Codex
// beside a Builder on Claude Code has its transcript where Codex writes it.
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CODEX_SESSION_ID,
  codexRolloutPath,
  fixture,
  place,
} from '../evidence/transcript-fixtures.js';
import { PANES_DIR, PANE_SEPARATOR } from '../helpers/pane-fixtures.js';
import { privateTmux } from '../helpers/private-tmux.js';
import { runLaunch } from '../helpers/run-launch.js';
import { waitFor } from '../helpers/wait-for.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('launch logs <role> --transcript in a mixed team', () => {
  it("reads a Codex role's rollout though the run's backend is claude", async () => {
    const root = realpathSync(tempDir());
    const plan = join(root, 'plan');
    const home = tempDir('launch-home-');
    expect((await runLaunch(['init', plan], { cwd: root })).exitCode).toBe(0);
    const adversaryDir = join(root, 'adversary');
    mkdirSync(adversaryDir);
    writeFileSync(
      join(plan, 'launch.config.json'),
      JSON.stringify({
        backend: 'claude',
        roles: [
          { name: 'builder', dir: '../builder' },
          { name: 'adversary', dir: '../adversary', backend: 'codex' },
        ],
      }),
    );
    const today = new Date().toISOString().slice(0, 10);
    place(
      codexRolloutPath(join(home, '.codex'), CODEX_SESSION_ID, `${today}T10-00-00`),
      fixture('codex-0.171.0-rollout.jsonl', adversaryDir),
    );
    const result = await runLaunch(['logs', 'adversary', '--transcript'], {
      cwd: plan,
      env: { HOME: home },
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/ user {6}\S/);
  });
});

describe('launch status with no watchdog in a mixed team', () => {
  const server = privateTmux('mixed-status');
  afterAll(() => server.dispose());

  it("reads a Codex role's pane with the Codex dialect (its working row), not the run's", async () => {
    const root = realpathSync(tempDir());
    const plan = join(root, 'plan');
    expect((await runLaunch(['init', plan], { cwd: root })).exitCode).toBe(0);
    writeFileSync(
      join(plan, 'launch.config.json'),
      JSON.stringify({
        backend: 'claude',
        sessionPrefix: 'mx',
        roles: [
          { name: 'builder', dir: '.' },
          { name: 'reviewer', dir: '.', backend: 'codex' },
        ],
      }),
    );
    // Codex's status row when its interrupt key is unbound: "• Working (4s)" (a real client text).
    const fixture = readFileSync(join(PANES_DIR, 'codex', 'working-interrupt-unbound.txt'), 'utf8');
    const screen = join(root, 'codex-screen.txt');
    writeFileSync(screen, fixture.split(PANE_SEPARATOR)[1] ?? '');
    const created = await server.tmux.newSession({
      name: 'mx-reviewer',
      cwd: root,
      command: [
        process.execPath,
        '-e',
        'process.stdout.write(require("fs").readFileSync(process.argv[1], "utf8")); setInterval(() => {}, 1e6);',
        screen,
      ],
    });
    expect(created.ok ? 'ok' : JSON.stringify(created.error)).toBe('ok');
    await waitFor('the screen is drawn', async () =>
      ((await server.tmux.capture('mx-reviewer')) ?? '').includes('Working (4s)')
        ? true
        : undefined,
    );
    const result = await runLaunch(['status', '--json'], {
      cwd: plan,
      env: { LAUNCH_TMUX_SOCKET: server.socket },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as {
      sessions: { role: string; state: string; running: boolean }[];
    };
    expect(status.sessions.find((session) => session.role === 'reviewer')).toMatchObject({
      running: true,
      state: 'active',
    });
  });
});
