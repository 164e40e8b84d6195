import { statSync } from 'node:fs';
import { quote } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { rootEnv } from '../../src/agents/claude.js';
import { rootClaudeCheck } from '../../src/agents/root-check.js';
import { backendFor } from '../../src/agents/registry.js';
import { BACKENDS, type Settings } from '../../src/config/fields.js';
import { loadSettings } from '../../src/config/resolve.js';
import {
  geminiDefaultsAccepted,
  geminiSystemDefaults,
  LAUNCH_BIN,
  signalWiring,
} from '../../src/agents/client-hooks.js';

const CLAUDE_SETTINGS = '/plan/.launch/.claude-settings-loop-builder.json';

function settings(env: Record<string, string> = {}): Settings {
  const loaded = loadSettings({ cwd: '/plan', env });
  if (!loaded.ok) throw new Error(loaded.error.join('\n'));
  return loaded.value.settings;
}

const context = (over: Partial<Parameters<ReturnType<typeof backendFor>['launch']>[0]> = {}) => ({
  settings: settings(),
  role: 'builder' as const,
  session: 'loop-builder',
  workdir: '/work/builder clone',
  kickoffText: 'KICKOFF $(not run) "quoted"',
  kickoffFile: '/plan/.launch/.kickoff-loop-builder.txt',
  ...over,
});

