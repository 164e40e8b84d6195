// `launch status` (and `launch --help`, `launch signal`) wall time beside `node -e 0`, run in turns
// in the same loop so a busy machine slows every command alike; then the parts that bound it: Node
// with the status command's modules loaded and doing nothing, and the status work in process.
// First against a live run (watchdog and sim agents up), then after `launch stop`.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { createTmux } from '../adapters/tmux.js';
import { loadSettings } from '../config/resolve.js';
import { loadPhases } from '../phases/manifest.js';
import { dialectFor } from '../screen/dialects.js';
import { buildStatus } from '../status/status-view.js';
import { packagePath } from '../util/package-root.js';
import type { BenchWorld } from './bench-world.js';
import { summarize, type Summary } from './stats.js';

export type TimedKey =
  | 'node'
  | 'status'
  | 'status-json'
  | 'help'
  | 'signal'
  | 'status-unbundled'
  | 'node-stopped'
  | 'status-stopped';

export interface TimedCommand {
  readonly key: TimedKey;
  readonly what: string;
  readonly how: string;
  readonly ms: Summary;
  /** p50 over the p50 of `node -e 0` measured in the same turns. */
  readonly ratio: number;
}

export interface StatusFigures {
  /** Every command, each with its ratio to `node -e 0` of the same turns. */
  readonly commands: readonly TimedCommand[];
  /** Node.js importing what `launch status` loads (the bundle's entry and status chunk), doing nothing. */
  readonly cliModules: Summary;
  /** buildStatus in this process (settings, state, ledger, one tmux call). */
  readonly inProcess: Summary;
}

export const figure = (figures: StatusFigures, key: TimedKey): TimedCommand | undefined =>
  figures.commands.find((command) => command.key === key);

interface Contender {
  readonly key: TimedKey;
  readonly what: string;
  readonly how: string;
  readonly once: () => Promise<unknown>;
}

/**
 * Runs the contenders in turns (A B C, A B C, …) after one warm-up turn, so load that comes and
 * goes lands on all of them; ratios are against the first contender (`node -e 0`).
 */
async function inTurns(runs: number, contenders: readonly Contender[]): Promise<TimedCommand[]> {
  const times = contenders.map(() => [] as number[]);
  for (let turn = 0; turn <= runs; turn++) {
    for (const [index, contender] of contenders.entries()) {
      const started = performance.now();
      await contender.once();
      if (turn > 0) times[index]?.push(performance.now() - started);
    }
  }
  const summaries = times.map((samples) => summarize(samples));
  const floor = summaries[0]?.p50 ?? Number.NaN;
  return contenders.map((contender, index) => {
    const ms = summaries[index] ?? summarize([]);
    return {
      key: contender.key,
      what: contender.what,
      how: contender.how,
      ms,
      ratio: ms.p50 / floor,
    };
  });
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

/**
 * A script that loads the status bundle as bin/launch does (through its code cache) and the CLI
 * modules it loads for status (its entry loads them only once it has asked the watchdog), then stops.
 */
function loadStatusBundle(): string {
  const loader = packagePath('dist', 'cli', 'code-cache.js');
  const bundle = packagePath('dist', 'bundle', 'status.cjs');
  if (!existsSync(bundle)) throw new Error('bench: no status bundle; run npm run build');
  return `const { loadBundle } = await import(${JSON.stringify(pathToFileURL(loader).href)}); await loadBundle(${JSON.stringify(bundle)}).exports.loadCli();`;
}

export async function benchStatus(world: BenchWorld, runs: number): Promise<StatusFigures> {
  const launch =
    (args: readonly string[], extra: { env?: Record<string, string>; input?: string } = {}) =>
    async () => {
      const result = await execa(packagePath('bin', 'launch'), [...args], {
        cwd: world.plan,
        env: { ...world.env, ...extra.env },
        extendEnv: false,
        reject: false,
        input: extra.input ?? '',
      });
      if (result.exitCode !== 0)
        throw new Error(`bench: launch ${args.join(' ')} failed: ${String(result.stderr)}`);
    };
  // Every process gets the world's environment alone: a variable such as NODE_EXTRA_CA_CERTS (read
  // at every Node.js start) would slow `node -e 0` and flatter the ratios.
  const node = () => execa(process.execPath, ['-e', '0'], { env: world.env, extendEnv: false });
  const live = await inTurns(runs, [
    { key: 'node', what: '`node -e 0`', how: 'Node.js start + exit', once: node },
    { key: 'status', what: '`launch status`', how: 'live run', once: launch(['status']) },
    {
      key: 'status-json',
      what: '`launch status --json`',
      how: 'live run',
      once: launch(['status', '--json']),
    },
    { key: 'help', what: '`launch --help`', how: 'every command loaded', once: launch(['--help']) },
    {
      key: 'signal',
      what: '`launch signal claude`',
      how: 'a hook call (fast path)',
      once: launch(['signal', 'claude'], {
        env: { LAUNCH_LOG_DIR: world.logDir, LAUNCH_SESSION: 'bench-signal' },
        input: '{"hook_event_name":"PreToolUse","tool_name":"Bash"}',
      }),
    },
    {
      key: 'status-unbundled',
      what: '`launch status`',
      how: "live run, tsc's dist/ (LAUNCH_BUNDLE=0)",
      once: launch(['status'], { env: { LAUNCH_BUNDLE: '0' } }),
    },
  ]);

  const cliModules = await timeRuns(runs, () =>
    execa(process.execPath, ['--input-type=module', '-e', loadStatusBundle()], {
      env: world.env,
      extendEnv: false,
    }),
  );
  const loaded = loadSettings({ cwd: world.plan, env: world.env });
  if (!loaded.ok) throw new Error(`bench: ${loaded.error.join('; ')}`);
  const settings = loaded.value.settings;
  const phases = loadPhases(settings);
  if (!phases.ok) throw new Error(`bench: ${phases.error.join('; ')}`);
  const tmux = createTmux({ socket: settings.tmuxSocket });
  const inProcess = await timeRuns(runs, () =>
    buildStatus({
      settings,
      phases: phases.value.phases,
      tmux,
      dialect: dialectFor(settings.backend),
      zone: 'UTC',
      now: new Date(),
    }),
  );

  await world.stopRun();
  const stopped = await inTurns(runs, [
    { key: 'node-stopped', what: '`node -e 0`', how: 'Node.js start + exit', once: node },
    {
      key: 'status-stopped',
      what: '`launch status`',
      how: 'after `launch stop`',
      once: launch(['status']),
    },
  ]);
  return { commands: [...live, ...stopped], cliModules, inProcess };
}
