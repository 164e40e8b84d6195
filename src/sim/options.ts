// The sim agent's inputs: argv (`--role`, `--script`, `--look`, `--resume <id>`, `-- <kickoff>`) and the LAUNCH_* variables
// every agent session gets. Checked here; a bad value is one line naming the flag or variable.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { ROLES, type Role } from '../config/roles.js';
import { SIM_LOOKS, type SimLook } from './looks.js';
import { PHASE_ID_PATTERN, statusNameSchema } from '../phases/phase.js';
import { showValue } from '../util/errors.js';
import { err, ok, type Result } from '../util/result.js';

export interface SimOptions {
  readonly role: Role;
  readonly scriptFile: string | null;
  /** Claude Code's --settings file: the hooks the sim runs (null: no signals). */
  readonly settingsFile: string | null;
  readonly kickoff: string;
  /** `--resume <id>`: resume that conversation (no kickoff), as `claude --resume <id>` does. */
  readonly resumeId: string | null;
  readonly session: string;
  readonly phaseId: string;
  readonly phaseIndex: number;
  readonly statusFile: string;
  /** Where progress is kept; null (no LAUNCH_LOG_DIR) means a restart starts over. */
  readonly logDir: string | null;
  readonly tz: string | undefined;
  /** `--look <client>`: the real client whose screen the sim imitates (default claude). */
  readonly look: SimLook;
}

/** Any team's role name (roles are data); the three defaults are the usual ones. */
const ROLE_NAME = z.string().regex(/^[A-Za-z0-9_-]+$/);

/** The roles this sim may play: the defaults, and a configured team's (LAUNCH_TEAM, comma list). */
function knownRoles(env: Readonly<Record<string, string | undefined>>): [string, ...string[]] {
  const team = (env.LAUNCH_TEAM ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => ROLE_NAME.safeParse(name).success);
  return [...new Set([...ROLES, ...team])] as [string, ...string[]];
}

const ENV_FIELDS = {
  LAUNCH_ROLE: { schema: ROLE_NAME, expects: `one of ${ROLES.join(', ')}` },
  LAUNCH_SESSION: { schema: z.string().min(1), expects: 'a tmux session name' },
  LAUNCH_PHASE_ID: { schema: z.string().regex(PHASE_ID_PATTERN), expects: 'a phase id' },
  LAUNCH_PHASE_INDEX: {
    schema: z.string().regex(/^\d+$/).transform(Number),
    expects: 'a whole number (0 or more)',
  },
  LAUNCH_STATUS_FILE: { schema: statusNameSchema, expects: 'a file name (no "/")' },
  LAUNCH_LOG_DIR: { schema: z.string().min(1), expects: 'a directory path' },
  LAUNCH_KICKOFF_FILE: { schema: z.string().min(1), expects: 'a file path' },
} as const;
type EnvName = keyof typeof ENV_FIELDS;

function readEnv<N extends EnvName>(
  env: Readonly<Record<string, string | undefined>>,
  name: N,
): Result<z.output<(typeof ENV_FIELDS)[N]['schema']> | undefined, string> {
  const raw = env[name];
  // An empty variable counts as unset, as everywhere in launch.
  if (raw === undefined || raw.trim() === '') return ok(undefined);
  const parsed = ENV_FIELDS[name].schema.safeParse(raw.trim());
  if (!parsed.success)
    return err(`${name} must be ${ENV_FIELDS[name].expects}, got ${showValue(raw)}`);
  return ok(parsed.data as z.output<(typeof ENV_FIELDS)[N]['schema']>);
}

interface ParsedArgs {
  readonly role?: string;
  readonly script?: string;
  readonly settings?: string;
  readonly resume?: string;
  readonly look?: string;
  readonly kickoff: readonly string[];
}

