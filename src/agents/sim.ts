// The simulated agent (src/sim/) used by `launch demo` and the end-to-end tests. It gets the same
// hooks settings file as Claude Code and runs its hooks as Claude would (`launch signal sim`).
//   node dist/sim/agent.js --role <role> --settings <file> [--script SIM_SCRIPT] -- <kickoff>
import { rmSync } from 'node:fs';
import { progressDir } from '../sim/progress-store.js';
import { loadSimScript } from '../sim/script-load.js';
import { packagePath } from '../util/package-root.js';
import type { AgentBackend } from './backend.js';
import { claudeHookSettings, claudeSettingsFile } from './client-hooks.js';

export const SIM_AGENT_ENTRY = packagePath('dist', 'sim', 'agent.js');

export const sim: AgentBackend = {
  name: 'sim',
  binary: () => process.execPath,
  clearInputKeys: ['C-u'],
  startupMs: 15_000,
  preflight: (settings) => {
    if (settings.simScript === null) return [];
    const script = loadSimScript(settings.simScript);
    return script.ok ? [] : [script.error];
  },
  // The sim keeps its place in the script per session and phase; a fresh run starts over.
  freshStart: (settings) => rmSync(progressDir(settings.logDir), { recursive: true, force: true }),
  launch: ({ settings, role, session, workdir, kickoffText, resumeId }) => {
    const settingsFile = claudeSettingsFile(settings.logDir, session);
    return {
      command: [
        process.execPath,
        SIM_AGENT_ENTRY,
        '--role',
        role,
        '--settings',
        settingsFile,
        ...(settings.simScript ? ['--script', settings.simScript] : []),
        // Like Claude Code: `--resume <id>` and no prompt.
        ...(resumeId ? ['--resume', resumeId] : ['--', kickoffText]),
      ],
      env: {},
      cwd: workdir,
      typedKickoff: null,
      files: [
        { path: settingsFile, text: `${JSON.stringify(claudeHookSettings('sim'), null, 2)}\n` },
      ],
    };
  },
};
