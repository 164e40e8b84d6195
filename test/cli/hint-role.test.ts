// The role a start hint names is one the team has: its first running agent.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hintRole } from '../../src/cli/hint-role.js';
import { loadSettings } from '../../src/config/resolve.js';
import { tempDir } from '../helpers/temp-dir.js';

function settingsWith(config: object, prompts: readonly string[]) {
  const plan = tempDir();
  mkdirSync(join(plan, 'prompts'));
  for (const prompt of prompts) writeFileSync(join(plan, 'prompts', `${prompt}.md`), prompt);
  writeFileSync(join(plan, 'launch.config.json'), JSON.stringify(config));
  const loaded = loadSettings({ cwd: plan, env: {} });
  if (!loaded.ok) throw new Error(loaded.error.join('\n'));
  return loaded.value.settings;
}

describe('hintRole', () => {
  it('is the builder in the default team', () => {
    expect(hintRole(settingsWith({}, ['builder', 'adversary', 'orchestrator']))).toBe('builder');
  });

  it('is the first agent of a team with no builder, after an orchestrator-kind lead', () => {
    const settings = settingsWith(
      {
        roles: [
          { name: 'lead', dir: '../lead', kind: 'orchestrator' },
          { name: 'engineer-1', dir: '../e1' },
          { name: 'reviewer', dir: '../r' },
        ],
      },
      ['lead', 'engineer-1', 'reviewer'],
    );
    expect(hintRole(settings)).toBe('engineer-1');
  });
});
