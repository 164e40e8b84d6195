// RESUME_ON_RESTART / resumeOnRestart (issue 14): on by default, off with 0 or false; a bad value is
// one line naming it, exit 2, and nothing is started.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/resolve.js';
import { uniqueSocketName } from '../helpers/private-tmux.js';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

const setting = (env: Record<string, string>, cwd = '/') => {
  const result = loadSettings({ cwd, env });
  return result.ok ? result.value.settings.resumeOnRestart : result.error;
};

describe('RESUME_ON_RESTART', () => {
  it('is on by default; 0 / false turn it off, the config key too, and the variable wins', () => {
    expect(setting({})).toBe(true);
    expect(setting({ RESUME_ON_RESTART: '0' })).toBe(false);
    expect(setting({ RESUME_ON_RESTART: 'false' })).toBe(false);
    expect(setting({ RESUME_ON_RESTART: '1' })).toBe(true);
    const dir = tempDir();
    writeFileSync(join(dir, 'launch.config.json'), '{ "resumeOnRestart": false }\n');
    expect(setting({}, dir)).toBe(false);
    expect(setting({ RESUME_ON_RESTART: '1' }, dir)).toBe(true);
  });

  it('a bad value is one line naming it', () => {
    expect(setting({ RESUME_ON_RESTART: 'maybe' })).toEqual([
      'RESUME_ON_RESTART must be 1 or 0 (true or false), got "maybe"',
    ]);
    const dir = tempDir();
    writeFileSync(join(dir, 'launch.config.json'), '{ "resumeOnRestart": "yes" }\n');
    expect(String(setting({}, dir))).toMatch(
      /launch\.config\.json:1:22: "resumeOnRestart" must be 1 or 0/,
    );
  });

  it('launch start with a bad value exits 2 with one line and starts nothing', async () => {
    const parent = tempDir();
    const plan = join(parent, 'plan');
    const init = await runLaunch(['init', plan], { cwd: parent });
    expect(init.exitCode).toBe(0);
    const socket = uniqueSocketName('resume-setting');
    const result = await runLaunch(['start'], {
      cwd: plan,
      env: {
        HOME: parent,
        XDG_STATE_HOME: join(parent, 'state'),
        LOOP_BACKEND: 'sim',
        LAUNCH_TMUX_SOCKET: socket,
        RESUME_ON_RESTART: 'maybe',
      },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(
      'launch: RESUME_ON_RESTART must be 1 or 0 (true or false), got "maybe"',
    );
    // Nothing started: no tmux server on the private socket, no log dir written.
    const ls = await execa('tmux', ['-L', socket, 'ls'], { reject: false });
    expect(ls.exitCode).not.toBe(0);
    expect(existsSync(join(plan, '.launch', 'state.json'))).toBe(false);
  });
});
