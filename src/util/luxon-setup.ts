// luxon's global settings for launch's processes; imported first by the CLI entry. When the
// environment names US English (or C / POSIX, which ICU reads as en-US), luxon is told so instead
// of asking Intl: Intl's first use loads ICU's locale data, about 30 ms of a `launch status` that
// takes 100. Any other locale is left to Intl, as before, so no text changes.
import { Settings } from 'luxon';

const LOCALE_VARIABLES = ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const;

/**
 * 'en-US' when ICU certainly derives en-US from this environment (the first of LC_ALL, LC_MESSAGES,
 * LANG that is set is C, POSIX or en_US, with any charset; or none is set); null when unsure.
 */
export function knownEnglishLocale(
  env: Readonly<Record<string, string | undefined>>,
): 'en-US' | null {
  for (const name of LOCALE_VARIABLES) {
    const value = env[name];
    if (value === undefined) continue;
    return /^(?:C|POSIX|en_US)(?:\.[A-Za-z0-9_-]+)?$/.test(value) ? 'en-US' : null;
  }
  return 'en-US';
}

const known = knownEnglishLocale(process.env);
if (known !== null) Settings.defaultLocale = known;
