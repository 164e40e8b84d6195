// The zod schemas built from the field table: the full settings object (persisted by `launch start`)
// and the config file (every key optional, unknown keys rejected), plus its JSON Schema for editors.
import { z } from 'zod';
import type { FieldSpec } from './field-spec.js';
import { FIELD_KEYS, FIELDS, type FieldKey, type Settings } from './fields.js';

function shapeOf<T>(make: (key: FieldKey) => T): Record<FieldKey, T> {
  return Object.fromEntries(FIELD_KEYS.map((key) => [key, make(key)])) as Record<FieldKey, T>;
}

let settings: z.ZodType<Settings> | null = null;
/**
 * Every setting, resolved. Used to check the run settings persisted in the log dir. A setting added
 * by a newer launch is missing from an older run's file: it takes its default rather than making
 * the whole file "damaged" (which would stop a `--run-settings` watchdog after an upgrade).
 * Built on first use, like the config file's schema: a command that reads no settings (help,
 * `signal`) does not pay for building them.
 */
export function settingsSchema(): z.ZodType<Settings> {
  settings ??= z.object(
    shapeOf((key) => {
      const spec: FieldSpec = FIELDS[key];
      return spec.default === undefined ? spec.schema : spec.schema.default(spec.default);
    }),
  ) as unknown as z.ZodType<Settings>;
  return settings;
}

function describe(key: FieldKey): string {
  const spec = FIELDS[key];
  const fallback =
    'default' in spec && spec.default !== undefined && spec.default !== null
      ? ` Default: ${JSON.stringify(spec.default)}.`
      : '';
  return `${spec.description} Env: ${spec.env}.${fallback}`;
}

/**
 * launch.config.json: the same fields, all optional; planDir is where the file lives, so not
 * settable. Only its JSON Schema uses it (the file is checked field by field in sources.ts).
 */
export function configFileSchema() {
  return z.strictObject({
    $schema: z.string().optional().describe('JSON Schema this file is validated against.'),
    ...shapeOf((key) => FIELDS[key].schema.optional().describe(describe(key))),
    planDir: z
      .never()
      .optional()
      .describe('Not settable here: the config file lives in the plan dir.'),
  });
}

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configFileSchema(), { io: 'input', unrepresentable: 'any' });
  const { planDir: _planDir, ...properties } = (schema.properties ?? {}) as Record<string, unknown>;
  return {
    ...schema,
    title: 'launch.config.json',
    description:
      'Run settings for `launch`; environment variables and command-line flags override them.',
    properties,
  };
}
