// `launch pause [NOTE]` / `launch resume`: the run's STOP file. Paused, the watchdog keeps running
// and observing but takes no action (no restarts, pings, probes, phase moves); the agents go on.
import type { Command } from 'commander';
import { readLockHolder } from '../../adapters/watchdog-lock.js';
import type { Settings } from '../../config/fields.js';
import { readPauseState, removePause, writePause } from '../../status/pause-state.js';
import { resolveSettings, type CliDeps } from '../context.js';
import { launchHint } from '../given-flags.js';
import { since } from '../relative-time.js';

function watchdogNote(settings: Settings, paused: boolean): string {
  const holder = readLockHolder(settings.logDir);
  const next = `${settings.signalInterval}s`;
  if (holder === null)
    return paused
      ? 'no watchdog is running; one started later takes no action until resumed'
      : 'no watchdog is running; `launch start --resume` starts one';
  return paused
    ? `the watchdog (pid ${holder.pid}) takes no action from its next tick (within ${next}); the agents keep running`
    : `the watchdog (pid ${holder.pid}) acts again from its next tick (within ${next})`;
}

function pause(deps: CliDeps, command: Command, note: readonly string[]): void {
  const { settings } = resolveSettings(deps, command, { usePersisted: true });
  const at = deps.now().toISOString();
  const text = note.join(' ').trim();
  const { state, made } = writePause(
    settings.logDir,
    `paused by launch pause at ${at}${text ? `: ${text}` : ''}\n` +
      'remove this file (or run `launch resume`) to resume\n',
  );
  const resume = launchHint(deps.argv, 'resume');
  deps.io.out(
    made
      ? `paused (${state.file}): ${watchdogNote(settings, true)}\n\`${resume}\` continues\n`
      : `already paused ${since(state.since, deps.now())} ago (${state.file}${state.note ? `: ${state.note}` : ''}); \`${resume}\` continues\n`,
  );
}

function resume(deps: CliDeps, command: Command): void {
  const { settings } = resolveSettings(deps, command, { usePersisted: true });
  const was = readPauseState(settings.logDir);
  if (!removePause(settings.logDir) || was === null) {
    deps.io.out(`not paused (no ${settings.logDir}/STOP); nothing to do\n`);
    return;
  }
  deps.io.out(
    `resumed after ${since(was.since, deps.now())}: ${watchdogNote(settings, false).replace(
      '`launch start --resume`',
      `\`${launchHint(deps.argv, 'start --resume')}\``,
    )}\n`,
  );
}

export function registerPause(program: Command, deps: CliDeps): void {
  program
    .command('pause')
    .description('pause the watchdog: it keeps watching but takes no action (agents keep running)')
    .argument('[note...]', 'why (kept in the STOP file, shown by status)')
    .action((note: string[], _options: unknown, command: Command) => pause(deps, command, note));
}

export function registerResume(program: Command, deps: CliDeps): void {
  program
    .command('resume')
    .description('end a pause: the watchdog acts again from its next tick')
    .action((_options: unknown, command: Command) => resume(deps, command));
}
