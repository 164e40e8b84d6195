// Gemini CLI: `-i` runs the kickoff and stays interactive. Its hooks (0.61.0) report its signals to
// `launch signal gemini`: GEMINI_CLI_SYSTEM_DEFAULTS_PATH points at a file launch writes to the log
// dir (the user's system defaults, if any, plus launch's hooks; Gemini concatenates hooks of all
// scopes). Gemini reads that file only when it and its directories are root-owned and private, and
// runs hooks only in a trusted folder; elsewhere it is not wired (see geminiDefaultsAccepted).
//   GEMINI_BIN [--model M] GEMINI_FLAGS --prompt-interactive <kickoff>   (resuming: --resume <id>)
import { modelFlag, roleModel, type AgentBackend } from './backend.js';
import {
  geminiDefaultsAccepted,
  geminiDefaultsFile,
  geminiSystemDefaults,
  hookEnvironment,
} from './client-hooks.js';

export const gemini: AgentBackend = {
  name: 'gemini',
  binary: (settings) => settings.geminiBin,
  clearInputKeys: ['C-u'],
  startupMs: 30_000,
  launch: ({ settings, role, session, workdir, kickoffText, resumeId }) => {
    const defaultsFile = geminiDefaultsFile(settings.logDir, session);
    const wired = geminiDefaultsAccepted(settings.logDir).ok;
    const env: Record<string, string> = { GEMINI_CLI_SYSTEM_DEFAULTS_PATH: defaultsFile };
    const defaults = geminiSystemDefaults(process.env, hookEnvironment(settings, session));
    return {
      command: [
        settings.geminiBin,
        ...modelFlag('--model', roleModel(settings, role)),
        ...(settings.geminiFlags ?? ['--yolo']),
        // 0.61.0: `--resume latest | <index> | <uuid>` (its "Invalid session identifier" help).
        ...(resumeId ? ['--resume', resumeId] : ['--prompt-interactive', kickoffText]),
      ],
      env: wired ? env : {},
      cwd: workdir,
      typedKickoff: null,
      files: wired ? [{ path: defaultsFile, text: `${JSON.stringify(defaults, null, 2)}\n` }] : [],
    };
  },
};