function parseArgv(argv: readonly string[]): Result<ParsedArgs, string> {
  let problem: string | null = null;
  const program = new Command('agent')
    .option('--role <role>', `${ROLES.join(' | ')} (default: $LAUNCH_ROLE)`)
    .option('--script <file>', 'JSON sim script (default: the bundled demo script)')
    .option('--settings <file>', 'Claude Code settings file whose hooks the sim runs')
    .option('-r, --resume <id>', 'resume a conversation by its id (no kickoff)')
    .option('--look <client>', `the client whose screen to draw: ${SIM_LOOKS.join(' | ')}`)
    .argument('[kickoff...]', 'the kickoff prompt')
    .exitOverride()
    .configureOutput({
      writeOut: () => undefined,
      writeErr: (text) => {
        problem ??= text.trim().replace(/^error: /, '');
      },
    });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return err(problem ?? error.message);
    throw error;
  }
  const options = program.opts<{
    role?: string;
    script?: string;
    settings?: string;
    resume?: string;
    look?: string;
  }>();
  return ok({ ...options, kickoff: program.args });
}

export function parseSimOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Result<SimOptions, string> {
  const args = parseArgv(argv);
  if (!args.ok) return args;
  const values: Partial<{ [N in EnvName]: z.output<(typeof ENV_FIELDS)[N]['schema']> }> = {};
  for (const name of Object.keys(ENV_FIELDS) as EnvName[]) {
    const read = readEnv(env, name);
    if (!read.ok) return read;
    (values as Record<string, unknown>)[name] = read.value;
  }
  const envRole = values.LAUNCH_ROLE;
  if (envRole !== undefined && !knownRoles(env).includes(envRole))
    return err(
      `LAUNCH_ROLE must be one of ${knownRoles(env).join(', ')}, got ${showValue(env.LAUNCH_ROLE)}`,
    );
  let role: Role | undefined = envRole;
  if (args.value.role !== undefined) {
    const parsed = z.enum(knownRoles(env)).safeParse(args.value.role);
    if (!parsed.success)
      return err(
        `--role must be one of ${knownRoles(env).join(', ')}, got ${showValue(args.value.role)}`,
      );
    role = parsed.data;
  }
  if (role === undefined) return err('--role (or LAUNCH_ROLE) is required');
  if (args.value.script !== undefined && args.value.script.trim() === '')
    return err('--script must be a file path, got ""');
  if (args.value.settings !== undefined && args.value.settings.trim() === '')
    return err('--settings must be a file path, got ""');

  const look = z.enum(SIM_LOOKS).safeParse(args.value.look ?? 'claude');
  if (!look.success)
    return err(`--look must be one of ${SIM_LOOKS.join(', ')}, got ${showValue(args.value.look)}`);
  const resumeId = args.value.resume?.trim() ?? null;
  if (resumeId === '') return err('--resume must be a conversation id, got ""');
  let kickoff = args.value.kickoff.join(' ');
  // Resuming, there is no kickoff (one typed line says to go on).
  if (kickoff === '' && resumeId === null && values.LAUNCH_KICKOFF_FILE !== undefined) {
    try {
      kickoff = readFileSync(values.LAUNCH_KICKOFF_FILE, 'utf8');
    } catch (cause) {
      return err(
        `LAUNCH_KICKOFF_FILE: cannot read ${values.LAUNCH_KICKOFF_FILE}: ${(cause as Error).message}`,
      );
    }
  }
  const phaseId = values.LAUNCH_PHASE_ID ?? 'p1';
  return ok({
    role,
    scriptFile: args.value.script ?? null,
    settingsFile: args.value.settings ?? null,
    kickoff,
    resumeId,
    session: values.LAUNCH_SESSION ?? `sim-${role}`,
    phaseId,
    phaseIndex: values.LAUNCH_PHASE_INDEX ?? 0,
    statusFile: values.LAUNCH_STATUS_FILE ?? `STATUS-${phaseId}.md`,
    logDir: values.LAUNCH_LOG_DIR ?? null,
    tz: env.TZ,
    look: look.data,
  });
}
