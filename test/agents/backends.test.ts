import { describe, expect, it } from 'vitest';
import { backendFor } from '../../src/agents/registry.js';
import { BACKENDS, type Settings } from '../../src/config/fields.js';
import { loadSettings } from '../../src/config/resolve.js';

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
    expect(plain.command).toEqual(['claude', '--x', 'KICKOFF $(not run) "quoted"']);
    const adversary = backendFor('claude').launch(
      context({
        role: 'adversary',
        session: 'loop-adv',
        settings: settings({ LOOP_MODEL: 'sonnet', ADV_MODEL: 'opus', CLAUDE_FLAGS: '--x' }),
      }),
    );
    expect(adversary.command.slice(1, 5)).toEqual([
      '--remote-control',
      'loop-adv',
      '--model',
      'opus',
    ]);
  });

  it('claude: unset CLAUDE_FLAGS skips permissions (by flag, or by environment for root)', () => {
    const spec = backendFor('claude').launch(context());
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (isRoot) {
      expect(spec.command).not.toContain('--dangerously-skip-permissions');
      expect(spec.env).toEqual({ CLAUDE_DANGEROUSLY_SKIP_PERMISSIONS: '1' });
    } else {
      expect(spec.command).toContain('--dangerously-skip-permissions');
    }
  });

  it('codex and gemini take the kickoff as their initial prompt', () => {
    expect(
      backendFor('codex').launch(context({ settings: settings({ LOOP_MODEL: 'gpt-5' }) })).command,
    ).toEqual([
      'codex',
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
