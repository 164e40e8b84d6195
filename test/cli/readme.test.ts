import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.js';
import { renderEnvTable } from '../../src/config/env-table.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('has the environment table the settings schema renders', () => {
    const table = /<!-- env-table:start -->\n([\s\S]*?)\n<!-- env-table:end -->/.exec(readme)?.[1];
    expect(table, 'run `node scripts/env-table.mjs` and paste its output').toBe(renderEnvTable());
  });

  it('documents every command in its command table', async () => {
    const program = await createProgram({
      env: {},
      cwd: '/',
      io: { out: () => undefined, err: () => undefined, isTTY: false, color: false },
      now: () => new Date(0),
      launchBin: '/bin/false',
    });
    for (const command of program.commands) {
      expect(readme, `README lacks \`launch ${command.name()}\``).toContain(
        `| \`launch ${command.name()}`,
      );
    }
  });
});
