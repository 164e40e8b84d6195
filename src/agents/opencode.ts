// opencode: a TUI attached to a shared opencode server; the kickoff is too long to type, so once
// the UI is ready one line pointing at the kickoff file is typed (as the original launcher did).
//   OPENCODE_BIN attach <OPENCODE_SERVER> --dir <workdir> [--session <id>, when resuming]
import { bootstrapText } from '../watchdog/messages.js';
import type { AgentBackend } from './backend.js';

export const opencode: AgentBackend = {
  name: 'opencode',
  binary: (settings) => settings.opencodeBin,
  clearInputKeys: ['C-u'],
  // The TUI connects to the server before it draws its prompt.
  startupMs: 60_000,
  launch: ({ settings, workdir, kickoffFile, resumeId }) => ({
    // 1.18.33 `attach`: `--session <id>` ("session id to continue").
    command: [
      settings.opencodeBin,
      'attach',
      settings.opencodeServer,
      '--dir',
      workdir,
      ...(resumeId ? ['--session', resumeId] : []),
    ],
    // Colour codes make panes harder to read and do not help an unattended run.
    env: { NO_COLOR: '1' },
    cwd: workdir,
    // Resuming, the watchdog types its one line instead of the kickoff pointer.
    typedKickoff: resumeId ? null : bootstrapText(kickoffFile),
  }),
};
