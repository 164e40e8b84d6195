// In a mixed team every command uses the role's own client, not the run's: the Adversary on Codex
// beside a Builder on Claude Code has its transcript where Codex writes it.
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CODEX_SESSION_ID,
  codexRolloutPath,
  fixture,
  place,
} from '../evidence/transcript-fixtures.js';
import { runLaunch } from '../helpers/run-launch.js';
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
