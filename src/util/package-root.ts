// Locates files shipped with launch (templates, schema, the sim agent) from src/ and dist/ alike.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package root: this file sits at <root>/{src,dist}/util/. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const packagePath = (...parts: string[]): string => join(PACKAGE_ROOT, ...parts);
