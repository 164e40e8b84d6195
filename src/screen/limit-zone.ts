// Which time zone a reset time printed without one is read in, and how zone names found in banners
// ("America/New_York", "UTC", "GMT-3", "Etc/GMT+5") become zones luxon understands.
import { FixedOffsetZone, IANAZone, Info } from 'luxon';
import { err, ok, type Result } from '../util/result.js';

export interface ZoneSources {
  /** `launch classify --tz` (or any caller's explicit choice); an invalid one is an error. */
  readonly flag?: string | null;
  /** LIMIT_TZ / `limitTz` from the settings (already validated there). */
  readonly limitTz?: string | null;
  /** The TZ environment variable; skipped when it is not a zone luxon knows. */
  readonly envTz?: string | null;
  /** The machine's zone; injected so tests do not depend on where they run. */
  readonly systemZone?: () => string;
}

export const systemZoneName = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The zone for times printed without one: `--tz` > LIMIT_TZ > TZ > the system zone. Only the flag
 * can fail (the user typed it for this command); a TZ the machine tolerates but luxon does not
 * know (":America/New_York", "EST5EDT"-style rules) falls through to the system zone.
 */
export function resolveLimitZone(sources: ZoneSources): Result<string, string> {
  const flag = sources.flag?.trim();
  if (flag) {
    const zone = normalizeZoneName(flag);
    return zone
      ? ok(zone)
      : err(`--tz must be an IANA time zone such as America/New_York, got "${flag}"`);
  }
  for (const candidate of [sources.limitTz, sources.envTz?.replace(/^:/, '')]) {
    const zone = candidate ? normalizeZoneName(candidate.trim()) : null;
    if (zone) return ok(zone);
  }
  const system = normalizeZoneName((sources.systemZone ?? systemZoneName)());
  return ok(system ?? 'UTC');
}

/**
 * A zone name luxon accepts, or null. Banners write fixed offsets as "GMT-3" or "UTC+5:30";
 * luxon spells those "UTC-3" / "UTC+5:30". IANA names ("Asia/Calcutta", "Etc/GMT+5") pass as is.
 */
export function normalizeZoneName(name: string): string | null {
  const cached = zoneCache.get(name);
  if (cached !== undefined) return cached;
  const zone = normalize(name);
  // Checking a zone builds an Intl.DateTimeFormat (~0.1 ms); panes are read every tick.
  if (zoneCache.size >= ZONE_CACHE_SIZE) zoneCache.clear();
  zoneCache.set(name, zone);
  return zone;
}

const ZONE_CACHE_SIZE = 256;
const zoneCache = new Map<string, string | null>();

function normalize(name: string): string | null {
  const text = name.trim();
  if (text === '' || text.length > 64) return null;
  const offset = /^(?:UTC|GMT|Z)\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?$/i.exec(text);
  if (offset) {
    if (!offset[1]) return 'UTC';
    const hours = Number(offset[2]);
    const minutes = offset[3] ? Number(offset[3]) : 0;
    if (hours > 14 || minutes > 59) return null;
    const spec = `UTC${offset[1]}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
    return FixedOffsetZone.parseSpecifier(spec) ? spec : null;
  }
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(text)) return null;
  return IANAZone.isValidZone(text) && Info.normalizeZone(text).isValid ? text : null;
}
