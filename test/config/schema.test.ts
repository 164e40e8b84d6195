import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIELD_KEYS } from '../../src/config/fields.js';
import { configJsonSchema } from '../../src/config/schema.js';

describe('JSON Schema for launch.config.json', () => {
  const schema = configJsonSchema();
  const properties = schema.properties as Record<string, { description?: string }>;

  it('describes every setting except planDir and rejects unknown keys', () => {
    expect(Object.keys(properties).sort()).toEqual(
      ['$schema', ...FIELD_KEYS.filter((key) => key !== 'planDir')].sort(),
    );
    expect(schema.additionalProperties).toBe(false);
    expect(properties.signalInterval?.description).toMatch(/SIGNAL_INTERVAL/);
  });

  it('is shipped up to date in schema/', () => {
    const shipped = JSON.parse(
      readFileSync(new URL('../../schema/launch.config.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(shipped).toEqual(schema);
  });
});
