// Loads the phase sequence: phases/phases.json (or the PHASES_SPEC string), reporting every problem
// at once with file:line:column so `launch phases validate` can list them all.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { showValue } from '../util/errors.js';
import { parseLocatedJson } from '../util/json-location.js';
import { err, ok, type Result } from '../util/result.js';
import {
  PHASE_FIELD_EXPECTS,
  phaseIdSchema,
  planPathSchema,
  statusNameSchema,
  type Phase,
} from './phase.js';

export const MANIFEST_PATH = join('phases', 'phases.json');

export interface PhaseSequence {
  readonly phases: readonly Phase[];
  /** Where the sequence came from: the manifest path or "PHASES_SPEC". */
  readonly source: string;
}

const FIELD_SCHEMAS = {
  id: phaseIdSchema,
  plan: planPathSchema,
  status: statusNameSchema,
} as const;
type PhaseField = keyof typeof FIELD_SCHEMAS;
const PHASE_FIELDS = Object.keys(FIELD_SCHEMAS) as PhaseField[];

/** Every well-formed phase found, and every problem, so validation can report all of them at once. */
export interface PhaseInspection {
  readonly phases: readonly Phase[];
  readonly problems: readonly string[];
  readonly source: string;
}

const strict = (inspection: PhaseInspection): Result<PhaseSequence, string[]> =>
  inspection.problems.length > 0
    ? err([...inspection.problems])
    : ok({ phases: inspection.phases, source: inspection.source });

/** Reads phases.json from the plan dir. Missing plan files are not checked here (see validate). */
export function loadManifest(planDir: string): Result<PhaseSequence, string[]> {
  return strict(inspectManifest(planDir));
}

export function inspectManifest(planDir: string): PhaseInspection {
  const inspection = (problems: string[], phases: Phase[] = []): PhaseInspection => ({
    phases,
    problems,
    source: file,
  });
  const file = join(planDir, MANIFEST_PATH);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return inspection([`${file}: no phase manifest; run \`launch init\` or set PHASES_SPEC`]);
    }
    return inspection([`${file}: cannot read: ${(cause as Error).message}`]);
  }
  const parsed = parseLocatedJson(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    return inspection([`${file}:${line}:${column}: ${message}`]);
  }
  const { value, locate } = parsed.value;
  const at = (path: (string | number)[], where: 'key' | 'value' = 'value') => {
    const pos = locate(path, where);
    return `${file}:${pos.line}:${pos.column}`;
  };
  if (!Array.isArray(value)) {
    return inspection([
      `${at([])}: expected an array of phases [{ "id", "plan", "status" }], got ${describeType(value)}`,
    ]);
  }
  if (value.length === 0) return inspection([`${at([])}: the manifest lists no phases`]);

  const problems: string[] = [];
  const phases: Phase[] = [];
  const firstSeen = new Map<string, number>();
  value.forEach((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(
        `${at([index])}: phase ${index + 1} must be an object { "id", "plan", "status" }, got ${showValue(entry)}`,
      );
      return;
    }
    const record = entry as Record<string, unknown>;
    let valid = true;
    for (const key of Object.keys(record)) {
      if (!(PHASE_FIELDS as string[]).includes(key)) {
        problems.push(
          `${at([index, key], 'key')}: unknown key "${key}" in phase ${index + 1} (expected id, plan, status)`,
        );
        valid = false;
      }
    }
    for (const key of PHASE_FIELDS) {
      if (!(key in record)) {
        problems.push(
          `${at([index])}: phase ${index + 1} is missing "${key}" (${PHASE_FIELD_EXPECTS[key]})`,
        );
        valid = false;
      } else if (!FIELD_SCHEMAS[key].safeParse(record[key]).success) {
        problems.push(
          `${at([index, key])}: "${key}" must be ${PHASE_FIELD_EXPECTS[key]}, got ${showValue(record[key])}`,
        );
        valid = false;
      }
    }
    if (!valid) return;
    const { id, plan, status } = record as { id: string; plan: string; status: string };
    const earlier = firstSeen.get(id);
    if (earlier !== undefined)
      problems.push(`${at([index, 'id'])}: duplicate phase id "${id}" (also phase ${earlier + 1})`);
    else firstSeen.set(id, index);
    phases.push({
      id,
      plan,
      status,
      planPath: resolve(planDir, 'phases', plan),
      // Placing it takes a parse tree of the file (jsonc-parser); only a message about the phase
      // reads it, so a valid manifest is read with JSON.parse alone.
      get origin() {
        return at([index, 'plan']);
      },
    });
  });
  return inspection(problems, phases);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : showValue(value);
}

const specEntrySchema = z.tuple([phaseIdSchema, planPathSchema, statusNameSchema]);

/**
 * PHASES_SPEC="id|plan|status;id|plan|status" — the original launcher's format, kept for
 * compatibility. Plan paths are relative to the plan dir, as they were there.
 */
export function parsePhasesSpec(spec: string, planDir: string): Result<PhaseSequence, string[]> {
  return strict(inspectPhasesSpec(spec, planDir));
}

export function inspectPhasesSpec(spec: string, planDir: string): PhaseInspection {
  const entries = spec
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    return {
      phases: [],
      problems: ['PHASES_SPEC lists no phases; expected "id|plan|status;id|plan|status"'],
      source: 'PHASES_SPEC',
    };
  }
  const problems: string[] = [];
  const phases: Phase[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const parts = entry.split('|').map((part) => part.trim());
    const checked = specEntrySchema.safeParse(parts);
    if (!checked.success) {
      problems.push(
        `PHASES_SPEC entry ${index + 1} must be "id|plan|status" with ${describeSpecProblem(parts)}, got ${showValue(entry)}`,
      );
      return;
    }
    const [id, plan, status] = checked.data;
    if (seen.has(id)) problems.push(`PHASES_SPEC entry ${index + 1}: duplicate phase id "${id}"`);
    seen.add(id);
    phases.push({
      id,
      plan,
      status,
      planPath: resolve(planDir, plan),
      origin: `PHASES_SPEC entry ${index + 1}`,
    });
  });
  return { phases, problems, source: 'PHASES_SPEC' };
}

function describeSpecProblem(parts: string[]): string {
  if (parts.length !== 3) return `3 parts separated by "|" (found ${parts.length})`;
  const [id = '', , status = ''] = parts;
  if (!phaseIdSchema.safeParse(id).success) return `id ${PHASE_FIELD_EXPECTS.id}`;
  if (!statusNameSchema.safeParse(status).success) return `status ${PHASE_FIELD_EXPECTS.status}`;
  return 'a plan path';
}

type PhaseSettings = { readonly planDir: string; readonly phasesSpec: string | null };

/** The sequence in force, leniently: PHASES_SPEC when set, else the manifest. */
export function inspectPhases(settings: PhaseSettings): PhaseInspection {
  return settings.phasesSpec !== null
    ? inspectPhasesSpec(settings.phasesSpec, settings.planDir)
    : inspectManifest(settings.planDir);
}

/** The sequence in force; any problem fails it. */
export function loadPhases(settings: PhaseSettings): Result<PhaseSequence, string[]> {
  return strict(inspectPhases(settings));
}
