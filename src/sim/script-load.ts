// Reads a sim script file and picks the steps for a role and phase; a bad file is one line naming
// the file, line:column and JSON path, what was expected and what came.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { Role } from '../config/roles.js';
import { showValue } from '../util/errors.js';
import { parseLocatedJson, showJsonPath } from '../util/json-location.js';
import { err, ok, type Result } from '../util/result.js';
import { closestWord } from '../util/suggest.js';
import { DEFAULT_SCRIPT } from './default-script.js';
import {
  type RoleScript,
  simScriptObject,
  fileWriteSchema,
  quirksSchema,
  roleScriptSchema,
  simScriptSchema,
  STEP_KINDS,
  STEP_SCHEMAS,
  type Quirks,
  type ScreenStyle,
  type SimScript,
  type Step,
} from './script-schema.js';

export function loadSimScript(file: string): Result<SimScript, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return err(
      code === 'ENOENT'
        ? `${file}: no such sim script file`
        : `${file}: cannot read: ${(cause as Error).message}`,
    );
  }
  return parseSimScript(text, file);
}

/** Parses script text; `file` only names the source in messages. */
export function parseSimScript(text: string, file: string): Result<SimScript, string> {
  const located = parseLocatedJson(text);
  if (!located.ok) {
    const { line, column, message } = located.error;
    return err(`${file}:${line}:${column}: ${message}`);
  }
  const { value, locate } = located.value;
  const parsed = simScriptSchema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  // A mistyped key explains the missing value that comes with it, so it is reported first.
  const issues = parsed.error.issues;
  const issue = issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? issues[0];
  if (issue === undefined) return err(`${file}: invalid sim script`);
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  const keyIssue = issue.code === 'unrecognized_keys';
  // A missing value has no position of its own: point at the nearest enclosing value instead.
  let where = keyIssue ? [...path, issue.keys[0] ?? ''] : path;
  while (!keyIssue && where.length > 0 && valueAt(value, where) === undefined)
    where = where.slice(0, -1);
  const position = locate(where, keyIssue ? 'key' : 'value');
  return err(`${file}:${position.line}:${position.column}: ${describeIssue(issue, path, value)}`);
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

/** The keys an object at `path` may have, for "did you mean" hints. */
function allowedKeys(root: unknown, path: readonly (string | number)[]): readonly string[] {
  if (path.length === 0) return Object.keys(simScriptObject.shape);
  if (path.length === 1) return Object.keys(roleScriptSchema.shape);
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === 'quirks') return Object.keys(quirksSchema.shape);
  if (typeof last === 'number' && parent === 'files') return Object.keys(fileWriteSchema.shape);
  const kind = (valueAt(root, path) as { do?: unknown } | undefined)?.do;
  if (typeof kind === 'string' && kind in STEP_SCHEMAS)
    return Object.keys(STEP_SCHEMAS[kind as keyof typeof STEP_SCHEMAS].shape);
  return [];
}

function describeIssue(
  issue: z.core.$ZodIssue,
  path: readonly (string | number)[],
  root: unknown,
): string {
  const name = path.length === 0 ? 'the script' : showJsonPath(path);
  const got = showValue(valueAt(root, path));
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const allowed = allowedKeys(root, path);
    // Abbreviations ("secs") are too far for the edit distance but obvious to a reader.
    const guess =
      closestWord(key, allowed) ??
      allowed.find(
        (name) => key.length >= 3 && name.toLowerCase().startsWith(key.toLowerCase().slice(0, 3)),
      );
    const hint = guess ? ` (did you mean "${guess}"?)` : ` (expected ${allowed.join(', ')})`;
    return `unknown key "${key}" in ${name}${hint}`;
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator === 'do') {
    const kind = valueAt(root, path);
    if (kind === undefined)
      return `${showJsonPath(path.slice(0, -1))} needs "do": one of ${STEP_KINDS.join(', ')}`;
    const guess = typeof kind === 'string' ? closestWord(kind, STEP_KINDS) : undefined;
    const hint = guess ? ` (did you mean "${guess}"?)` : '';
    return `${name} must be one of ${STEP_KINDS.join(', ')}, got ${showValue(kind)}${hint}`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'object') {
    const shape = path.length === 0 ? ' { "builder": …, "adversary": …, "orchestrator": … }' : '';
    return `${name} must be an object${shape}, got ${got}`;
  }
  if (issue.code === 'invalid_key') {
    const detail = issue.issues[0]?.message ?? issue.message;
    return `${showJsonPath(path.slice(0, -1))}: key ${showValue(path.at(-1))} ${detail}`;
  }
  const key = path.at(-1);
  if (valueAt(root, path) === undefined && path.length > 0 && typeof key === 'string') {
    const needs = issue.message.startsWith('must be ') ? `: ${issue.message.slice(8)}` : '';
    return `${showJsonPath(path.slice(0, -1))} needs "${key}"${needs}`;
  }
  // Every other message comes from the schema ("must be a positive number of seconds", ...).
  const sentence = issue.message.startsWith('must ')
    ? issue.message
    : `is invalid (${issue.message})`;
  return `${name} ${sentence}, got ${got}`;
}

/** The script of one role (not the file's `$schema` / `description`). */
function roleScriptOf(script: SimScript, role: Role): RoleScript | undefined {
  if (role === 'builder' || role === 'adversary' || role === 'orchestrator') return script[role];
  return script.roles && Object.hasOwn(script.roles, role) ? script.roles[role] : undefined;
}

/** The steps and quirks a role follows in a phase, and where they came from (for the transcript). */
export interface RoleProgram {
  readonly steps: readonly Step[];
  readonly quirks: Quirks;
  readonly source: string;
  readonly screen: ScreenStyle;
  /** Run the client hooks (signals); false: the role is silent, like an unwired client. */
  readonly signals: boolean;
}

/**
 * Picks the role's steps: `phases[<id>]`, else `phases["#<index+1>"]`, else `steps`, else none.
 * A role the file does not mention follows the bundled default.
 */
export function selectProgram(
  script: SimScript | null,
  scriptName: string,
  role: Role,
  phase: { readonly id: string; readonly index: number },
): RoleProgram {
  const fromFile = script ? roleScriptOf(script, role) : undefined;
  // A configured role the bundled script does not know (`builder-2`) follows its base role's steps.
  const roleScript =
    fromFile ??
    roleScriptOf(DEFAULT_SCRIPT, role) ??
    roleScriptOf(DEFAULT_SCRIPT, role.replace(/-\d+$/, ''));
  const source = fromFile ? scriptName : 'the bundled demo script';
  const quirks = roleScript?.quirks ?? {};
  const style = { screen: roleScript?.screen ?? 'claude', signals: roleScript?.signals ?? true };
  const byId = roleScript?.phases?.[phase.id];
  if (byId) return { steps: byId, quirks, source: `${source}, phase ${phase.id}`, ...style };
  const position = `#${phase.index + 1}`;
  const byPosition = roleScript?.phases?.[position];
  if (byPosition)
    return { steps: byPosition, quirks, source: `${source}, phase ${position}`, ...style };
  return { steps: roleScript?.steps ?? [], quirks, source, ...style };
}
