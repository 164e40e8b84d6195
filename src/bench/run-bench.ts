// `npm run bench`: measures, in one process run, how fast `launch` reacts at the default intervals
// (file events and, for comparison, polling only), what one observe costs at 1, 10 and 50 sessions,
// `launch status` wall time, and the idle watchdog's memory and CPU. Prints tables, writes
// bench-results/<date>.json, and removes every tmux server, session and file it created.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { execa } from 'execa';
import { FIELDS } from '../config/fields.js';
import { BenchWorld } from './bench-world.js';
import { benchObserve } from './observe-bench.js';
import { clockTicks, processUsage } from './process-usage.js';
import {
  checkTargets,
  renderTables,
  type BenchResult,
  type IdleFigure,
  type LatencyFigure,
} from './report.js';
import { summarize } from './stats.js';
import { benchStatus } from './status-bench.js';

interface BenchOptions {
  readonly trials: number;
  readonly pollWorlds: number;
  readonly polling: boolean;
  readonly idleSeconds: number;
  readonly out: string;
  readonly statusOnly: boolean;
  readonly statusRuns: number;
}

const log = (text: string): void => {
  process.stderr.write(`bench: ${text}\n`);
};

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
};

const randomMs = (from: number, to: number): number => from + Math.random() * (to - from);

const live = new Set<BenchWorld>();

async function world(label: string, phases: number, watchEvents: boolean): Promise<BenchWorld> {
  const made = await BenchWorld.create({ label, phases, watchEvents });
  live.add(made);
  await made.start();
  return made;
}

async function stopWorld(made: BenchWorld): Promise<void> {
  live.delete(made);
  await made.stop();
}

interface Trials {
  push: { latencyMs: number; deliveredMs: number }[];
  done: { latencyMs: number; bothStartedMs: number }[];
}

/** Runs push trials then DONE trials in one world; `preWait` spreads them over the tick cycle. */
async function runTrials(
  made: BenchWorld,
  count: number,
  preWait: () => number,
  label: string,
): Promise<Trials> {
  const trials: Trials = { push: [], done: [] };
  for (let k = 1; k <= count; k++) {
    const trial = await made.pushTrial(preWait());
    trials.push.push(trial);
    log(`${label}: push → ping ${k}/${count}: ${(trial.latencyMs / 1000).toFixed(2)} s`);
  }
  for (let k = 1; k <= count; k++) {
    const trial = await made.doneTrial(preWait());
    trials.done.push(trial);
    log(`${label}: DONE → kickoff ${k}/${count}: ${(trial.latencyMs / 1000).toFixed(2)} s`);
  }
  return trials;
}

function latencyFigures(mode: LatencyFigure['mode'], trials: Trials[]): LatencyFigure[] {
  const push = trials.flatMap((trial) => trial.push);
  const done = trials.flatMap((trial) => trial.done);
  return [
    {
      measure: 'push → ping',
      mode,
      latencyMs: summarize(push.map((trial) => trial.latencyMs)),
      completedMs: summarize(push.map((trial) => trial.deliveredMs)),
      samples: push.map((trial) => Math.round(trial.latencyMs)),
    },
    {
      measure: 'DONE → kickoff',
      mode,
      latencyMs: summarize(done.map((trial) => trial.latencyMs)),
      completedMs: summarize(done.map((trial) => trial.bothStartedMs)),
      samples: done.map((trial) => Math.round(trial.latencyMs)),
    },
  ];
}

