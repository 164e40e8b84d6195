// Writes schema/launch.config.schema.json from the compiled zod schema (run by `npm run build`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { configJsonSchema } from '../dist/config/schema.js';

const target = new URL('../schema/launch.config.schema.json', import.meta.url);
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
