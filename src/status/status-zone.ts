// The zone times are shown in when a reset time gives none: LIMIT_TZ > TZ > the system zone.
import type { Settings } from '../config/fields.js';
import { normalizeZoneName, resolveLimitZone } from '../screen/limit-zone.js';

export function statusZone(
  settings: Pick<Settings, 'limitTz'>,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const zone = resolveLimitZone({ limitTz: settings.limitTz, envTz: env.TZ ?? null });
  return zone.ok ? zone.value : 'UTC';
}

/**
 * The zone `launch status` and `launch ls` show times in: LIMIT_TZ when it names a zone, else
 * luxon's 'system' zone, which is the machine's local time as Date keeps it (TZ included). Asking
 * Intl for the system zone's name is the first use of ICU in a status and costs it about 25 ms;
 * the clock times and offsets it prints are the same either way.
 */
export function displayZone(settings: Pick<Settings, 'limitTz'>): string {
  return (settings.limitTz ? normalizeZoneName(settings.limitTz) : null) ?? 'system';
}
