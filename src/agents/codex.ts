// Codex CLI: interactive TUI with the kickoff as its initial prompt (positional argument).
//   CODEX_BIN [--model M] CODEX_FLAGS <kickoff>
import { modelFlag, roleModel, type AgentBackend } from './backend.js';

export const codex: AgentBackend = {
  name: 'codex',
  binary: (settings) => settings.codexBin,
  clearInputKeys: ['C-u'],
  startupMs: 30_000,
  launch: ({ settings, role, workdir, kickoffText }) => ({
    command: [
      settings.codexBin,
      ...modelFlag('--model', roleModel(settings, role)),
      ...(settings.codexFlags ?? ['--dangerously-bypass-approvals-and-sandbox']),
      kickoffText,
    ],
    env: {},
    cwd: workdir,
    typedKickoff: null,
  }),
};
