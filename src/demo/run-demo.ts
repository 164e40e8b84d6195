// `launch demo`: a whole run with simulated agents on real tmux, git and the real watchdog. Builds
// a temporary world, runs `launch start` in it, shows the run live, ends at SEQUENCE-COMPLETE with
// a summary from the ledger, and takes everything down again (also on Ctrl-C) unless --keep.
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { execa } from 'execa';
import { readLastLines } from '../adapters/file-follower.js';
import { readEvents } from '../adapters/ledger.js';
import { createTmux, type Tmux } from '../adapters/tmux.js';
import { readLockHolder } from '../adapters/watchdog-lock.js';
import { renderStatus } from '../cli/commands/status.js';
import { attachHint } from '../cli/commands/start.js';
import { limitZone, type CliDeps } from '../cli/context.js';
import { paint } from '../cli/io.js';
import { FIELDS, type Settings } from '../config/fields.js';
import { loadSettings } from '../config/resolve.js';
import { sessionName, watchdogSessionName } from '../config/roles.js';
import { loadPhases } from '../phases/manifest.js';
import type { Phase } from '../phases/phase.js';
import { dialectFor } from '../screen/dialects.js';
import { buildStatus } from '../status/status-view.js';
import { CliError, EXIT_RUNTIME, EXIT_USAGE } from '../util/errors.js';
import { SEQUENCE_COMPLETE_FILE } from '../watchdog/act.js';
import { describeEvent } from '../watchdog/describe-event.js';
import { EventFeed, InPlaceScreen, isShownEvent, renderFrame } from './live-view.js';
import { demoPace } from './pace.js';
import { clockDuration, renderSummary, summarizeRun } from './summary.js';
import { removeDemoWorld, saveLedger, stopDemoRun } from './teardown.js';
import { buildDemoWorld, demoWorld, makeDemoRoot, type DemoWorld } from './world.js';

export interface DemoOptions {
  readonly fast: boolean;
  readonly keep: boolean;
  /** Absolute path the ledger is copied to at the end, or null. */
  readonly eventsFile: string | null;
  /** The whole demo must reach SEQUENCE-COMPLETE within this many seconds. */
  readonly timeoutSeconds: number;
}

/** Names every process of a demo world carries in its environment (value: the world's folder). */
export const DEMO_MARKER_ENV = 'LAUNCH_DEMO';

type Ending =
  | { readonly kind: 'complete' }
  | {
      readonly kind: 'failed';
      readonly reason: string;
      readonly context: readonly string[];
      readonly exitCode: number;
    }
  | { readonly kind: 'interrupted'; readonly signal: NodeJS.Signals };

const failed = (
  reason: string,
  context: readonly string[] = [],
  exitCode = EXIT_RUNTIME,
): Ending => ({
  kind: 'failed',
  reason,
  context,
  exitCode,
});

const POLL_MS = 300;

/** Sleeps, or returns early when the demo is stopped. */
function pause(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (stop.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop.addEventListener('abort', done, { once: true });
  });
}

const interrupted = (stop: AbortSignal): Ending => ({
  kind: 'interrupted',
  signal: (typeof stop.reason === 'string' ? stop.reason : 'SIGINT') as NodeJS.Signals,
});

/**
 * The environment `launch start` gets: the caller's, minus every launch setting (a LOOP_BACKEND or
 * SIGNAL_INTERVAL exported for real work must not leak into the demo; its config file decides),
 * plus the marker every process of the world inherits through the tmux server.
 */
export function demoChildEnv(
  env: Readonly<Record<string, string | undefined>>,
  root: string,
): Record<string, string> {
  const settingNames = new Set<string>(Object.values(FIELDS).map((field) => field.env));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !settingNames.has(name)) out[name] = value;
  }
  out[DEMO_MARKER_ENV] = root;
  return out;
}

interface Running {
  readonly settings: Settings;
  readonly phases: readonly Phase[];
}

/** `launch start` in the world, as a user would run it. */
async function startRun(
  deps: CliDeps,
  world: DemoWorld,
  stop: AbortSignal,
): Promise<{ ending: Ending } | { running: Running }> {
  const started = await execa(process.execPath, [deps.launchBin, 'start'], {
    cwd: world.plan,
    env: demoChildEnv(deps.env, world.root),
    extendEnv: false,
    reject: false,
    timeout: 120_000,
    cancelSignal: stop,
  });
  if (stop.aborted) return { ending: interrupted(stop) };
  const stdout = String(started.stdout);
  const stderr = String(started.stderr).trim();
  if (started.exitCode !== 0) {
    const lines = stderr === '' ? [started.shortMessage ?? 'no output'] : stderr.split('\n');
    return {
      ending: failed(
        `launch start failed (exit ${started.exitCode ?? '?'}) in ${world.plan}`,
        lines,
        started.exitCode === EXIT_USAGE ? EXIT_USAGE : EXIT_RUNTIME,
      ),
    };
  }
  // Its report up to the first blank line (what started); its "watch:/stop:" hints are for real runs.
  const report = stdout.split('\n\n')[0] ?? '';
  for (const line of report.split('\n')) if (line.trim() !== '') deps.io.out(`  ${line}\n`);
  if (stderr !== '') deps.io.err(`${stderr}\n`);

  // What was started is what `launch start` saved: read exactly that, as the watchdog does.
  const loaded = loadSettings({
    cwd: world.plan,
    env: {},
    flags: { planDir: world.plan },
    usePersisted: 'only',
  });
  if (!loaded.ok) return { ending: failed('the demo run has no run settings', loaded.error) };
  const phases = loadPhases(loaded.value.settings);
  if (!phases.ok) return { ending: failed('the demo plan has no phases', phases.error) };
  return { running: { settings: loaded.value.settings, phases: phases.value.phases } };
}

