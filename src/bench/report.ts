// The benchmark's results as data (written to JSON) and as the tables it prints, with each target
// checked and, for a missed one, what limits it — in figures measured in the same run.
import type { ObserveFigure } from './observe-bench.js';
import type { Summary } from './stats.js';
import { figure, type StatusFigures } from './status-bench.js';

export interface IdleFigure {
  readonly mode: 'file events' | 'polling only';
  readonly windowSeconds: number;
  readonly rssBytes: number;
  /** CPU seconds per hour, extrapolated from the window: the watchdog itself. */
  readonly cpuSecondsPerHour: number;
  /** The same plus its finished children (git, tmux). */
  readonly cpuWithChildrenPerHour: number;
}

export interface LatencyFigure {
  readonly measure: 'push → ping' | 'DONE → kickoff';
  readonly mode: 'file events' | 'polling only';
  readonly latencyMs: Summary;
  /** push → ping confirmed (ledger) / DONE → both agents started (ledger). */
  readonly completedMs: Summary;
  readonly samples: readonly number[];
}

export interface BenchResult {
  readonly date: string;
  readonly machine: {
    readonly node: string;
    readonly tmux: string;
    readonly git: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly loadAverage: readonly number[];
  };
  readonly intervals: {
    readonly signal: number;
    readonly watch: number;
    readonly debounce: number;
  };
  readonly latencies: readonly LatencyFigure[];
  readonly observe: readonly ObserveFigure[];
  readonly status: StatusFigures | null;
  readonly idle: readonly IdleFigure[];
  /**
   * One tmux client spawned, a trivial command on the server, reaped: the floor of a tmux call
   * (null when the observe part was not run: `--status-only`).
   */
  readonly tmuxSpawnMs: Summary | null;
  readonly targets: readonly TargetCheck[];
  readonly durationSeconds: number;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
  /** For a missed target: what limits it. */
  readonly note: string | null;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number): string => (ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);
const time = (ms: number): string => (ms >= 1000 ? seconds(ms) : millis(ms));
const ratio = (value: number): string => `${value.toFixed(1)}×`;
const tmuxFloor = (result: Pick<BenchResult, 'tmuxSpawnMs'>): string =>
  result.tmuxSpawnMs === null ? 'not measured' : millis(result.tmuxSpawnMs.p50);

function latency(
  result: Pick<BenchResult, 'latencies'>,
  measure: LatencyFigure['measure'],
  mode: LatencyFigure['mode'],
): LatencyFigure | undefined {
  return result.latencies.find((figure) => figure.measure === measure && figure.mode === mode);
}

