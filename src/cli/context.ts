// What every command needs: the process facts (env, cwd, io, clock) and the settings resolved from
// the global flags, loaded once and turned into a one-line error when they are wrong.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createTmux, type Tmux } from '../adapters/tmux.js';
import { statusZone } from '../status/status-zone.js';
import { loadSettings, type LoadedSettings } from '../config/resolve.js';
import type { FieldKey, Settings } from '../config/fields.js';
import { CONFIG_FILE_NAME, type PartialSettings } from '../config/sources.js';
import { loadPhases, MANIFEST_PATH, type PhaseSequence } from '../phases/manifest.js';
import { CliError, EXIT_USAGE } from '../util/errors.js';
import type { CliIo } from './io.js';
import { runTargetFlags } from './run-target.js';
import { hasRunState } from './stop-report.js';

export interface CliDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly io: CliIo;
  readonly now: () => Date;
  /** Absolute path of the `launch` executable, for sessions that must run it again (the watchdog). */
  readonly launchBin: string;
  /** The command line `launch` was given (after the executable), when it runs as its own process. */
  readonly argv?: readonly string[];
  /** Resolves when the user asks a long-running view to stop (Ctrl-C); tests inject their own. */
  readonly interrupted?: () => Promise<void>;
  /** stdin is a terminal (attach needs one); default: process.stdin.isTTY. */
  readonly stdinIsTTY?: boolean;
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

/** The key commander stores a flag's value under: `--plan-dir` → `planDir`, `--socket` → `socket`. */
export const flagAttribute = (name: string): string =>
  name.replace(/^--/, '').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

export function flagSettings(options: GlobalOptions): PartialSettings {
  const flags: Record<string, unknown> = {};
  // Read by the flag's own name, not the settings key: `--socket` is `tmuxSocket`, `--prefix` is
  // `sessionPrefix` (reading the key ignored both, and a run meant for a private socket went to
  // the user's default tmux server).
  for (const { key, name } of GLOBAL_FLAGS) {
    const value = options[flagAttribute(name)];
    if (value !== undefined) flags[key] = value;
  }
  return flags;
}

/** Throws the one-line configuration error (exit 2) for a failed load. */
export function failWith(problems: readonly string[], exitCode = EXIT_USAGE): never {
  throw new CliError(problems.join('\n'), exitCode);
}

export const NOT_A_PLAN_DIR = 'not a plan dir: cd to one or pass --plan-dir';

/**
 * Whether `planDir` looks like a plan dir: it has launch.config.json or phases/phases.json, or the
 * phases come from PHASES_SPEC. A run's persisted settings count too (the plan dir is known).
 */
export function isPlanDir(settings: Pick<Settings, 'planDir' | 'phasesSpec'>): boolean {
  return (
    settings.phasesSpec !== null ||
    existsSync(join(settings.planDir, CONFIG_FILE_NAME)) ||
    existsSync(join(settings.planDir, MANIFEST_PATH))
  );
}

export function resolveSettings(
  deps: CliDeps,
  command: Command,
  options: {
    readonly usePersisted: boolean | 'only';
    /** false: the command works anywhere (doctor, classify); default: a plan dir is required. */
    readonly planDir?: boolean;
    /** A run named positionally (`launch status shop`); --run is read here for every command. */
    readonly run?: string | null;
  },
): LoadedSettings {
  // A named run (the registry's entry) decides the plan dir, log dir, socket and prefix.
  const runFlags = runTargetFlags(deps, command, options.run);
  const flagNames = Object.fromEntries(GLOBAL_FLAGS.map(({ key, name }) => [key, name]));
  const loaded = loadSettings({
    cwd: deps.cwd,
    env: deps.env,
    flags: { ...flagSettings(globalOptions(command)), ...runFlags },
    flagNames,
    usePersisted: options.usePersisted,
  });
  if (!loaded.ok) failWith(loaded.error);
  // A log dir a run has used counts too: its plan dir is known from it (or not needed to read it).
  const settings = loaded.value.settings;
  if (
    options.planDir !== false &&
    !loaded.value.fromRun &&
    !isPlanDir(settings) &&
    !hasRunState(settings.logDir)
  )
    failWith([`${NOT_A_PLAN_DIR} (${loaded.value.settings.planDir} has no ${CONFIG_FILE_NAME})`]);
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
  return statusZone(settings, env);
}