describe('backends', () => {
  it('claude: [--remote-control S] [--model M] CLAUDE_FLAGS <kickoff>, the kickoff last', () => {
    const spec = backendFor('claude').launch(
      context({
        settings: settings({
          LOOP_MODEL: 'sonnet',
          CLAUDE_BIN: '/opt/claude',
          CLAUDE_FLAGS: '--verbose --add-dir "/a b"',
        }),
      }),
    );
    expect(spec.command).toEqual([
      '/opt/claude',
      '--settings',
      CLAUDE_SETTINGS,
      '--remote-control',
      'loop-builder',
      '--model',
      'sonnet',
      '--verbose',
      '--add-dir',
      '/a b',
      'KICKOFF $(not run) "quoted"',
    ]);
    expect(spec).toMatchObject({ cwd: '/work/builder clone', typedKickoff: null });
  });

  it('claude: REMOTE_CONTROL=0 and no model drop their flags; the Adversary uses ADV_MODEL', () => {
    const plain = backendFor('claude').launch(
      context({ settings: settings({ REMOTE_CONTROL: '0', CLAUDE_FLAGS: '--x' }) }),
    );
    expect(plain.command).toEqual([
      'claude',
      '--settings',
      CLAUDE_SETTINGS,
      '--x',
      'KICKOFF $(not run) "quoted"',
    ]);
    const adversary = backendFor('claude').launch(
      context({
        role: 'adversary',
        session: 'loop-adv',
        settings: settings({ LOOP_MODEL: 'sonnet', ADV_MODEL: 'opus', CLAUDE_FLAGS: '--x' }),
      }),
    );
    expect(adversary.command.slice(3, 7)).toEqual([
      '--remote-control',
      'loop-adv',
      '--model',
      'opus',
    ]);
  });

  it("claude: unset CLAUDE_FLAGS skips permissions; as root with IS_SANDBOX=1, the client's own switch", () => {
    const spec = backendFor('claude').launch(context());
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    expect(spec.command).toContain('--dangerously-skip-permissions');
    expect(spec.env).toEqual(isRoot ? { IS_SANDBOX: '1' } : {});
    // Bypass mode is accepted in the settings it reads, so no consent dialog stops a night run.
    const settingsFile = (spec.files ?? []).find((file) => file.path.includes('.claude-settings-'));
    expect(JSON.parse(settingsFile?.text ?? '{}') as Record<string, unknown>).toMatchObject({
      skipDangerousModePermissionPrompt: true,
    });
  });

  it('claude as root: IS_SANDBOX=1 only with --dangerously-skip-permissions; doctor says so', () => {
    expect(rootEnv(['--dangerously-skip-permissions'], true)).toEqual({ IS_SANDBOX: '1' });
    expect(rootEnv(['--dangerously-skip-permissions'], false)).toEqual({});
    expect(rootEnv(['--verbose'], true)).toEqual({});
    const rootLine = rootClaudeCheck({ backend: 'claude', claudeFlags: null }, true);
    expect(rootLine.map((check) => check.status)).toEqual(['ok']);
    expect(rootLine[0]?.label).toContain('IS_SANDBOX=1');
    expect(rootClaudeCheck({ backend: 'claude', claudeFlags: ['--verbose'] }, true)).toEqual([
      expect.objectContaining({ status: 'warn' }),
    ]);
    expect(rootClaudeCheck({ backend: 'claude', claudeFlags: null }, false)).toEqual([]);
    expect(rootClaudeCheck({ backend: 'codex', claudeFlags: null }, true)).toEqual([]);
  });

  it('codex and gemini take the kickoff as their initial prompt', () => {
    expect(
      backendFor('codex').launch(context({ settings: settings({ LOOP_MODEL: 'gpt-5' }) })).command,
    ).toEqual([
      'codex',
      '-c',
      `notify=${JSON.stringify([process.execPath, LAUNCH_BIN, 'signal', 'codex'])}`,
      '--model',
      'gpt-5',
      '--dangerously-bypass-approvals-and-sandbox',
      'KICKOFF $(not run) "quoted"',
    ]);
    expect(
      backendFor('gemini').launch(context({ settings: settings({ GEMINI_FLAGS: '--sandbox' }) }))
        .command,
    ).toEqual(['gemini', '--sandbox', '--prompt-interactive', 'KICKOFF $(not run) "quoted"']);
  });

  it('claude: the --settings file holds hooks running `launch signal claude` (and the bypass-mode acceptance)', () => {
    const spec = backendFor('claude').launch(context());
    expect(spec.files?.map((file) => file.path)).toEqual([CLAUDE_SETTINGS]);
    const written = JSON.parse(spec.files?.[0]?.text ?? '') as {
      hooks: Record<string, { hooks: { type: string; command: string; async: boolean }[] }[]>;
    };
    expect(Object.keys(written)).toEqual(['hooks', 'skipDangerousModePermissionPrompt']);
    expect(Object.keys(written.hooks)).toEqual([
      'SessionStart',
      'UserPromptSubmit',
      'PreToolUse',
      'PostToolUse',
      'Stop',
      'Notification',
      'SessionEnd',
    ]);
    for (const [, entries] of Object.entries(written.hooks))
      expect(entries).toEqual([
        {
          hooks: [
            {
              type: 'command',
              command: quote([process.execPath, LAUNCH_BIN, 'signal', 'claude']),
              timeout: 10,
              async: true,
            },
          ],
        },
      ]);
  });

  it('claude: CLAUDE_FLAGS with their own --settings keep it (no second file, no second flag)', () => {
    const spec = backendFor('claude').launch(
      context({ settings: settings({ CLAUDE_FLAGS: '--settings /mine.json' }) }),
    );
    expect(spec.command.filter((word) => word === '--settings')).toHaveLength(1);
    expect(spec.command).toContain('/mine.json');
    expect(spec.files).toEqual([]);
  });

  it('codex: CODEX_FLAGS that set notify keep theirs', () => {
    const spec = backendFor('codex').launch(
      context({ settings: settings({ CODEX_FLAGS: `-c 'notify=["/bin/mine"]'` }) }),
    );
    expect(spec.command).toEqual([
      'codex',
      '-c',
      'notify=["/bin/mine"]',
      'KICKOFF $(not run) "quoted"',
    ]);
  });

  it('gemini: not wired where Gemini would skip a launch-written defaults file', () => {
    // /plan/.launch does not exist (and the test may not run as root): no file, no variable.
    const spec = backendFor('gemini').launch(context());
    expect(spec.env).toEqual({});
    expect(spec.files).toEqual([]);
    expect(geminiDefaultsAccepted('/tmp', 0)).toEqual({
      ok: false,
      reason: 'Gemini CLI ignores settings under /tmp (not root-owned, or writable by others)',
    });
    expect(geminiDefaultsAccepted('/usr', 1000)).toMatchObject({ ok: false });
    if (statSync('/usr').uid === 0 && (statSync('/usr').mode & 0o022) === 0)
      expect(geminiDefaultsAccepted('/usr', 0)).toEqual({ ok: true });
    expect(
      signalWiring({ backend: 'gemini', logDir: '/tmp', claudeFlags: null, codexFlags: null }),
    ).toMatchObject({ wired: false });
    expect(
      signalWiring({
        backend: 'claude',
        logDir: '/tmp',
        claudeFlags: ['--settings', '/x.json'],
        codexFlags: null,
      }),
    ).toEqual({ wired: false, reason: 'CLAUDE_FLAGS pass their own --settings' });
  });

  it("gemini: the defaults file holds the user's defaults plus launch's hooks, with the env", () => {
    const written = geminiSystemDefaults(
      { GEMINI_CLI_SYSTEM_DEFAULTS_PATH: '/nonexistent/defaults.json' },
      { LAUNCH_LOG_DIR: '/plan/.launch', LAUNCH_SESSION: 'loop-builder' },
    ) as { hooks: Record<string, { hooks: { command: string; env: Record<string, string> }[] }[]> };
    expect(Object.keys(written.hooks)).toEqual([
      'SessionStart',
      'BeforeAgent',
      'BeforeTool',
      'AfterTool',
      'AfterAgent',
      'Notification',
      'SessionEnd',
    ]);
    const hook = written.hooks.AfterAgent?.[0]?.hooks[0];
    expect(hook?.command).toBe(quote([process.execPath, LAUNCH_BIN, 'signal', 'gemini']));
    expect(hook?.env).toEqual({ LAUNCH_LOG_DIR: '/plan/.launch', LAUNCH_SESSION: 'loop-builder' });
  });

  it('opencode attaches to the server and types one line pointing at the kickoff file', () => {
    const spec = backendFor('opencode').launch(
      context({
        settings: settings({
          OPENCODE_BIN: '/o/opencode',
          OPENCODE_SERVER: 'http://127.0.0.1:5000',
        }),
      }),
    );
    expect(spec.command).toEqual([
      '/o/opencode',
      'attach',
      'http://127.0.0.1:5000',
      '--dir',
      '/work/builder clone',
    ]);
    expect(spec.typedKickoff).toContain('/plan/.launch/.kickoff-loop-builder.txt');
  });

  it('every backend has a module with a binary and a startup allowance', () => {
    for (const name of BACKENDS) {
      const backend = backendFor(name);
      expect(backend.name).toBe(name);
      expect(backend.binary(settings()).length).toBeGreaterThan(0);
      expect(backend.startupMs).toBeGreaterThan(0);
    }
  });
});
