// The settings of `launch start --resume`: the run settings the last `launch start` saved, under
// the environment and the command line, so a resume never switches backend, socket or dirs
// silently when launch.config.json (or a default) changed since. What the saved run overrides in
// the config file is said once, with the flag that would switch it.
import type { Command } from 'commander';
import type { LoadedSettings } from '../config/resolve.js';
import type { Settings } from '../config/fields.js';
import { readPauseState } from '../status/pause-state.js';
import { GLOBAL_FLAGS, resolveSettings, type CliDeps } from './context.js';
import { launchHint } from './given-flags.js';

/** Settings a person would notice switching under a resumed run. */
const WATCHED: readonly (keyof Settings)[] = [
  'backend',
  'tmuxSocket',
  'sessionPrefix',
  'builderDir',
  'advDir',
  'signalInterval',
  'watchInterval',
];

export interface StartSettings extends LoadedSettings {
  readonly resume: boolean;
  /** "backend sim (launch.config.json says claude)"-style notes for a resume. */
  readonly kept: readonly string[];
}

function flagFor(key: keyof Settings): string | null {
  return GLOBAL_FLAGS.find((flag) => flag.key === key)?.name ?? null;
}

export function resolveStartSettings(
  deps: CliDeps,
  command: Command,
  resumeFlag: boolean,
): StartSettings {
  const fresh = resolveSettings(deps, command, { usePersisted: false });
  const resume = resumeFlag || fresh.settings.resumePhase;
  if (!resume) return { ...fresh, resume, kept: [] };
  const resumed = resolveSettings(deps, command, { usePersisted: true });
  if (!resumed.fromRun) return { ...resumed, resume, kept: [] };
  const kept = WATCHED.flatMap((key) => {
    const saved = resumed.settings[key];
    const configured = fresh.settings[key];
    if (saved === configured) return [];
    const flag = flagFor(key);
    return [
      `${key} ${String(saved)} (the configuration now says ${String(configured)}${flag ? `; pass ${flag} to switch` : ''})`,
    ];
  });
  return { ...resumed, resume, kept };
}

/** The warning for a resume of a paused run, or null. */
export function pausedResumeWarning(deps: CliDeps, logDir: string): string | null {
  const pause = readPauseState(logDir);
  if (pause === null) return null;
  return (
    `the run is paused (${pause.file}${pause.note ? `: ${pause.note}` : ''}): ` +
    `the watchdog starts but takes no action until \`${launchHint(deps.argv, 'resume')}\``
  );
}
