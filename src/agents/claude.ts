// Claude Code: the kickoff is the last argument; its hooks (a --settings file launch writes to the
// log dir) report its signals to `launch signal claude`.
//   CLAUDE_BIN --settings <log-dir>/.claude-settings-<session>.json [--remote-control <session>]
//              [--model M] CLAUDE_FLAGS <kickoff>          (resuming: --resume <id> for <kickoff>)
import { isRoot, modelFlag, roleModel, type AgentBackend } from './backend.js';
import { claudeHookSettings, claudeSettingsFile, passesSettings } from './client-hooks.js';

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
  launch: ({ settings, role, session, workdir, kickoffText, resumeId }) => {
    const defaults = defaultFlags();
    const flags = settings.claudeFlags ?? defaults.flags;
    // CLAUDE_FLAGS with a --settings of their own keep it: a second one would replace it.
    const wired = !passesSettings(flags);
    const settingsFile = claudeSettingsFile(settings.logDir, session);
    return {
      command: [
        settings.claudeBin,
        ...(wired ? ['--settings', settingsFile] : []),
        ...(settings.remoteControl ? ['--remote-control', session] : []),
        ...modelFlag('--model', roleModel(settings, role)),
        ...flags,
        // `--resume <session id>` (2.1.197: "Resume a conversation by session ID"), no prompt.
        ...(resumeId ? ['--resume', resumeId] : [kickoffText]),
      ],
      env: settings.claudeFlags === null ? defaults.env : {},
      cwd: workdir,
      typedKickoff: null,
      files: wired
        ? [
            {
              path: settingsFile,
              text: `${JSON.stringify(claudeHookSettings('claude'), null, 2)}\n`,
            },
          ]
        : [],
    };
  },
};
