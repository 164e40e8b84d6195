// The zone times are shown in when a reset time gives none: LIMIT_TZ > TZ > the system zone.
import type { Settings } from '../config/fields.js';
import { resolveLimitZone } from '../screen/limit-zone.js';

export function statusZone(
  settings: Pick<Settings, 'limitTz'>,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const zone = resolveLimitZone({ limitTz: settings.limitTz, envTz: env.TZ ?? null });
  return zone.ok ? zone.value : 'UTC';
}