/** Checks the issue's targets against the figures. */
export function checkTargets(
  result: Omit<BenchResult, 'targets' | 'durationSeconds'>,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const push = latency(result, 'push → ping', 'file events');
  if (push) {
    const met = push.latencyMs.p50 <= 1000;
    checks.push({
      target: 'push → ping p50 ≤ 1 s (default intervals)',
      measured: seconds(push.latencyMs.p50),
      met,
      note: met
        ? null
        : `a push is seen after the debounce (${result.intervals.debounce} s) and one tick: a git fetch and a few git reads in the Builder's clone, one tmux call, then the ping is typed (a tmux process each, ${tmuxFloor(result)} here)`,
    });
  }
  const done = latency(result, 'DONE → kickoff', 'file events');
  if (done) {
    const met = done.latencyMs.p50 <= 2000;
    checks.push({
      target: 'DONE → kickoff p50 ≤ 2 s (default intervals)',
      measured: seconds(done.latencyMs.p50),
      met,
      note: met
        ? null
        : 'the tick stops and starts both agents; the kickoff shows once the new agent process has started and drawn its screen (a Node.js start for the sim agent)',
    });
  }
  const fifty = result.observe.find(
    (figure) => figure.method === 'batched' && figure.sessions === 50,
  );
  if (fifty) {
    const met = fifty.processes <= 2 && fifty.wallMs.p50 <= 20;
    checks.push({
      target: 'observe at 50 sessions ≤ 2 tmux processes and ≤ 20 ms',
      measured: `${fifty.processes} process${fifty.processes === 1 ? '' : 'es'}, ${millis(fifty.wallMs.p50)}`,
      met,
      note: met
        ? null
        : `of the ${millis(fifty.wallMs.p50)}, the one tmux call takes ${millis(fifty.tmuxMs.p50)} (a trivial tmux call costs ${tmuxFloor(result)} here: a process to spawn, connect and reap; the rest is tmux capturing 50 screens of 200×50) and reading the 50 screens with the dialect the remainder`,
    });
  }
  if (result.status) {
    const status = result.status;
    for (const [key, floor] of [
      ['status', 'node'],
      ['status-stopped', 'node-stopped'],
    ] as const) {
      const command = figure(status, key);
      const node = figure(status, floor);
      if (!command || !node) continue;
      const met = command.ratio <= 3;
      checks.push({
        target: `\`launch status\` (${command.how}) p50 ≤ 3 × \`node -e 0\` p50`,
        measured: `${millis(command.ms.p50)} = ${command.ratio.toFixed(1)} × ${millis(command.ms.p50 / command.ratio)}`,
        met,
        note: met
          ? null
          : `Node.js itself takes ${millis(node.ms.p50)} to start and exit here (node -e 0), ${millis(status.cliModules.p50)} with the status bundle loaded through its code cache, and the status work is ${millis(status.inProcess.p50)} in process`,
      });
    }
  }
  return checks;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The tables the bench prints and the README shows. */
export function renderTables(result: BenchResult): string {
  const lines: string[] = [];
  if (result.latencies.length + result.observe.length > 0)
    lines.push(
      row(['measure', 'mode', 'n', 'p50', 'p90', 'max']),
      row(['---', '---', '--:', '--:', '--:', '--:']),
    );
  for (const figure of result.latencies) {
    const what =
      figure.measure === 'push → ping'
        ? "`git push` of a claim → ping in the Adversary's pane"
        : "`## DONE` appended → next phase's kickoff in the Builder's pane";
    lines.push(
      row([
        what,
        figure.mode,
        String(figure.latencyMs.n),
        time(figure.latencyMs.p50),
        time(figure.latencyMs.p90),
        time(figure.latencyMs.max),
      ]),
    );
  }
  for (const figure of result.observe) {
    lines.push(
      row([
        `observe ${figure.sessions} session${figure.sessions === 1 ? '' : 's'}: ${figure.processes} tmux process${figure.processes === 1 ? '' : 'es'} (tmux part p50 ${millis(figure.tmuxMs.p50)})`,
        figure.method === 'batched' ? 'one invocation' : 'before: list + capture each',
        String(figure.wallMs.n),
        millis(figure.wallMs.p50),
        millis(figure.wallMs.p90),
        millis(figure.wallMs.max),
      ]),
    );
  }
  if (result.status) {
    const status = result.status;
    if (lines.length > 0) lines.push('');
    lines.push(
      row(['command', 'how', 'n', 'p50', 'p90', 'max', '× node -e 0']),
      row(['---', '---', '--:', '--:', '--:', '--:', '--:']),
    );
    for (const command of status.commands)
      lines.push(
        row([
          command.what,
          command.how,
          String(command.ms.n),
          millis(command.ms.p50),
          millis(command.ms.p90),
          millis(command.ms.max),
          ratio(command.ratio),
        ]),
      );
    const entries: [string, string, Summary][] = [
      ['Node.js + the status bundle', 'loaded, not run', status.cliModules],
      ['status work', 'in process', status.inProcess],
    ];
    for (const [what, how, summary] of entries)
      lines.push(
        row([
          what,
          how,
          String(summary.n),
          millis(summary.p50),
          millis(summary.p90),
          millis(summary.max),
          '',
        ]),
      );
  }
  if (result.idle.length > 0) {
    lines.push(
      '',
      row(['watchdog idle', 'RSS', 'CPU per hour', 'CPU per hour with git, tmux']),
      row(['---', '--:', '--:', '--:']),
    );
    for (const idle of result.idle)
      lines.push(
        row([
          `${idle.mode} (measured ${idle.windowSeconds} s, × ${(3600 / idle.windowSeconds).toFixed(0)})`,
          `${(idle.rssBytes / 1024 / 1024).toFixed(0)} MB`,
          `${idle.cpuSecondsPerHour.toFixed(1)} s`,
          `${idle.cpuWithChildrenPerHour.toFixed(1)} s`,
        ]),
      );
  }
  lines.push('');
  for (const check of result.targets)
    lines.push(
      `${check.met ? '✓' : '✗ MISSED'} ${check.target}: ${check.measured}${check.note ? ` — ${check.note}` : ''}`,
    );
  return lines.join('\n');
}
