// Every check `launch doctor` shows and `launch start` requires, each with a one-line fix.
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { teamOf } from '../config/team.js';
import { execa } from 'execa';
import type { Tmux } from '../adapters/tmux.js';
import { readLockHolder } from '../adapters/watchdog-lock.js';
import type { Settings } from '../config/fields.js';
import { checkPlanDir } from '../phases/validate.js';
import { which } from '../util/which.js';
import { backendFor } from './registry.js';
import { SIM_AGENT_ENTRY } from './sim.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  readonly status: CheckStatus;
  readonly label: string;
  /** What to do about a warning or failure. */
  readonly fix?: string;
}

const pass = (label: string): Check => ({ status: 'ok', label });
const fail = (label: string, fix: string): Check => ({ status: 'fail', label, fix });
const warn = (label: string, fix: string): Check => ({ status: 'warn', label, fix });

export interface PreflightContext {
  readonly settings: Settings;
  readonly tmux: Tmux;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

const MIN_TMUX = [3, 0] as const;

export function parseTmuxVersion(text: string): [number, number] | null {
  const match = /tmux (?:next-)?(\d+)\.(\d+)/.exec(text);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

async function checkTmux(context: PreflightContext): Promise<Check> {
  if (which('tmux', context.env, context.cwd) === null) {
    return fail(
      'tmux not found on PATH',
      'install tmux 3.0 or newer (e.g. `apt-get install tmux`)',
    );
  }
  const version = await context.tmux.version();
  const parsed = version.ok ? parseTmuxVersion(version.value) : null;
  if (!version.ok || parsed === null)
    return fail('tmux did not report its version', 'check that `tmux -V` works');
  const [major, minor] = parsed;
  if (major < MIN_TMUX[0] || (major === MIN_TMUX[0] && minor < MIN_TMUX[1])) {
    return fail(
      `${version.value} is too old`,
      'install tmux 3.0 or newer (sessions need `new-session -e`)',
    );
  }
  return pass(version.value);
}

async function checkGit(): Promise<Check> {
  const result = await execa('git', ['--version'], { reject: false, timeout: 10_000 }).catch(
    () => null,
  );
  if (result === null || result.exitCode !== 0) return fail('git not found on PATH', 'install git');
  return pass(String(result.stdout).trim());
}

function checkBackendBinary(context: PreflightContext): Check[] {
  const { settings } = context;
  const problems = (backendFor(settings.backend).preflight?.(settings) ?? []).map((problem) =>
    fail(problem, 'fix the file, or unset the setting that names it'),
  );
  if (settings.backend === 'sim') {
    return [
      existsSync(SIM_AGENT_ENTRY)
        ? pass(
            `sim agent ${SIM_AGENT_ENTRY}${settings.simScript ? ` with script ${settings.simScript}` : ''}`,
          )
        : fail(
            `sim agent missing at ${SIM_AGENT_ENTRY}`,
            'run `npm run build` in the launch checkout',
          ),
      ...problems,
    ];
  }
  const binary = backendFor(settings.backend).binary(settings);
  const found = which(binary, context.env, context.cwd);
  const variable = {
    claude: 'CLAUDE_BIN',
    opencode: 'OPENCODE_BIN',
    codex: 'CODEX_BIN',
    gemini: 'GEMINI_BIN',
  }[settings.backend];
  return [
    found
      ? pass(`${settings.backend} ${found}`)
      : fail(
          `${binary} not found${binary.includes('/') ? '' : ' on PATH'}`,
          `install it, or set ${variable}=/path/to/${settings.backend}`,
        ),
    ...problems,
  ];
}

function checkPlan(settings: Settings): Check[] {
  const { sequence, problems } = checkPlanDir(settings);
  if (problems.length === 0) {
    const count = sequence?.phases.length ?? 0;
    return [pass(`plan dir ${settings.planDir} — ${count} phase${count === 1 ? '' : 's'}`)];
  }
  return problems.map((problem) => fail(problem, 'fix it, then run `launch phases validate`'));
}

function checkDir(label: string, dir: string, variable: string): Check {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  return isDir
    ? pass(`${label} ${dir}`)
    : fail(`${label} ${dir} does not exist`, `create it, or set ${variable}`);
}

async function checkClone(label: string, dir: string, variable: string): Promise<Check> {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) return fail(`${label} ${dir} does not exist`, `create the clone, or set ${variable}`);
  const origin = await execa('git', ['-C', dir, 'remote', 'get-url', 'origin'], {
    reject: false,
    timeout: 10_000,
  }).catch(() => null);
  if (origin === null || origin.exitCode !== 0) {
    return warn(
      `${label} ${dir} is not a git clone with an "origin" remote`,
      'handoff pings need one: `git clone <origin> <dir>`',
    );
  }
  return pass(`${label} ${dir} (origin ${String(origin.stdout).trim()})`);
}

function checkLogDir(settings: Settings): Check {
  try {
    mkdirSync(settings.logDir, { recursive: true });
    accessSync(settings.logDir, constants.W_OK);
  } catch (cause) {
    return fail(
      `log dir ${settings.logDir} is not writable (${(cause as Error).message})`,
      'set LOG_DIR to a writable directory',
    );
  }
  const holder = readLockHolder(settings.logDir);
  return pass(
    `log dir ${settings.logDir} writable, ${holder ? `watchdog running (pid ${holder.pid})` : 'no watchdog running'}`,
  );
}

/** A configured team: each backend it uses checked once, each role's clone checked. */
async function teamChecks(context: PreflightContext): Promise<Check[]> {
  const { settings } = context;
  const team = teamOf(settings);
  const backends = [...new Set(team.map((role) => role.backend))];
  const binaries = backends.flatMap((backend) => {
    // A missing client names the roles that need it: a role's own "backend" outranks LOOP_BACKEND.
    const users = team.filter((role) => role.backend === backend).map((role) => role.name);
    return checkBackendBinary({ ...context, settings: { ...settings, backend } }).map((check) =>
      check.status === 'fail' && users.length > 0
        ? { ...check, label: `${check.label} (backend of ${users.join(', ')})` }
        : check,
    );
  });
  const dirs = [...new Map(team.map((role) => [role.dir, role])).values()];
  const clones = await Promise.all(
    dirs.map((role) =>
      // An orchestrator-kind role reads and supervises; it needs a clone only where the handoff
      // git and the status file are read (the plan dir, where the default Orchestrator runs, is none).
      role.kind === 'orchestrator' && role.dir !== settings.builderDir
        ? Promise.resolve(checkDir(`${role.name} dir`, role.dir, `roles[].dir of "${role.name}"`))
        : checkClone(`${role.name} dir`, role.dir, `roles[].dir of "${role.name}"`),
    ),
  );
  return [...binaries, ...clones];
}

export async function runPreflight(context: PreflightContext): Promise<Check[]> {
  const { settings } = context;
  if (settings.roles !== null)
    return [
      await checkTmux(context),
      await checkGit(),
      ...checkPlan(settings),
      ...(await teamChecks(context)),
      checkLogDir(settings),
    ];
  const clones = [checkClone('builder dir', settings.builderDir, 'BUILDER_DIR')];
  if (settings.advDir !== settings.builderDir)
    clones.push(checkClone('adversary dir', settings.advDir, 'ADV_DIR'));
  const sameClone =
    settings.advDir === settings.builderDir
      ? [
          warn(
            `Builder and Adversary share ${settings.builderDir}`,
            'give each its own clone (BUILDER_DIR, ADV_DIR) so they do not fight over one work tree',
          ),
        ]
      : [];
  return [
    await checkTmux(context),
    await checkGit(),
    ...checkBackendBinary(context),
    ...checkPlan(settings),
    ...(await Promise.all(clones)),
    ...sameClone,
    checkLogDir(settings),
  ];
}

export const failures = (checks: readonly Check[]): Check[] =>
  checks.filter((check) => check.status === 'fail');