/** Watches idle watchdogs side by side over the same window; extrapolates to an hour. */
async function measureIdle(
  worlds: readonly { mode: IdleFigure['mode']; world: BenchWorld }[],
  windowSeconds: number,
): Promise<IdleFigure[]> {
  const ticks = await clockTicks();
  const pids = worlds.map(({ world: made }) => made.watchdogPid());
  const before = pids.map((pid) => (pid === null ? null : processUsage(pid, ticks)));
  const peak = pids.map(() => 0);
  const end = Date.now() + windowSeconds * 1000;
  while (Date.now() < end) {
    pids.forEach((pid, index) => {
      const usage = pid === null ? null : processUsage(pid, ticks);
      if (usage) peak[index] = Math.max(peak[index] ?? 0, usage.rss);
    });
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(5000, Math.max(0, end - Date.now()))),
    );
  }
  const figures: IdleFigure[] = [];
  worlds.forEach(({ mode }, index) => {
    const pid = pids[index];
    const start = before[index];
    const after = pid === null || pid === undefined ? null : processUsage(pid, ticks);
    if (!start || !after) {
      log(`idle (${mode}): the watchdog was not running; no figure`);
      return;
    }
    const scale = 3600 / windowSeconds;
    figures.push({
      mode,
      windowSeconds,
      rssBytes: Math.max(peak[index] ?? 0, after.rss),
      cpuSecondsPerHour: (after.cpu - start.cpu) * scale,
      cpuWithChildrenPerHour:
        (after.cpu + after.childrenCpu - start.cpu - start.childrenCpu) * scale,
    });
  });
  return figures;
}

/** The shipped default of an interval (the bench runs the worlds without setting any). */
function defaultSeconds(key: 'signalInterval' | 'watchInterval' | 'watchDebounce'): number {
  const value = FIELDS[key].default;
  if (value === undefined) throw new Error(`bench: ${key} has no default`);
  return value;
}

async function versionOf(bin: string, args: readonly string[]): Promise<string> {
  const answer = await execa(bin, [...args], { reject: false });
  return String(answer.stdout).trim() || 'unknown';
}

