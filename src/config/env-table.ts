// The README's environment table, rendered from the field table so the two never disagree.
import type { FieldSpec } from './field-spec.js';
import { FIELD_KEYS, FIELDS } from './fields.js';

function shownDefault(spec: FieldSpec): string {
  if (
    !('default' in spec) ||
    spec.default === undefined ||
    spec.default === null ||
    spec.default === ''
  )
    return '';
  const value: unknown = spec.default;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : JSON.stringify(value);
}

export function renderEnvTable(): string {
  const rows = FIELD_KEYS.map((key) => {
    const spec: FieldSpec = FIELDS[key];
    const description = spec.description
      .replace(/\|/g, '\\|')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;');
    return `| \`${spec.env}\` | \`${key}\` | ${shownDefault(spec)} | ${description} |`;
  });
  return ['| variable | config key | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
