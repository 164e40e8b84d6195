// Codex CLI: interactive TUI with the kickoff as its initial prompt (positional argument); its
// `notify` program (turn complete) is `launch signal codex`, set with -c unless CODEX_FLAGS set one.
//   CODEX_BIN -c notify=[<node>,<launch bin>,"signal","codex"] [--model M] CODEX_FLAGS <kickoff>
//   resuming: CODEX_BIN resume -c notify=[...] [--model M] CODEX_FLAGS <session id>
import { modelFlag, roleModel, type AgentBackend } from './backend.js';
import { codexNotifyArgs, setsNotify } from './client-hooks.js';

export const codex: AgentBackend = {
  name: 'codex',
  binary: (settings) => settings.codexBin,
  clearInputKeys: ['C-u'],
  startupMs: 30_000,
  launch: ({ settings, role, workdir, kickoffText, resumeId }) => {
    const flags = settings.codexFlags ?? ['--dangerously-bypass-approvals-and-sandbox'];
    return {
      // `codex resume [OPTIONS] [SESSION_ID] [PROMPT]` (0.171.0) takes the same options.
      command: [
        settings.codexBin,
        ...(resumeId ? ['resume'] : []),
        ...(setsNotify(flags) ? [] : codexNotifyArgs()),
        ...modelFlag('--model', roleModel(settings, role)),
        ...flags,
        resumeId ?? kickoffText,
      ],
      env: {},
      cwd: workdir,
      typedKickoff: null,
    };
  },
};
