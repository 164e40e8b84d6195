// Claude Code: the kickoff is the last argument; its hooks (a --settings file launch writes to the
// log dir) report its signals to `launch signal claude`.
//   CLAUDE_BIN --settings <log-dir>/.claude-settings-<session>.json [--remote-control <session>]
//              [--model M] CLAUDE_FLAGS <kickoff>          (resuming: --resume <id> for <kickoff>)
import { isRoot, modelFlag, roleModel, type AgentBackend } from './backend.js';
import { claudeHookSettings, claudeSettingsFile, passesSettings } from './client-hooks.js';

/**
 * Claude Code 2.1.x refuses --dangerously-skip-permissions as root ("cannot be used with root/sudo
 * privileges for security reasons") unless it runs in a deliberate sandbox: its start-up check
 * (bundle @228729613) is `getuid() === 0 && process.env.IS_SANDBOX !== "1" &&
 * !CLAUDE_CODE_BUBBLEWRAP`. The env variable the original launcher set for root
 * (CLAUDE_DANGEROUSLY_SKIP_PERMISSIONS) no longer exists in the client. So as root launch passes
 * the flag with IS_SANDBOX=1, the client's own switch for sandboxed root use.
 */
export const ROOT_SANDBOX_ENV = { IS_SANDBOX: '1' } as const;

/** As root, the flag (launch's default, or in CLAUDE_FLAGS) needs the client's sandbox switch. */
export function rootEnv(
  flags: readonly string[],
  root: boolean = isRoot(),
): Record<string, string> {
  return root && flags.includes('--dangerously-skip-permissions') ? { ...ROOT_SANDBOX_ENV } : {};
}

/**
 * The client asks once to accept Bypass Permissions mode ("WARNING: Claude Code running in Bypass
 * Permissions mode ... 2. Yes, I accept"); its settings key skipDangerousModePermissionPrompt,
 * read from the --settings file too ("flagSettings"), records that acceptance. The flag was chosen
 * by whoever runs launch unattended, so the settings launch writes carry the acceptance.
 */
function bypassAccepted(flags: readonly string[]): Record<string, unknown> {
  return flags.includes('--dangerously-skip-permissions')
    ? { skipDangerousModePermissionPrompt: true }
    : {};
}

export const claude: AgentBackend = {
  name: 'claude',
  binary: (settings) => settings.claudeBin,
  clearInputKeys: ['C-u'],
  startupMs: 30_000,
  launch: ({ settings, role, session, workdir, kickoffText, resumeId }) => {
    const flags = settings.claudeFlags ?? ['--dangerously-skip-permissions'];
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
      env: rootEnv(flags),
      cwd: workdir,
      typedKickoff: null,
      files: wired
        ? [
            {
              path: settingsFile,
              text: `${JSON.stringify({ ...claudeHookSettings('claude'), ...bypassAccepted(flags) }, null, 2)}\n`,
            },
          ]
        : [],
    };
  },
};
