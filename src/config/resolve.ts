// Merges the setting sources in order — defaults < launch.config.json < run settings persisted by
// `launch start` < environment < command-line flags — and fills the defaults that depend on other
// settings (paths under the plan dir).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { err, ok, type Result } from '../util/result.js';
import { FIELD_KEYS, FIELDS, type FieldKey, type Settings } from './fields.js';
import { settingsSchema } from './schema.js';
import { teamProblems, type TeamProblem } from './team.js';
import { showJsonPath } from '../util/json-location.js';
import {
  locateNearest,
  readConfigFileLayer,
  readEnvLayer,
  readFlagLayer,
  type Layer,
  type PartialSettings,
} from './sources.js';

export const RUN_SETTINGS_FILE = 'run-settings.json';

export interface LoadOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly flags?: PartialSettings;
  /** How each flag is spelled on the command line, for messages. */
  readonly flagNames?: Partial<Record<FieldKey, string>>;
  /**
   * Layer in the settings `launch start` persisted (every command but start itself). 'only': use
   * them verbatim, ignoring the environment and config file — for the watchdog `launch start`
   * spawns, whose tmux server environment may be anyone's.
   */
  readonly usePersisted?: boolean | 'only';
}

export interface LoadedSettings {
  readonly settings: Settings;
  readonly warnings: readonly string[];
  /** True when the persisted run settings of a `launch start` were layered in. */
  readonly fromRun: boolean;
}

function absolutize(values: PartialSettings, baseDir: string): PartialSettings {
  const out: Record<string, unknown> = { ...values };
  for (const key of FIELD_KEYS) {
    const value = out[key];
    if ('isPath' in FIELDS[key] && typeof value === 'string') out[key] = resolve(baseDir, value);
  }
  // A role's dir, prompt and kickoff are paths too: relative to the plan dir in the config file.
  if (Array.isArray(values.roles))
    out.roles = values.roles.map((role) => ({
      ...role,
      dir: resolve(baseDir, role.dir),
      ...(role.prompt === undefined ? {} : { prompt: resolve(baseDir, role.prompt) }),
      ...(role.kickoff === undefined ? {} : { kickoff: resolve(baseDir, role.kickoff) }),
    }));
  return out;
}

function merge(layers: readonly Layer[]): PartialSettings {
  return Object.assign(
    {},
    ...layers.map((layer) => absolutize(layer.values, layer.baseDir)),
  ) as PartialSettings;
}

function staticDefaults(): PartialSettings {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_KEYS) {
    const spec = FIELDS[key];
    if ('default' in spec) out[key] = spec.default;
  }
  return out;
}

function readPersisted(logDir: string): { values: PartialSettings | null; warning?: string } {
  const file = join(logDir, RUN_SETTINGS_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { values: null };
  }
  try {
    const parsed = settingsSchema().safeParse(JSON.parse(text));
    if (parsed.success) return { values: parsed.data };
  } catch {
    // fall through to the warning: a damaged file must not stop `launch stop` or `status`.
  }
  return {
    values: null,
    warning: `${file} is damaged and was ignored; \`launch start\` rewrites it`,
  };
}