/** The machine the figures were taken on. */
async function machine(): Promise<BenchResult['machine']> {
  return {
    node: process.version,
    tmux: await versionOf('tmux', ['-V']),
    git: await versionOf('git', ['--version']),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/** Writes the JSON and prints the tables. */
function report(result: BenchResult, out: string): void {
  mkdirSync(out, { recursive: true });
  const file = join(out, `${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  const { machine: where, intervals } = result;
  process.stdout.write(
    `\nlaunch bench · ${result.date} · Node ${where.node} · ${where.tmux} · ${where.cpus} × ${where.cpuModel} · load ${where.loadAverage.join(' ')}\n` +
      `default intervals (SIGNAL_INTERVAL ${intervals.signal} s, WATCH_INTERVAL ${intervals.watch} s, WATCH_DEBOUNCE ${intervals.debounce} s) · ${result.durationSeconds} s\n\n` +
      `${renderTables(result)}\n\nwritten to ${file}\n`,
  );
}

/** `--status-only`: one world, the status figures, nothing else (about a minute). */
async function benchStatusOnly(options: BenchOptions): Promise<void> {
  const began = Date.now();
  log('status only: starting a world (sim agents, private tmux socket)');
  const made = await world('status', 2, true);
  log(`timing launch status, --help, signal beside node -e 0 (${options.statusRuns} turns)`);
  const status = await benchStatus(made, options.statusRuns);
  await stopWorld(made);
  const partial = {
    date: new Date(began).toISOString(),
    machine: await machine(),
    intervals: {
      signal: defaultSeconds('signalInterval'),
      watch: defaultSeconds('watchInterval'),
      debounce: defaultSeconds('watchDebounce'),
    },
    latencies: [],
    observe: [],
    status,
    idle: [],
    tmuxSpawnMs: null,
  };
  report(
    {
      ...partial,
      targets: checkTargets(partial),
      durationSeconds: Math.round((Date.now() - began) / 1000),
    },
    options.out,
  );
}

async function bench(options: BenchOptions): Promise<void> {
  if (options.statusOnly) return benchStatusOnly(options);
  const began = Date.now();
  const signal = defaultSeconds('signalInterval');
  const watch = defaultSeconds('watchInterval');
  const debounce = defaultSeconds('watchDebounce');
  log(
    `default intervals: SIGNAL_INTERVAL ${signal} s, WATCH_INTERVAL ${watch} s; ${options.trials} trials each; this takes a few minutes`,
  );

  // 1. File events at the default intervals.
  log('file events: starting a world (sim agents, private tmux socket)');
  const events = await world('events', options.trials + 2, true);
  const eventTrials = await runTrials(events, options.trials, () => randomMs(200, 1200), 'events');

  // 2. Polling only, in parallel worlds (each trial waits for a tick; spreading them over several
  // worlds keeps the run short). Trials start at a random point of the tick cycle.
  const pollTrials: Trials[] = [];
  let idlePoll: BenchWorld | null = null;
  if (options.polling) {
    const worlds = Math.min(options.pollWorlds, options.trials);
    const perWorld = Math.ceil(options.trials / worlds);
    log(`polling only: ${worlds} worlds × ${perWorld} trials of each kind`);
    const made = await Promise.all(
      Array.from({ length: worlds }, (_, index) => world(`poll${index + 1}`, perWorld + 2, false)),
    );
    const results = await Promise.all(
      made.map((one, index) =>
        runTrials(one, perWorld, () => randomMs(0, signal * 1000), `polling ${index + 1}`),
      ),
    );
    pollTrials.push(...results);
    idlePoll = made[0] ?? null;
    for (const one of made.slice(1)) await stopWorld(one);
  }

  // 3. Both watchdogs idle, side by side.
  log(`idle: measuring the watchdogs for ${options.idleSeconds} s`);
  const idle = await measureIdle(
    [
      { mode: 'file events', world: events },
      ...(idlePoll ? [{ mode: 'polling only' as const, world: idlePoll }] : []),
    ],
    options.idleSeconds,
  );
  if (idlePoll) await stopWorld(idlePoll);

  // 4. `launch status` against the running world.
  log(`launch status: timing beside node -e 0 (${options.statusRuns} turns)`);
  const status = await benchStatus(events, options.statusRuns);
  await stopWorld(events);

  // 5. Observe at 1, 10, 50 sessions.
  log('observe: 1, 10 and 50 sessions');
  const { figures: observe, tmuxFloorMs } = await benchObserve([1, 10, 50], 30);

  const partial = {
    date: new Date(began).toISOString(),
    machine: await machine(),
    intervals: { signal, watch, debounce },
    latencies: [
      ...latencyFigures('file events', [eventTrials]),
      ...(options.polling ? latencyFigures('polling only', pollTrials) : []),
    ],
    observe,
    status,
    idle,
    tmuxSpawnMs: tmuxFloorMs,
  };
  report(
    {
      ...partial,
      targets: checkTargets(partial),
      durationSeconds: Math.round((Date.now() - began) / 1000),
    },
    options.out,
  );
}

async function cleanUp(): Promise<void> {
  for (const made of [...live]) await stopWorld(made).catch(() => undefined);
}

const program = new Command('bench')
  .description('measure launch: reaction latency, observe cost, status time, idle cost')
  .option('--trials <n>', 'trials of each latency (≥ 10 for the report)', positiveInt, 10)
  .option('--poll-worlds <n>', 'worlds the polling-only trials are spread over', positiveInt, 5)
  .option('--no-polling', 'skip the polling-only comparison')
  .option(
    '--idle-seconds <n>',
    'idle measurement window, extrapolated to an hour',
    positiveInt,
    120,
  )
  .option('--out <dir>', 'where the JSON goes', 'bench-results')
  .option(
    '--status-only',
    'only `launch status`, `--help` and `signal` beside `node -e 0` (one world, about a minute)',
    false,
  )
  .option('--status-runs <n>', 'turns of the status comparison', positiveInt, 20);

program.parse();
const options = program.opts<BenchOptions>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}
try {
  await bench(options);
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
} finally {
  await cleanUp();
}
