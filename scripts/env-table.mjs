// Prints the README's environment table from the compiled field table: `node scripts/env-table.mjs`.
import { renderEnvTable } from '../dist/config/env-table.js';

process.stdout.write(`${renderEnvTable()}\n`);
