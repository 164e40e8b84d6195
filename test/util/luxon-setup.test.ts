// The locale luxon is told without asking Intl must be the one Intl would have given: checked
// against a real Node.js process with each environment.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { knownEnglishLocale } from '../../src/util/luxon-setup.js';

function intlLocale(env: Record<string, string>): string {
  return execFileSync(
    process.execPath,
    ['-e', 'process.stdout.write(new Intl.DateTimeFormat().resolvedOptions().locale)'],
    { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' },
  );
}

describe('knownEnglishLocale', () => {
  const english: Record<string, string>[] = [
    {},
    { LANG: 'C.UTF-8' },
    { LANG: 'C' },
    { LANG: 'POSIX' },
    { LANG: 'en_US.UTF-8' },
    { LANG: 'de_DE.UTF-8', LC_ALL: 'C.UTF-8' },
    { LANG: 'de_DE.UTF-8', LC_MESSAGES: 'en_US.UTF-8' },
  ];
  it.each(english)('says en-US only where Intl says en-US too: %o', (env) => {
    expect(knownEnglishLocale(env)).toBe('en-US');
    expect(intlLocale(env)).toBe('en-US');
  });

  const other: Record<string, string>[] = [
    { LANG: 'de_DE.UTF-8' },
    { LANG: 'en_GB.UTF-8' },
    { LANG: 'C.UTF-8', LC_MESSAGES: 'fr_FR.UTF-8' },
    { LANG: 'C.UTF-8', LC_ALL: 'de_DE.UTF-8' },
    { LANG: '' },
  ];
  it.each(other)('leaves any other locale to Intl: %o', (env) => {
    expect(knownEnglishLocale(env)).toBeNull();
  });
});