/** The watchdog has gone: no live lock holder and no session for it. */
async function watchdogGone(tmux: Tmux, running: Running): Promise<boolean> {
  if (readLockHolder(running.settings.logDir) !== null) return false;
  // Before it takes its lock the watchdog's session is already there; gone means both are gone.
  return !(await tmux.hasSession(watchdogSessionName(running.settings)));
}

const sequenceComplete = (logDir: string): boolean =>
  existsSync(join(logDir, SEQUENCE_COMPLETE_FILE));

/** The last words of the watchdog's terminal and the last events: what a failure report needs. */
function failureContext(world: DemoWorld, running: Running | null): string[] {
  const events = readEvents(world.logDir).filter(isShownEvent).slice(-10);
  const lines =
    events.length > 0
      ? ['last events:', ...events.map((e) => `  ${describeEvent(e)}`)]
      : ['no events in the ledger yet'];
  if (running !== null) {
    const paneLog = join(world.logDir, `${watchdogSessionName(running.settings)}.log`);
    const tail = stripVTControlCharacters(readLastLines(paneLog, 12).text)
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line !== '');
    if (tail.length > 0) lines.push("the watchdog's terminal:", ...tail.map((line) => `  ${line}`));
  }
  return lines;
}

interface Watch {
  readonly deps: CliDeps;
  readonly world: DemoWorld;
  readonly running: Running;
  readonly tmux: Tmux;
  readonly options: DemoOptions;
  readonly startedAt: number;
  readonly stop: AbortSignal;
}

/** Shows the run until SEQUENCE-COMPLETE, a dead watchdog, the deadline or a stop. */
async function watchRun(watch: Watch): Promise<Ending> {
  const { deps, world, running, tmux, options, stop } = watch;
  const { settings } = running;
  const zone = limitZone(settings, deps.env);
  const attach = attachHint(settings, sessionName(settings, 'builder'));
  const screen = deps.io.isTTY
    ? new InPlaceScreen(deps.io.out, deps.io.terminalSize ?? (() => ({ columns: 80, rows: 24 })))
    : null;
  const feed = new EventFeed(deps.io.out, zone);
  const deadline = watch.startedAt + options.timeoutSeconds * 1000;

  // Until the watchdog holds its lock, `launch status` would call it "not running"; say what it is.
  let watchdogSeen = false;
  const show = async (): Promise<void> => {
    const now = deps.now();
    if (screen === null) {
      feed.update(readEvents(settings.logDir), now);
      return;
    }
    const view = await buildStatus({
      settings,
      phases: running.phases,
      tmux,
      dialect: dialectFor(settings.backend),
      zone,
      now,
    });
    watchdogSeen ||= view.watchdog.running;
    const status = watchdogSeen
      ? renderStatus(view, deps.io, settings.planDir, settings.builderDir, zone, now)
      : 'the agents are up; the watchdog is starting…\n';
    screen.draw(
      renderFrame(deps.io, {
        elapsedMs: now.getTime() - watch.startedAt,
        status,
        attach,
        keep: options.keep,
      }),
    );
  };

  if (screen === null) deps.io.out(`watch an agent: ${attach}\n`);
  screen?.begin();
  try {
    for (;;) {
      if (stop.aborted) return interrupted(stop);
      await show();
      if (sequenceComplete(settings.logDir)) {
        // The watchdog stops the agents, writes the file, then exits: let it finish and flush.
        const until = deps.now().getTime() + 15_000;
        while (
          readLockHolder(settings.logDir) !== null &&
          deps.now().getTime() < until &&
          !stop.aborted
        )
          await pause(POLL_MS, stop);
        await show();
        return { kind: 'complete' };
      }
      if ((await watchdogGone(tmux, running)) && !sequenceComplete(settings.logDir)) {
        await show();
        return failed(
          'the watchdog exited before the sequence was complete',
          failureContext(world, running),
        );
      }
      if (deps.now().getTime() > deadline) {
        await show();
        return failed(
          `no SEQUENCE-COMPLETE within ${options.timeoutSeconds}s`,
          failureContext(world, running),
        );
      }
      await pause(POLL_MS, stop);
    }
  } finally {
    screen?.end();
  }
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
