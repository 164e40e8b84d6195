// The settings of `launch start --resume`: the run settings the last `launch start` saved, under
// the environment and the command line, so a resume never switches backend, socket or dirs
// silently when launch.config.json (or a default) changed since. What the saved run overrides in
// the config file is said once, with the flag that would switch it.
import type { Command } from 'commander';
import type { LoadedSettings } from '../config/resolve.js';
import { FIELD_KEYS, FIELDS, type FieldKey } from '../config/fields.js';
import { readPauseState } from '../status/pause-state.js';
import { GLOBAL_FLAGS, resolveSettings, type CliDeps } from './context.js';
import { launchHint } from './given-flags.js';

/** Not a setting of the run: whether this start resumes. */
const NOT_KEPT: ReadonlySet<FieldKey> = new Set<FieldKey>(['resumePhase']);

export interface StartSettings extends LoadedSettings {
  readonly resume: boolean;
  /** "backend sim (launch.config.json says claude)"-style notes for a resume. */
  readonly kept: readonly string[];
}

/** How to switch a kept setting: its flag, else its environment variable. */
function switchFor(key: FieldKey): string | null {
  const flag = GLOBAL_FLAGS.find((candidate) => candidate.key === key)?.name;
  if (flag) return `pass ${flag}`;
  const spec: { readonly env?: string } = FIELDS[key];
  return spec.env ? `set ${spec.env}` : null;
}

const show = (value: unknown): string =>
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'boolean' ||
  value === null
    ? String(value)
    : JSON.stringify(value);

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
  // Every setting the saved run keeps against what the configuration now says, so none is ignored
  // silently (a fresh `launch start` takes the configuration, but restarts at phase 1).
  const kept = FIELD_KEYS.flatMap((key) => {
    if (NOT_KEPT.has(key)) return [];
    const saved = show(resumed.settings[key]);
    const configured = show(fresh.settings[key]);
    if (saved === configured) return [];
    const how = switchFor(key);
    return [
      `${key} ${saved} (the configuration now says ${configured}${how ? `; ${how} to switch` : ''})`,
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
