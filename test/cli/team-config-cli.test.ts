// A team config error stops `launch start` before anything runs: one line with the key path at its
// line and column, exit 2, no session, no watchdog, no state written.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scaffoldPlanDir } from '../../src/cli/commands/init.js';
import { privateTmux } from '../helpers/private-tmux.js';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

const server = privateTmux('team-config');
afterAll(() => server.dispose());

describe('launch start with a bad team', () => {
  it.each([
    [
      'two roles with one session name',
      '{\n  "backend": "sim",\n  "roles": [\n    { "name": "a", "dir": "." },\n    { "name": "b", "dir": ".", "session": "loop-a" }\n  ]\n}\n',
      /launch\.config\.json:5:43: "roles\[1\]\.session": roles "a" and "b" share the session name "loop-a"/,
    ],
    [
      'a route to a missing role',
      '{\n  "backend": "sim",\n  "routes": [{ "on": "claim", "notify": "reviewer" }]\n}\n',
      /launch\.config\.json:3:41: "routes\[0\]\.notify": route to role "reviewer", which the team does not have/,
    ],
    [
      'a role without a directory',
      '{\n  "roles": [{ "name": "a" }]\n}\n',
      /launch\.config\.json:2:13: "roles\[0\]\.dir" is required/,
    ],
    [
      'an unknown backend',
      '{\n  "roles": [{ "name": "a", "dir": ".", "backend": "cursor" }]\n}\n',
      /launch\.config\.json:2:51: "roles\[0\]\.backend" must be one of claude, opencode, codex, gemini, sim/,
    ],
  ])('%s', async (_name, config, message) => {
    const plan = join(tempDir(), 'plan');
    scaffoldPlanDir(plan, 'new');
    writeFileSync(join(plan, 'launch.config.json'), config);
    const state = tempDir();
    const result = await runLaunch(['start'], {
      cwd: plan,
      env: { LAUNCH_TMUX_SOCKET: server.socket, XDG_STATE_HOME: state, SESSION_PREFIX: 'loop' },
    });
    expect(result.exitCode).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(await server.tmux.listPanes()).toMatchObject({ ok: true, value: [] });
    expect(existsSync(join(plan, '.launch', 'state.json'))).toBe(false);
  });
});
