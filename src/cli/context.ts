// What every command needs: the process facts (env, cwd, io, clock) and the settings resolved from
// the global flags, loaded once and turned into a one-line error when they are wrong.
import type { Command } from 'commander';
import { createTmux, type Tmux } from '../adapters/tmux.js';
import { resolveLimitZone } from '../screen/limit-zone.js';
import { loadSettings, type LoadedSettings } from '../config/resolve.js';
import type { FieldKey, Settings } from '../config/fields.js';
import type { PartialSettings } from '../config/sources.js';
import { loadPhases, type PhaseSequence } from '../phases/manifest.js';
import { CliError, EXIT_USAGE } from '../util/errors.js';
import type { CliIo } from './io.js';

export interface CliDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly io: CliIo;
  readonly now: () => Date;
  /** Absolute path of the `launch` executable, for sessions that must run it again (the watchdog). */
  readonly launchBin: string;
  /** The command line `launch` was given (after the executable), when it runs as its own process. */
  readonly argv?: readonly string[];
}

/** Global flags and the setting each one sets. */
export const GLOBAL_FLAGS = [
  {
    flag: '--plan-dir <dir>',
    key: 'planDir',
    name: '--plan-dir',
    help: 'plan directory (default: current directory)',
  },
  {
    flag: '--log-dir <dir>',
    key: 'logDir',
    name: '--log-dir',
    help: 'state and logs (default: <plan dir>/.launch)',
  },
  {
    flag: '--builder-dir <dir>',
    key: 'builderDir',
    name: '--builder-dir',
    help: "the Builder's git clone",
  },
  { flag: '--adv-dir <dir>', key: 'advDir', name: '--adv-dir', help: "the Adversary's git clone" },
  {
    flag: '--backend <name>',
    key: 'backend',
    name: '--backend',
    help: 'claude | opencode | codex | gemini | sim',
  },
  {
    flag: '--socket <name>',
    key: 'tmuxSocket',
    name: '--socket',
    help: 'private tmux socket (tmux -L <name>)',
  },
  {
    flag: '--prefix <name>',
    key: 'sessionPrefix',
    name: '--prefix',
    help: 'session name prefix (default: loop)',
  },
] as const satisfies readonly { flag: string; key: FieldKey; name: string; help: string }[];

interface GlobalOptions {
  readonly verbose?: boolean;
  readonly [key: string]: unknown;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function flagSettings(options: GlobalOptions): PartialSettings {
  const flags: Record<string, unknown> = {};
  for (const { key } of GLOBAL_FLAGS) {
    if (options[key] !== undefined) flags[key] = options[key];
  }
  return flags;
}

/** Throws the one-line configuration error (exit 2) for a failed load. */
export function failWith(problems: readonly string[], exitCode = EXIT_USAGE): never {
  throw new CliError(problems.join('\n'), exitCode);
}

export function resolveSettings(
  deps: CliDeps,
  command: Command,
  options: { readonly usePersisted: boolean | 'only' },
): LoadedSettings {
  const flagNames = Object.fromEntries(GLOBAL_FLAGS.map(({ key, name }) => [key, name]));
  const loaded = loadSettings({
    cwd: deps.cwd,
    env: deps.env,
    flags: flagSettings(globalOptions(command)),
    flagNames,
    usePersisted: options.usePersisted,
  });
  if (!loaded.ok) failWith(loaded.error);
  for (const warning of loaded.value.warnings) deps.io.err(`launch: warning: ${warning}\n`);
  return loaded.value;
}

export function requirePhases(settings: Settings): PhaseSequence {
  const phases = loadPhases(settings);
  if (!phases.ok) failWith(phases.error);
  return phases.value;
}

/** The tmux adapter for this run's socket. */
export function tmuxFor(settings: Pick<Settings, 'tmuxSocket'>): Tmux {
  return createTmux({ socket: settings.tmuxSocket });
}

/** The zone for reset times printed without one: LIMIT_TZ > TZ > the system zone. */
export function limitZone(settings: Pick<Settings, 'limitTz'>, env: CliDeps['env']): string {
  const zone = resolveLimitZone({ limitTz: settings.limitTz, envTz: env.TZ ?? null });
  return zone.ok ? zone.value : 'UTC';
}
