// `launch demo`: a whole run with simulated agents on real tmux, git and the real watchdog. Builds
// a temporary world, runs `launch start` in it, shows the run live, ends at SEQUENCE-COMPLETE with
// a summary from the ledger, and takes everything down again (also on Ctrl-C) unless --keep.
import { constants } from 'node:os';
import { join } from 'node:path';
import { readEvents } from '../adapters/ledger.js';
import { createTmux } from '../adapters/tmux.js';
import type { CliDeps } from '../cli/context.js';
import { paint } from '../cli/io.js';
import { CliError } from '../util/errors.js';
import { failed, interrupted, type Ending } from './ending.js';
import { demoPace } from './pace.js';
import { startRun, type Running } from './start-run.js';
import { clockDuration, renderSummary, summarizeRun } from './summary.js';
import { removeDemoWorld, saveLedger, stopDemoRun } from './teardown.js';
import { watchRun } from './watch-run.js';
import { buildDemoWorld, demoWorld, makeDemoRoot, type DemoWorld } from './world.js';

export interface DemoOptions {
  readonly fast: boolean;
  readonly keep: boolean;
  /** Absolute path the ledger is copied to at the end, or null. */
  readonly eventsFile: string | null;
  /** The whole demo must reach SEQUENCE-COMPLETE within this many seconds. */
  readonly timeoutSeconds: number;
}

function keptReport(world: DemoWorld, serverRuns: boolean): string[] {
  const lines = [
    `kept the demo world in ${world.root}`,
    `  status    launch status --plan-dir ${world.plan}`,
    `  logs      launch logs builder --plan-dir ${world.plan}   (adversary, orchestrator, watchdog)`,
    `  ledger    ${join(world.logDir, 'events.jsonl')}`,
    `  history   git -C ${world.origin} log --oneline`,
  ];
  if (!serverRuns) lines.push(`  again     launch start --plan-dir ${world.plan}`);
  if (serverRuns) {
    lines.push(
      `  attach    tmux -L ${world.socket} attach -t ${world.prefix}-builder   (-adv, -orchestrator, -watchdog)`,
      `  stop      launch stop --plan-dir ${world.plan} && tmux -L ${world.socket} kill-server`,
    );
  }
  lines.push(`  remove    rm -rf ${world.root}`);
  return lines;
}

/** Runs the demo; resolves when it completed, throws a CliError (exit 1, 2 or 128+n) otherwise. */
export async function runDemo(
  deps: CliDeps,
  options: DemoOptions,
  stop: AbortSignal,
): Promise<void> {
  const startedAt = deps.now().getTime();
  const { io } = deps;
  const pace = demoPace(options.fast);
  const world = demoWorld(makeDemoRoot());
  const tmux = createTmux({ socket: world.socket });
  io.out(
    `${paint(io, 'bold', 'launch demo')}: a Builder, an Adversary and an Orchestrator (simulated agents)\n` +
      'in real tmux sessions, pushing to a real git origin, kept going by the real watchdog.\n' +
      `world   ${world.root}${options.keep ? ' (kept: --keep)' : ' (removed at the end)'}\n` +
      `pace    ${pace.name}: signal tick ${pace.config.signalInterval}s, heavy tick ${pace.config.watchInterval}s, ` +
      `stall after ${pace.config.stallIdle}s idle, limit slack ${pace.config.limitResetSlack}s\n\n`,
  );

  // Set once `launch start` has run; read by the clean-up (a closure assigns it).
  const run: { running: Running | null } = { running: null };
  const play = async (): Promise<Ending> => {
    const built = await buildDemoWorld(world, pace);
    if (stop.aborted) return interrupted(stop);
    if (!built.ok) return failed(`could not build the demo world: ${built.error}`);
    io.out('$ launch start\n');
    const start = await startRun(deps, world, stop);
    if ('ending' in start) return start.ending;
    run.running = start.running;
    return watchRun({ deps, world, running: start.running, tmux, options, startedAt, stop });
  };
  let ending: Ending;
  try {
    ending = await play();
  } catch (error) {
    // A bug: still, nothing of the world may outlive the demo.
    if (!options.keep) {
      await stopDemoRun(world, tmux, run.running?.settings ?? null);
      removeDemoWorld(world, options.eventsFile);
    }
    throw error;
  }

  // A kept world stays as it is (sessions and all) unless the run is over anyway.
  const stopped =
    !options.keep || ending.kind === 'complete'
      ? await stopDemoRun(world, tmux, run.running?.settings ?? null)
      : null;
  const events = readEvents(world.logDir);
  const totalMs = deps.now().getTime() - startedAt;
  io.out('\n');
  if (ending.kind === 'interrupted') io.out(`stopped by ${ending.signal}\n`);
  if (events.length > 0) {
    for (const line of renderSummary(summarizeRun(events), totalMs)) io.out(`${line}\n`);
  }
  if (ending.kind === 'failed') for (const line of ending.context) io.err(`${line}\n`);
  if (stopped !== null && stopped.forced.length > 0) {
    io.err(
      `launch: warning: killed pane processes that outlived their tmux server: ${stopped.forced.join(', ')}\n`,
    );
  }

  const saved = options.keep
    ? saveLedger(world, options.eventsFile)
    : removeDemoWorld(world, options.eventsFile);
  if (options.keep) {
    const panes = await tmux.listPanes();
    const serverRuns = panes.ok && panes.value.length > 0;
    for (const line of keptReport(world, serverRuns)) io.out(`${line}\n`);
  } else {
    io.out(`cleaned up: watchdog, sessions and tmux server stopped; ${world.root} removed\n`);
  }
  if (saved.ok && saved.value !== null) io.out(`ledger copied to ${saved.value}\n`);
  if (!saved.ok) io.err(`launch: warning: ${saved.error}\n`);

  switch (ending.kind) {
    case 'complete':
      io.out(`done in ${clockDuration(totalMs)}\n`);
      return;
    case 'failed':
      throw new CliError(`demo failed: ${ending.reason}`, ending.exitCode);
    case 'interrupted':
      throw new CliError(
        `demo interrupted by ${ending.signal}`,
        128 + (constants.signals[ending.signal] ?? 2),
      );
  }
}
