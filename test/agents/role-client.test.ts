import { describe, expect, it } from 'vitest';
import { roleClient, roleSettings } from '../../src/agents/role-client.js';
import { loadSettings } from '../../src/config/resolve.js';
import { tempDir } from '../helpers/temp-dir.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

function settingsWith(config: Record<string, unknown>) {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'launch.config.json'), JSON.stringify(config));
  const loaded = loadSettings({ cwd, env: {} });
  if (!loaded.ok) throw new Error(loaded.error.join('\n'));
  return loaded.value.settings;
}

describe('each role its own client', () => {
  const team = () =>
    settingsWith({
      backend: 'claude',
      loopModel: 'sonnet',
      roles: [
        { name: 'builder', dir: 'b' },
        { name: 'reviewer', dir: 'r', backend: 'codex', model: 'gpt-5', flags: ['--x'] },
        { name: 'helper', dir: 'h', backend: 'opencode' },
        { name: 'gem', dir: 'g', backend: 'gemini' },
      ],
    });

  it('its dialect, submit key and input-clearing keys come from its own backend', () => {
    const settings = team();
    const clients = ['builder', 'reviewer', 'helper', 'gem'].map((role) => {
      const client = roleClient({ settings }, role);
      return [role, client.backend, client.dialect.submitKey];
    });
    expect(clients).toEqual([
      ['builder', 'claude', 'Enter'],
      ['reviewer', 'codex', 'Enter'],
      ['helper', 'opencode', 'C-m'],
      ['gem', 'gemini', 'Enter'],
    ]);
  });

  it('its client starts with its own backend, model and flags in place of the run-wide ones', () => {
    const settings = team();
    const reviewer = roleSettings(settings, 'reviewer');
    expect([reviewer.backend, reviewer.loopModel, reviewer.codexFlags]).toEqual([
      'codex',
      'gpt-5',
      ['--x'],
    ]);
    const builder = roleSettings(settings, 'builder');
    expect([builder.backend, builder.loopModel, builder.claudeFlags]).toEqual([
      'claude',
      'sonnet',
      null,
    ]);
  });

  it('without roles: every role on LOOP_BACKEND, the Adversary on ADV_MODEL, as before', () => {
    const plain = settingsWith({ backend: 'opencode', loopModel: 'm1', advModel: 'm2' });
    expect(roleClient({ settings: plain }, 'builder').dialect.submitKey).toBe('C-m');
    expect(roleSettings(plain, 'adversary').loopModel).toBe('m2');
    expect(roleSettings(plain, 'builder').loopModel).toBe('m1');
  });
});
