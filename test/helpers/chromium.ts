// Debian's Chromium for the browser tests: where it is and its flags (scripts/chromium-flags.mjs,
// shared with the README's screenshots), whether it is there, and where screenshots are kept.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROMIUM } from '../../scripts/chromium-flags.mjs';

export { CHROMIUM, CHROMIUM_FLAGS } from '../../scripts/chromium-flags.mjs';
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
export const haveChromium = existsSync(CHROMIUM);
