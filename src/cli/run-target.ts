// Which run a command acts on when one is named (`launch status shop`, `--run shop`,
// `launch logs shop:builder`): the registry entry, turned into the run flags (plan dir, log dir,
// socket, prefix) every command already understands. Unnamed: the plan dir here, as before.
import type { Command } from 'commander';
import type { PartialSettings } from '../config/sources.js';
import { lookupRun, machineRuns } from '../fleet/machine-runs.js';
import type { RunEntry } from '../fleet/registry.js';
import { HOSTS_UNSUPPORTED, parseRoleRef, parseRunRef, type RunRef } from '../fleet/run-ref.js';
import { CliError, EXIT_USAGE } from '../util/errors.js';
import type { CliDeps } from './context.js';
import { givenRunFlags } from './given-flags.js';

/** The run named on the command line: `positional` (e.g. `launch status shop`) or global --run. */
export function namedRun(command: Command, positional: string | null | undefined): RunRef | null {
  const flag = command.optsWithGlobals<{ run?: string }>().run;
  const given = positional ?? undefined;
  if (flag !== undefined && given !== undefined && flag !== given)
    throw new CliError(
      `two runs named: ${JSON.stringify(given)} and --run ${JSON.stringify(flag)}; give one`,
      EXIT_USAGE,
    );
  const text = given ?? flag;
  if (text === undefined) return null;
  const ref = parseRunRef(text);
  if (!ref.ok) throw new CliError(ref.error, EXIT_USAGE);
  return ref.value;
}

/**
 * The local registry entry for `ref`. A host: the `hosts` module takes over there; without it, a
 * usage error. An unknown name: "no run named X (did you mean Y?)", exit 2.
 */
export function localRun(deps: CliDeps, ref: RunRef): RunEntry {
  if (ref.host !== null)
    throw new CliError(`${HOSTS_UNSUPPORTED} (${ref.host}:${ref.run})`, EXIT_USAGE);
  const read = machineRuns(deps.env, deps.now());
  for (const note of read.notes) deps.io.err(`launch: ${note}\n`);
  const found = lookupRun(read.entries, ref.run);
  if (!found.ok) throw new CliError(found.error, EXIT_USAGE);
  return found.value;
}

/** The run flags for the named run, or null when none is named (the plan dir here). */
export function runTargetFlags(
  deps: CliDeps,
  command: Command,
  positional: string | null | undefined,
): PartialSettings | null {
  const ref = namedRun(command, positional);
  if (ref === null) return null;
  const flags = givenRunFlags(deps.argv ?? []).filter(
    (word, index) => index % 2 === 0 && word !== '--run',
  );
  if (flags.length > 0)
    throw new CliError(
      `a run name and ${flags.join(', ')} both say which run; give one`,
      EXIT_USAGE,
    );
  const entry = localRun(deps, ref);
  return {
    planDir: entry.planDir,
    logDir: entry.logDir,
    tmuxSocket: entry.socket,
    sessionPrefix: entry.sessionPrefix,
  };
}

/** `shop:builder` → the role and the run named with it (null: none named there). */
export function splitRoleRef(text: string): { readonly role: string; readonly run: string | null } {
  const ref = parseRoleRef(text);
  if (!ref.ok) throw new CliError(ref.error, EXIT_USAGE);
  if (ref.value.host !== null)
    throw new CliError(
      `${HOSTS_UNSUPPORTED} (${ref.value.host}:${ref.value.run ?? ''})`,
      EXIT_USAGE,
    );
  return { role: ref.value.role, run: ref.value.run };
}

/** deps whose hints name the run given positionally (`launch start --resume --run shop`). */
export function withRunHint(deps: CliDeps, run: string | null | undefined): CliDeps {
  if (run === null || run === undefined || (deps.argv ?? []).includes('--run')) return deps;
  return { ...deps, argv: [...(deps.argv ?? []), '--run', run] };
}