export function loadSettings(options: LoadOptions): Result<LoadedSettings, string[]> {
  const { cwd, env } = options;
  const envLayer = readEnvLayer(env, cwd);
  const flagLayer = readFlagLayer(options.flags ?? {}, options.flagNames ?? {}, cwd);
  const early = [...(envLayer.ok ? [] : envLayer.error), ...(flagLayer.ok ? [] : flagLayer.error)];
  if (!envLayer.ok || !flagLayer.ok) return err(early);

  const planDir = resolve(
    cwd,
    flagLayer.value.values.planDir ?? envLayer.value.values.planDir ?? '.',
  );
  // The current directory (or PLAN_DIR) is checked by no layer of its own: a newline in it would
  // otherwise surface as a dump of every path derived from it.
  if (/[\u0000-\u001f\u007f]/.test(planDir))
    return err([
      `the plan dir ${JSON.stringify(planDir)} holds a control character (a newline?); launch types paths into agent sessions, so rename the folder`,
    ]);
  const fileLayer = readConfigFileLayer(planDir);
  if (!fileLayer.ok) return err(fileLayer.error);

  const layers: Layer[] = [
    { values: { ...staticDefaults(), planDir }, baseDir: planDir },
    fileLayer.value,
  ];
  const warnings: string[] = [];
  let fromRun = false;
  if (options.usePersisted === 'only') {
    const logDir = withDerivedDefaults(merge([...layers, flagLayer.value])).logDir as string;
    const persisted = readPersisted(logDir);
    if (persisted.values) {
      const parsed = settingsSchema().safeParse(persisted.values);
      if (parsed.success) return ok({ settings: parsed.data, warnings: [], fromRun: true });
    }
    return err([
      `${join(logDir, RUN_SETTINGS_FILE)}: ${persisted.warning ?? 'no run settings; start with `launch start`'}`,
    ]);
  }
  if (options.usePersisted) {
    const soFar = withDerivedDefaults(merge([...layers, envLayer.value, flagLayer.value]));
    const persisted = readPersisted(soFar.logDir as string);
    if (persisted.warning) warnings.push(persisted.warning);
    if (persisted.values) {
      layers.push({ values: persisted.values, baseDir: planDir });
      fromRun = true;
    }
  }
  layers.push(envLayer.value, flagLayer.value);

  const parsed = settingsSchema().safeParse(withDerivedDefaults(merge(layers)));
  if (!parsed.success) {
    // Each source was checked on its own; reaching this means a default is wrong: a bug.
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))];
    throw new Error(`settings failed validation after merging (${fields.join(', ')}): a bug`);
  }
  // The team as a whole (names, sessions, routes) can only be checked once every source is in.
  const team = teamProblems(parsed.data);
  if (team.length > 0)
    return err(team.map((problem) => describeTeamProblem(problem, layers, envLayer.value)));
  return ok({ settings: parsed.data, warnings, fromRun });
}

/** One line for a team problem: at its line:column when the config file set that key. */
function describeTeamProblem(
  problem: TeamProblem,
  layers: readonly Layer[],
  envLayer: Layer,
): string {
  const key = problem.path[0];
  const fromEnv = (key === 'roles' || key === 'routes') && envLayer.values[key] !== undefined;
  if (fromEnv) return `${FIELDS[key].env}: ${showJsonPath(problem.path)}: ${problem.message}`;
  const file = layers.find(
    (layer) =>
      layer.source !== undefined && (key === 'roles' || key === 'routes') && layer.values[key],
  )?.source;
  if (file === undefined || problem.path.length === 0) return problem.message;
  const at = locateNearest(file.locate, [...problem.path]);
  return `${file.file}:${at.line}:${at.column}: "${showJsonPath(problem.path)}": ${problem.message}`;
}

function withDerivedDefaults(values: PartialSettings): PartialSettings {
  const planDir = values.planDir ?? '.';
  // With a configured team, the phase status file and handoff git are read in the first role's clone.
  const builderDir = values.builderDir ?? values.roles?.[0]?.dir ?? planDir;
  return {
    ...values,
    builderDir,
    advDir: values.advDir ?? builderDir,
    logDir: values.logDir ?? join(planDir, '.launch'),
    orchWakePrompt: values.orchWakePrompt ?? join(planDir, 'prompts', 'wake.md'),
  };
}

/** Saves the resolved settings for every later command and the watchdog (`launch start` does this). */
export function persistRunSettings(
  settings: Settings,
  write: (file: string, text: string) => void,
): void {
  write(join(settings.logDir, RUN_SETTINGS_FILE), `${JSON.stringify(settings, null, 2)}\n`);
}
