// Gemini CLI: `-i` runs the kickoff and stays interactive.
//   GEMINI_BIN [--model M] GEMINI_FLAGS --prompt-interactive <kickoff>
import { modelFlag, roleModel, type AgentBackend } from './backend.js';

export const gemini: AgentBackend = {
  name: 'gemini',
  binary: (settings) => settings.geminiBin,
  clearInputKeys: ['C-u'],
  startupMs: 30_000,
  launch: ({ settings, role, workdir, kickoffText }) => ({
    command: [
      settings.geminiBin,
      ...modelFlag('--model', roleModel(settings, role)),
      ...(settings.geminiFlags ?? ['--yolo']),
      '--prompt-interactive',
      kickoffText,
    ],
    env: {},
    cwd: workdir,
    typedKickoff: null,
  }),
};
