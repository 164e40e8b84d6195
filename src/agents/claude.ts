// Claude Code: the kickoff is the last argument.
//   CLAUDE_BIN [--remote-control <session>] [--model M] CLAUDE_FLAGS <kickoff>
import { isRoot, modelFlag, roleModel, type AgentBackend } from './backend.js';

/** Claude Code refuses --dangerously-skip-permissions as root; the original launcher used this env instead. */
function defaultFlags(): { flags: string[]; env: Record<string, string> } {
  return isRoot()
    ? { flags: [], env: { CLAUDE_DANGEROUSLY_SKIP_PERMISSIONS: '1' } }
    : { flags: ['--dangerously-skip-permissions'], env: {} };
}

export const claude: AgentBackend = {
  name: 'claude',
  binary: (settings) => settings.claudeBin,
  clearInputKeys: ['C-u'],
  startupMs: 30_000,
  launch: ({ settings, role, session, workdir, kickoffText }) => {
    const defaults = defaultFlags();
    return {
      command: [
        settings.claudeBin,
        ...(settings.remoteControl ? ['--remote-control', session] : []),
        ...modelFlag('--model', roleModel(settings, role)),
        ...(settings.claudeFlags ?? defaults.flags),
        kickoffText,
      ],
      env: settings.claudeFlags === null ? defaults.env : {},
      cwd: workdir,
      typedKickoff: null,
    };
  },
};
