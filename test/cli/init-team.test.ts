import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaffoldPlanDir } from '../../src/cli/commands/init.js';
import { TEAM_SHAPES } from '../../src/cli/team-shapes.js';
import { loadSettings } from '../../src/config/resolve.js';
import { routesOf, teamOf } from '../../src/config/team.js';
import { checkPlanDir } from '../../src/phases/validate.js';
import { tempDir } from '../helpers/temp-dir.js';
import { runLaunch } from '../helpers/run-launch.js';

describe('launch init --team', () => {
  it.each(TEAM_SHAPES)(
    '%s: a config that loads, a prompt for every role, a valid plan',
    (shape) => {
      const root = join(tempDir(), 'plan');
      scaffoldPlanDir(root, 'new', shape);
      const loaded = loadSettings({ cwd: root, env: {} });
      expect(loaded.ok, loaded.ok ? '' : loaded.error.join('\n')).toBe(true);
      if (!loaded.ok) return;
      const team = teamOf(loaded.value.settings);
      expect(team.length).toBeGreaterThanOrEqual(3);
      for (const role of team) expect(existsSync(role.prompt), role.prompt).toBe(true);
      expect(new Set(team.map((role) => role.session)).size).toBe(team.length);
      const names = team.map((role) => role.name);
      for (const route of routesOf(loaded.value.settings))
        for (const target of route.notify) expect(names).toContain(target);
      expect(checkPlanDir(loaded.value.settings).problems).toEqual([]);
    },
  );

  it('an unknown shape is one line, exit 2, nothing written', async () => {
    const root = join(tempDir(), 'plan');
    const result = await runLaunch(['init', root, '--team', 'trio'], { cwd: tempDir(), env: {} });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(
      'launch: --team must be one of builder-adversary, builder-pair, lead-engineers, got "trio"',
    );
    expect(existsSync(root)).toBe(false);
  });

  it.each(TEAM_SHAPES)(
    '%s: the phase status file and the handoff git are read in a clone, not the plan dir',
    (shape) => {
      const root = join(tempDir(), 'plan');
      scaffoldPlanDir(root, 'new', shape);
      const loaded = loadSettings({ cwd: root, env: {} });
      if (!loaded.ok) throw new Error(loaded.error.join('\n'));
      expect(loaded.value.settings.builderDir).not.toBe(root);
    },
  );

  it("the next step names each role's clone, not builderDir / advDir", async () => {
    const parent = tempDir();
    const result = await runLaunch(['init', 'plan', '--team', 'lead-engineers'], { cwd: parent });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'next: clone your repository into lead, engineer-1, engineer-2, reviewer (each role\'s "dir" in plan/launch.config.json),',
    );
    expect(result.stdout).not.toContain('builderDir');
  });
});

describe('launch init --force in a team plan dir', () => {
  it('writes the missing prompts of the roles the config names and keeps the config byte for byte', async () => {
    const parent = tempDir();
    const root = join(parent, 'plan');
    expect(
      (await runLaunch(['init', root, '--team', 'lead-engineers'], { cwd: parent })).exitCode,
    ).toBe(0);
    // The user's own role, added to the team by hand, and a deleted shape prompt.
    const configFile = join(root, 'launch.config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { roles: unknown[] };
    config.roles.push({ name: 'qa', dir: '../qa' });
    const configText = `${JSON.stringify(config, null, 2)}\n`;
    writeFileSync(configFile, configText);
    const engineer2 = join(root, 'prompts', 'engineer-2.md');
    const shipped = readFileSync(engineer2, 'utf8');
    rmSync(engineer2);
    const lead = join(root, 'prompts', 'lead.md');
    writeFileSync(lead, 'my own lead prompt');

    const validate = await runLaunch(['phases', 'validate'], { cwd: root });
    expect(validate.exitCode).toBe(2);
    expect(validate.stderr).toContain('missing engineer-2 prompt; run `launch init --force`');

    const forced = await runLaunch(['init', '--force'], { cwd: root });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(
      /wrote the missing files into .*:\n {2}prompts\/engineer-2\.md\n {2}prompts\/qa\.md\n/,
    );
    expect(readFileSync(engineer2, 'utf8')).toBe(shipped);
    expect(readFileSync(join(root, 'prompts', 'qa.md'), 'utf8')).toContain('You are qa');
    expect(readFileSync(lead, 'utf8')).toBe('my own lead prompt');
    expect(readFileSync(configFile, 'utf8')).toBe(configText);
    expect((await runLaunch(['phases', 'validate'], { cwd: root })).exitCode).toBe(0);
  });
});
