// The demo's live phase: the run shown (frames in place on a terminal, event lines elsewhere) until
// SEQUENCE-COMPLETE, a watchdog that died, the deadline or a stop.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readLastLines } from '../adapters/file-follower.js';
import { readEvents } from '../adapters/ledger.js';
import type { Tmux } from '../adapters/tmux.js';
import { readLockHolder } from '../adapters/watchdog-lock.js';
import { attachHint } from '../cli/commands/start.js';
import { renderStatus } from '../cli/commands/status.js';
import { limitZone, type CliDeps } from '../cli/context.js';
import { sessionName } from '../config/roles.js';
import { dialectFor } from '../screen/dialects.js';
import { buildStatus } from '../status/status-view.js';
import { SEQUENCE_COMPLETE_FILE } from '../watchdog/act.js';
import { describeEvent } from '../watchdog/describe-event.js';
import { stripTerminalControls } from '../util/terminal-text.js';
import { WATCHDOG_OUT } from '../watchdog/respawn-detached.js';
import { readLiveRespawner } from '../watchdog/respawn-record.js';
import { POLL_MS, failed, interrupted, pause, type Ending } from './ending.js';
import { EventFeed, InPlaceScreen, isShownEvent, renderFrame } from './live-view.js';
import type { DemoOptions } from './run-demo.js';
import type { Running } from './start-run.js';
import type { DemoWorld } from './world.js';

/** The watchdog has gone: no live lock holder and no respawner to start it again. */
function watchdogGone(running: Running): boolean {
  if (readLockHolder(running.settings.logDir) !== null) return false;
  // Before it takes its lock the respawner is already there; gone means both are gone.
  return readLiveRespawner(running.settings.logDir) === null;
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
    const paneLog = join(world.logDir, WATCHDOG_OUT);
    const tail = stripTerminalControls(readLastLines(paneLog, 12).text, { keepNewlines: true })
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line !== '');
    if (tail.length > 0) lines.push("the watchdog's terminal:", ...tail.map((line) => `  ${line}`));
  }
  return lines;
}

export interface Watch {
  readonly deps: CliDeps;
  readonly world: DemoWorld;
  readonly running: Running;
  readonly tmux: Tmux;
  readonly options: DemoOptions;
  readonly startedAt: number;
  readonly stop: AbortSignal;
}

/** Shows the run until SEQUENCE-COMPLETE, a dead watchdog, the deadline or a stop. */
export async function watchRun(watch: Watch): Promise<Ending> {
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
      ? renderStatus(view, deps.io, settings, zone, now)
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
      if (watchdogGone(running) && !sequenceComplete(settings.logDir)) {
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
