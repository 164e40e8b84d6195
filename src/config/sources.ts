// Reads raw setting values from each source (config file, environment, command-line flags) and
// checks each value against its field, so an error names exactly where the bad value came from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { showValue } from '../util/errors.js';
import { parseLocatedJson, showJsonPath, type Position } from '../util/json-location.js';
import { err, ok, type Result } from '../util/result.js';
import { closestWord } from '../util/suggest.js';
import type { FieldSpec } from './field-spec.js';
import { FIELD_KEYS, FIELDS, type FieldKey, type Settings } from './fields.js';
import { issueSentence } from './team-schema.js';
import { CONFIG_FILE_NAME } from './config-file-name.js';

export type PartialSettings = { -readonly [K in FieldKey]?: Settings[K] };

/** One source's contribution, with the base directory its relative paths are read against. */
export interface Layer {
  readonly values: PartialSettings;
  readonly baseDir: string;
  /** The config file's name and a way to place a path in it (team problems found after merging). */
  readonly source?: { readonly file: string; readonly locate: Locate };
}

export { CONFIG_FILE_NAME };

/** Keys the config file may not set: they locate the config file itself. */
const NOT_IN_FILE: ReadonlySet<FieldKey> = new Set(['planDir']);

function isFieldKey(key: string): key is FieldKey {
  return Object.hasOwn(FIELDS, key);
}

function check(key: FieldKey, value: unknown): { ok: true; value: unknown } | { ok: false } {
  const parsed = FIELDS[key].schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
}

/** Environment variables (empty ones count as unset, as most tools treat them). */
export function readEnvLayer(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Result<Layer, string[]> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of FIELD_KEYS) {
    const spec = FIELDS[key];
    const raw = env[spec.env];
    if (raw === undefined || raw === '') continue;
    const checked = check(key, spec.parseEnv(raw));
    if (checked.ok) values[key] = checked.value;
    else problems.push(`${spec.env} must be ${spec.expects}, got ${showValue(raw)}`);
  }
  return problems.length > 0 ? err(problems) : ok({ values: values, baseDir: cwd });
}

/** Values given as command-line flags, keyed by setting; `flagNames` maps them back for messages. */
export function readFlagLayer(
  flags: PartialSettings,
  flagNames: Partial<Record<FieldKey, string>>,
  cwd: string,
): Result<Layer, string[]> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of FIELD_KEYS) {
    const raw: unknown = flags[key];
    if (raw === undefined) continue;
    const checked = check(key, raw);
    if (checked.ok) values[key] = checked.value;
    else
      problems.push(
        `${flagNames[key] ?? key} must be ${FIELDS[key].expects}, got ${showValue(raw)}`,
      );
  }
  return problems.length > 0 ? err(problems) : ok({ values: values, baseDir: cwd });
}

/** Keys whose problems are named down to the element (`roles[2].backend`), with its line:column. */
const TEAM_KEYS: ReadonlySet<FieldKey> = new Set(['roles', 'routes']);

type Locate = (path: (string | number)[], at?: 'key' | 'value') => Position;

/** Where `path` is in the file, or the nearest enclosing value that is there (a missing key). */
export function locateNearest(locate: Locate, path: readonly (string | number)[]): Position {
  const root = locate([]);
  for (let length = path.length; length > 0; length--) {
    const at = locate(path.slice(0, length));
    if (at.line !== root.line || at.column !== root.column) return at;
  }
  return root;
}

function teamIssue(file: string, locate: Locate, key: FieldKey, raw: unknown): string {
  const parsed = FIELDS[key].schema.safeParse(raw);
  const issue = parsed.success ? undefined : parsed.error.issues[0];
  if (issue === undefined || issue.path.length === 0) {
    const at = locate([key]);
    const spec: FieldSpec = FIELDS[key];
    return `${file}:${at.line}:${at.column}: "${key}" must be ${spec.expectsInFile ?? spec.expects}, got ${showValue(raw)}`;
  }
  const path = [key, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))];
  const at = locateNearest(locate, path);
  return `${file}:${at.line}:${at.column}: "${showJsonPath(path)}" ${issueSentence(issue)}`;
}

/** `<planDir>/launch.config.json`; a missing file is an empty layer, not an error. */
export function readConfigFileLayer(planDir: string): Result<Layer, string[]> {
  const file = join(planDir, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
      return ok({ values: {}, baseDir: planDir });
    return err([`${file}: cannot read: ${(cause as Error).message}`]);
  }
  const parsed = parseLocatedJson(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    return err([`${file}:${line}:${column}: ${message}`]);
  }
  const { value, locate } = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return err([`${file}:1:1: expected a JSON object of settings, got ${showValue(value)}`]);
  }
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (key === '$schema') continue;
    if (!isFieldKey(key) || NOT_IN_FILE.has(key)) {
      const at = locate([key], 'key');
      const where = `${file}:${at.line}:${at.column}`;
      if (isFieldKey(key)) {
        problems.push(
          `${where}: "${key}" cannot be set in the config file; use --plan-dir or PLAN_DIR`,
        );
        continue;
      }
      const guess = closestWord(key, FIELD_KEYS);
      problems.push(
        `${where}: unknown key "${key}"` +
          (guess ? ` (did you mean "${guess}"?)` : ' (see launch.config.schema.json for the keys)'),
      );
      continue;
    }
    const checked = check(key, raw);
    if (checked.ok) values[key] = checked.value;
    else if (TEAM_KEYS.has(key)) {
      problems.push(teamIssue(file, locate, key, raw));
    } else {
      const at = locate([key]);
      const spec: FieldSpec = FIELDS[key];
      problems.push(
        `${file}:${at.line}:${at.column}: "${key}" must be ${spec.expectsInFile ?? spec.expects}, got ${showValue(raw)}`,
      );
    }
  }
  return problems.length > 0
    ? err(problems)
    : ok({ values: values, baseDir: planDir, source: { file, locate } });
}
