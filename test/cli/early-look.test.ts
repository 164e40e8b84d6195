// `launch status` guesses its run's log dir before the settings load, to ask the watchdog early: the
// guess must be the log dir the settings resolve to, or no guess at all.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/resolve.js';
import type { PartialSettings } from '../../src/config/sources.js';
import { guessLogDir } from '../../src/status/early-look.js';
import { tempDir } from '../helpers/temp-dir.js';

interface Case {
  readonly what: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  /** The flags commander would hand the settings for `args`. */
  readonly flags?: PartialSettings;
  readonly config?: Record<string, unknown>;
}

/** A plan dir in a temp folder, with a phases file (and a config file when given). */
function planIn(root: string, config?: Record<string, unknown>): string {
  const plan = join(root, 'plan');
  mkdirSync(join(plan, 'phases'), { recursive: true });
  writeFileSync(join(plan, 'phases', 'phases.json'), '[]');
  if (config) writeFileSync(join(plan, 'launch.config.json'), JSON.stringify(config));
  return plan;
}

describe('the early guess of the log dir', () => {
  const cases: Case[] = [
    { what: 'nothing given: <plan dir>/.launch', args: [] },
    { what: '--log-dir', args: ['--log-dir', 'logs'], flags: { logDir: 'logs' } },
    { what: '--log-dir=', args: ['--json', '--log-dir=/tmp/x'], flags: { logDir: '/tmp/x' } },
    { what: 'LOG_DIR', args: [], env: { LOG_DIR: 'from-env' } },
    {
      what: 'the flag over LOG_DIR',
      args: ['--log-dir', 'flag'],
      env: { LOG_DIR: 'env' },
      flags: { logDir: 'flag' },
    },
    { what: 'an empty LOG_DIR is unset', args: [], env: { LOG_DIR: '' } },
    { what: 'PLAN_DIR', args: [], env: { PLAN_DIR: 'other' } },
    { what: '--plan-dir', args: ['--plan-dir', 'other'], flags: { planDir: 'other' } },
    { what: "the config file's logDir, read in the plan dir", args: [], config: { logDir: 'l' } },
    {
      what: 'LOG_DIR over the config file',
      args: ['-w'],
      env: { LOG_DIR: 'env' },
      config: { logDir: 'file' },
    },
    { what: 'a config file without logDir', args: [], config: { backend: 'sim' } },
    {
      what: 'other flags with values',
      args: ['--socket', 's', '--prefix', 'p', '--json'],
      flags: { tmuxSocket: 's', sessionPrefix: 'p' },
    },
  ];
  for (const { what, args, env = {}, flags = {}, config } of cases) {
    it(`agrees with the settings: ${what}`, () => {
      const root = tempDir();
      const plan = planIn(root, config);
      mkdirSync(join(root, 'other'), { recursive: true });
      const cwd = env.PLAN_DIR || flags.planDir ? root : plan;
      const loaded = loadSettings({ cwd, env, flags });
      if (!loaded.ok) throw new Error(loaded.error.join('\n'));
      expect(guessLogDir(args, env, cwd)).toBe(loaded.value.settings.logDir);
    });
  }

  it('makes no guess where the settings would need more than a glance', () => {
    const root = tempDir();
    const plan = planIn(root);
    // A run named by name, by --run or on a host: its log dir is in the registry or elsewhere.
    expect(guessLogDir(['shop'], {}, plan)).toBeNull();
    expect(guessLogDir(['--run', 'shop'], {}, plan)).toBeNull();
    expect(guessLogDir(['--host=box'], {}, plan)).toBeNull();
    expect(guessLogDir(['--', 'shop'], {}, plan)).toBeNull();
    // A flag whose value is missing: commander will say so.
    expect(guessLogDir(['--log-dir'], {}, plan)).toBeNull();
    // A config file with comments, or a logDir that is not text: the settings will tell.
    writeFileSync(join(plan, 'launch.config.json'), '{ // mine\n "logDir": "x" }');
    expect(guessLogDir([], {}, plan)).toBeNull();
    writeFileSync(join(plan, 'launch.config.json'), '{ "logDir": 7 }');
    expect(guessLogDir([], {}, plan)).toBeNull();
    // A trailing `--` names nothing.
    writeFileSync(join(plan, 'launch.config.json'), '{}');
    expect(guessLogDir(['--json', '--'], {}, plan)).toBe(join(plan, '.launch'));
  });
});
