import { existsSync } from 'node:fs';
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
});
