// The simulated agent (src/sim/) used by `launch demo` and the end-to-end tests.
//   node dist/sim/agent.js --role <role> [--script SIM_SCRIPT] -- <kickoff>
import { rmSync } from 'node:fs';
import { progressDir } from '../sim/progress-store.js';
import { loadSimScript } from '../sim/script-load.js';
import { packagePath } from '../util/package-root.js';
import type { AgentBackend } from './backend.js';

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
  launch: ({ settings, role, workdir, kickoffText }) => ({
    command: [
      process.execPath,
      SIM_AGENT_ENTRY,
      '--role',
      role,
      ...(settings.simScript ? ['--script', settings.simScript] : []),
      '--',
      kickoffText,
    ],
    env: {},
    cwd: workdir,
    typedKickoff: null,
  }),
};
