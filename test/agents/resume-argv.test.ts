// Each backend's resume option (issue 14), as the installed clients spell it: Claude Code 2.1.197
// `--resume <session id>`, Codex 0.171.0 `codex resume [OPTIONS] <SESSION_ID>`, Gemini CLI 0.61.0
// `--resume <uuid>`, opencode 1.18.33 `attach … --session <id>`, the sim `--resume <id>` — and no
// kickoff (one line is typed once it is up).
import { describe, expect, it } from 'vitest';
import { backendFor } from '../../src/agents/registry.js';
import { LAUNCH_BIN } from '../../src/agents/client-hooks.js';
import { SIM_AGENT_ENTRY } from '../../src/agents/sim.js';
import type { Settings } from '../../src/config/fields.js';
import { loadSettings } from '../../src/config/resolve.js';

function settings(env: Record<string, string> = {}): Settings {
  const loaded = loadSettings({ cwd: '/plan', env });
  if (!loaded.ok) throw new Error(loaded.error.join('\n'));
  return loaded.value.settings;
}

const KICKOFF = 'KICKOFF $(not run)';
const context = (env: Record<string, string> = {}) => ({
  settings: settings(env),
  role: 'builder' as const,
  session: 'loop-builder',
  workdir: '/work/builder',
  kickoffText: KICKOFF,
  kickoffFile: '/plan/.launch/.kickoff-loop-builder.txt',
  resumeId: 'c0ffee00-1111-2222-3333-444455556666',
});
const ID = 'c0ffee00-1111-2222-3333-444455556666';

describe('restarting a backend with its conversation', () => {
  it('claude: --resume <id> in place of the kickoff, its other flags kept', () => {
    const spec = backendFor('claude').launch(context({ LOOP_MODEL: 'opus' }));
    expect(spec.command.slice(-2)).toEqual(['--resume', ID]);
    expect(spec.command).toContain('--settings');
    expect(spec.command).toContain('opus');
    expect(spec.command).not.toContain(KICKOFF);
  });

  it('codex: `codex resume` with the same options, the session id last', () => {
    expect(backendFor('codex').launch(context()).command).toEqual([
      'codex',
      'resume',
      '-c',
      `notify=${JSON.stringify([process.execPath, LAUNCH_BIN, 'signal', 'codex'])}`,
      '--dangerously-bypass-approvals-and-sandbox',
      ID,
    ]);
  });

  it('gemini: --resume <id> in place of --prompt-interactive <kickoff>', () => {
    expect(backendFor('gemini').launch(context({ GEMINI_FLAGS: '--sandbox' })).command).toEqual([
      'gemini',
      '--sandbox',
      '--resume',
      ID,
    ]);
  });

  it('opencode: attach --session <id>, and no kickoff line typed', () => {
    const spec = backendFor('opencode').launch(
      context({ OPENCODE_SERVER: 'http://127.0.0.1:4096' }),
    );
    expect(spec.command).toEqual([
      'opencode',
      'attach',
      'http://127.0.0.1:4096',
      '--dir',
      '/work/builder',
      '--session',
      ID,
    ]);
    expect(spec.typedKickoff).toBe(null);
  });

  it('sim: --resume <id> and no kickoff, like Claude Code', () => {
    const command = backendFor('sim').launch(context()).command;
    expect(command.slice(0, 2)).toEqual([process.execPath, SIM_AGENT_ENTRY]);
    expect(command.slice(-2)).toEqual(['--resume', ID]);
    expect(command).not.toContain('--');
    expect(command).not.toContain(KICKOFF);
  });

  it('without a conversation every backend starts with its kickoff as before', () => {
    for (const name of ['claude', 'codex', 'gemini', 'sim'] as const) {
      const command = backendFor(name).launch({ ...context(), resumeId: null }).command;
      expect(command.at(-1)).toBe(KICKOFF);
      expect(command).not.toContain('--resume');
      expect(command).not.toContain('resume');
    }
  });
});
