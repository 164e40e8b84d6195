import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeGitWorld } from '../helpers/git-world.js';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('launch doctor', () => {
  it('prints every check on one line, a fix under each problem, and exits 1 when one fails', async () => {
    const root = tempDir();
    const world = await makeGitWorld(root);
    const plan = join(root, 'plan');
    await runLaunch(['init', plan], { cwd: root });
    const env = {
      BUILDER_DIR: world.builder,
      ADV_DIR: world.adversary,
      LOOP_BACKEND: 'claude',
      CLAUDE_BIN: '/nowhere/claude',
    };
    const result = await runLaunch(['doctor'], { cwd: plan, env });
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^✓ tmux \d+\.\d+/);
    expect(lines[1]).toMatch(/^✓ git version/);
    expect(lines[2]).toBe('✗ /nowhere/claude not found');
    expect(lines[3]).toBe('    install it, or set CLAUDE_BIN=/path/to/claude');
    expect(result.stdout).toMatch(/^✓ plan dir .*plan — 2 phases$/m);
    expect(result.stdout).toMatch(/^✓ builder dir .*builder clone \(origin .*origin\.git\)$/m);
    expect(result.stdout).toMatch(/^✓ log dir .*\.launch writable, no watchdog running$/m);
    expect(result.stdout).toMatch(/^1 problem$/m);

    const healthy = await runLaunch(['doctor'], {
      cwd: plan,
      env: { ...env, LOOP_BACKEND: 'sim' },
    });
    expect(healthy.exitCode).toBe(0);
    expect(healthy.stdout).toMatch(/^no problems$/m);
  });

  it('warns (does not fail) when the clones have no origin or are shared', async () => {
    const plan = join(tempDir(), 'plan');
    await runLaunch(['init', plan], { cwd: '/' });
    const result = await runLaunch(['doctor'], { cwd: plan, env: { LOOP_BACKEND: 'sim' } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^! builder dir .* is not a git clone with an "origin" remote$/m);
    expect(result.stdout).toMatch(/^! Builder and Adversary share /m);
    expect(result.stdout).toMatch(/^no problems, 2 warnings$/m);
  });

  it('a team: a missing client names the roles on it; an orchestrator in the plan dir needs no clone', async () => {
    const root = tempDir();
    const world = await makeGitWorld(root);
    const plan = join(root, 'plan');
    await runLaunch(['init', plan, '--team', 'builder-adversary'], { cwd: root });
    const config = join(plan, 'launch.config.json');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const text = readFileSync(config, 'utf8')
      .replace('"../builder"', JSON.stringify(world.builder))
      .replace('"../adversary"', JSON.stringify(world.adversary));
    writeFileSync(config, text);
    const result = await runLaunch(['doctor'], {
      cwd: plan,
      env: { CLAUDE_BIN: '/nowhere/claude', CODEX_BIN: '/nowhere/codex', LOOP_BACKEND: 'sim' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^✗ \/nowhere\/claude not found \(backend of builder\)$/m);
    expect(result.stdout).toMatch(/^✗ \/nowhere\/codex not found \(backend of adversary\)$/m);
    expect(result.stdout).toMatch(/^✓ orchestrator dir .*plan$/m);
    expect(result.stdout).not.toMatch(/orchestrator dir .* is not a git clone/);
    expect(result.stdout).toMatch(/^2 problems$/m);
  });
});
