// `launch status` wall time against a running world, with the parts that bound it measured in the
// same run: Node.js starting and exiting, loading the CLI's modules, and the status work in process.
import { execa } from 'execa';
import { createTmux } from '../adapters/tmux.js';
import { loadSettings } from '../config/resolve.js';
import { loadPhases } from '../phases/manifest.js';
import { dialectFor } from '../screen/dialects.js';
import { buildStatus } from '../status/status-view.js';
import { packagePath } from '../util/package-root.js';
import type { BenchWorld } from './bench-world.js';
import { summarize, type Summary } from './stats.js';

export interface StatusFigures {
  readonly cli: Summary;
  readonly cliJson: Summary;
  /** `node -e 0`: the floor any Node.js command pays here. */
  readonly nodeStart: Summary;
  /** Node.js plus importing the CLI program (every command's modules), doing nothing. */
  readonly cliModules: Summary;
  /** buildStatus in this process (settings, state, ledger, one tmux call). */
  readonly inProcess: Summary;
}

async function timeRuns(runs: number, once: () => Promise<unknown>): Promise<Summary> {
  await once(); // warm the file cache
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await once();
    times.push(performance.now() - started);
  }
  return summarize(times);
}

export async function benchStatus(world: BenchWorld, runs: number): Promise<StatusFigures> {
  const launch = (args: readonly string[]) => async () => {
    const result = await execa(packagePath('bin', 'launch'), [...args], {
      cwd: world.plan,
      env: world.env,
      extendEnv: false,
      reject: false,
    });
    if (result.exitCode !== 0)
      throw new Error(`bench: launch ${args.join(' ')} failed: ${String(result.stderr)}`);
  };
  // What `launch status` loads: the program, then (only) the status command's module.
  const modules = ['../cli/program.js', '../cli/commands/status.js'].map(
    (path) => new URL(path, import.meta.url).href,
  );
  const loaded = loadSettings({ cwd: world.plan, env: world.env });
  if (!loaded.ok) throw new Error(`bench: ${loaded.error.join('; ')}`);
  const settings = loaded.value.settings;
  const phases = loadPhases(settings);
  if (!phases.ok) throw new Error(`bench: ${phases.error.join('; ')}`);
  const tmux = createTmux({ socket: settings.tmuxSocket });
  return {
    cli: await timeRuns(runs, launch(['status'])),
    cliJson: await timeRuns(runs, launch(['status', '--json'])),
    nodeStart: await timeRuns(runs, () => execa(process.execPath, ['-e', '0'])),
    cliModules: await timeRuns(runs, () =>
      execa(process.execPath, [
        '--input-type=module',
        '-e',
        modules.map((href) => `await import(${JSON.stringify(href)});`).join(''),
      ]),
    ),
    inProcess: await timeRuns(runs, () =>
      buildStatus({
        settings,
        phases: phases.value.phases,
        tmux,
        dialect: dialectFor(settings.backend),
        zone: 'UTC',
        now: new Date(),
      }),
    ),
  };
}
