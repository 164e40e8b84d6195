// Which account a session spends (pure), and a malformed account key refused with one sentence.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/resolve.js';
import { accountIdentity } from '../../src/fleet/account-identity.js';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

const HOME = '/home/ada';
const base = { account: null, logDir: '/plans/shop/.launch', role: 'builder' } as const;

describe('accountIdentity', () => {
  it.each([
    ['claude', {}, 'claude:/home/ada/.claude', 'claude:~/.claude'],
    [
      'claude',
      { CLAUDE_CONFIG_DIR: '/srv/work-claude' },
      'claude:/srv/work-claude',
      'claude:/srv/work-claude',
    ],
    [
      'claude',
      { CLAUDE_CONFIG_DIR: '/home/ada/.claude-work/' },
      'claude:/home/ada/.claude-work',
      'claude:~/.claude-work',
    ],
    // A relative folder is not an account the client would find from every cwd: the default.
    ['claude', { CLAUDE_CONFIG_DIR: 'rel/dir' }, 'claude:/home/ada/.claude', 'claude:~/.claude'],
    ['codex', {}, 'codex:/home/ada/.codex', 'codex:~/.codex'],
    ['codex', { CODEX_HOME: '/opt/codex' }, 'codex:/opt/codex', 'codex:/opt/codex'],
    ['gemini', {}, 'gemini:/home/ada/.gemini', 'gemini:~/.gemini'],
    ['gemini', { GEMINI_CLI_HOME: '/srv/g' }, 'gemini:/srv/g/.gemini', 'gemini:/srv/g/.gemini'],
    [
      'opencode',
      {},
      'opencode:/home/ada/.local/share/opencode',
      'opencode:~/.local/share/opencode',
    ],
    ['opencode', { XDG_DATA_HOME: '/data' }, 'opencode:/data/opencode', 'opencode:/data/opencode'],
  ] as const)('%s with %o → %s', (backend, env, key, label) => {
    expect(accountIdentity({ ...base, backend, env: { HOME, ...env } })).toEqual({ key, label });
  });

  it('an account key in the config wins over the folder, per backend', () => {
    expect(
      accountIdentity({
        ...base,
        backend: 'claude',
        account: 'work',
        env: { HOME, CLAUDE_CONFIG_DIR: '/x' },
      }),
    ).toEqual({ key: 'claude/work', label: 'claude/work' });
    expect(accountIdentity({ ...base, backend: 'codex', account: 'work', env: { HOME } }).key).toBe(
      'codex/work',
    );
  });

  it('the same folder is the same account for every role and run; another folder is another', () => {
    const of = (role: string, logDir: string, env: Record<string, string>) =>
      accountIdentity({ backend: 'claude', account: null, role, logDir, env: { HOME, ...env } })
        .key;
    expect(of('builder', '/a/.launch', {})).toBe(of('adversary', '/b/.launch', {}));
    expect(of('builder', '/a/.launch', {})).not.toBe(
      of('builder', '/a/.launch', { CLAUDE_CONFIG_DIR: '/home/ada/.claude-2' }),
    );
  });

  it('a sim session shares only when told: its own account unless a key is set', () => {
    const sim = (role: string, account: string | null) =>
      accountIdentity({ backend: 'sim', account, role, logDir: '/a/.launch', env: { HOME } }).key;
    expect(sim('builder', null)).not.toBe(sim('adversary', null));
    expect(sim('builder', 'team')).toBe('sim/team');
    expect(sim('adversary', 'team')).toBe('sim/team');
  });
});

describe('a malformed account key', () => {
  it.each(['work/../x', 'a b', '', ' -lead', 'x'.repeat(65)])(
    'LAUNCH_ACCOUNT=%j is refused',
    (value) => {
      const result = loadSettings({ cwd: '/', env: { LAUNCH_ACCOUNT: value } });
      if (value.trim() === '') {
        // Blank is unset, as for every optional setting.
        expect(result.ok && result.value.settings.account).toBe(null);
        return;
      }
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.error).toEqual([
        `LAUNCH_ACCOUNT must be a short name of letters, digits, ".", "_", "@", "+" and "-" (at most 64, starting with a letter or digit), got "${value}"`,
      ]);
    },
  );

  it('in launch.config.json: one line naming the file and key; `launch start` exits 2 and starts nothing', async () => {
    const plan = tempDir();
    const init = await runLaunch(['init', plan], { cwd: plan });
    expect(init.exitCode, init.stderr).toBe(0);
    writeFileSync(join(plan, 'launch.config.json'), '{"backend": "sim", "account": "my team"}');
    const socket = `quota-bad-${process.pid}`;
    const start = await runLaunch(['start'], {
      cwd: plan,
      env: { HOME: plan, LAUNCH_TMUX_SOCKET: socket, XDG_STATE_HOME: join(plan, 'state') },
    });
    expect(start.exitCode).toBe(2);
    expect(start.stderr.trim().split('\n')).toHaveLength(1);
    expect(start.stderr).toMatch(
      /launch\.config\.json:1:\d+: "account" must be a short name of letters/,
    );
    expect(existsSync(join(plan, '.launch', 'state.json'))).toBe(false);
    expect(existsSync(join(plan, 'state'))).toBe(false);
  });
});
