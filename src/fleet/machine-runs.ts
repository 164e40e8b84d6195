// The registry of this machine as commands use it: read (repaired and rebuilt from the live
// watchdogs when a file is garbage) from $XDG_STATE_HOME/launch, and a run looked up by name with a
// "did you mean" for a typo.
import { closestWord } from '../util/suggest.js';
import { err, ok, type Result } from '../util/result.js';
import { findLiveRuns } from './live-runs.js';
import { readRegistry, type RegistryRead, type RunEntry } from './registry.js';
import { launchStateDir } from './state-dir.js';

export function machineRuns(
  env: Readonly<Record<string, string | undefined>>,
  now: Date,
): RegistryRead & { readonly stateDir: string } {
  const stateDir = launchStateDir(env);
  const read = readRegistry(stateDir, { now, findLive: () => findLiveRuns(stateDir, now) });
  return { ...read, stateDir };
}

/** The entry named `name`, or the one-line answer for a name no run has. */
export function lookupRun(entries: readonly RunEntry[], name: string): Result<RunEntry, string> {
  const entry = entries.find((candidate) => candidate.name === name);
  if (entry !== undefined) return ok(entry);
  const names = entries.map((candidate) => candidate.name);
  const guess = closestWord(name, names);
  if (guess !== undefined) return err(`no run named ${name} (did you mean ${guess}?)`);
  return err(
    names.length === 0
      ? `no run named ${name}: no run is registered on this machine (\`launch start\` in a plan dir registers one)`
      : `no run named ${name}; runs on this machine: ${names.join(', ')} (\`launch ls\`)`,
  );
}
