// US time-zone abbreviations as clients print them after a clock time (Gemini CLI formats its reset
// with Intl "en-US" timeZoneName "short": "Access resets at 3:45 PM PDT."). An abbreviation names a
// fixed offset at that instant; the IANA zone behind it is used when it agrees with that offset on
// the date in question, so the calendar (a reset rolled to tomorrow across a DST change) stays right.
import type { DateTime } from 'luxon';

interface Abbreviation {
  readonly zone: string;
  /** Minutes east of UTC that the abbreviation stands for. */
  readonly offset: number;
}

/** The names Intl prints for the US zones in en-US (standard and daylight). */
const US: Readonly<Record<string, Abbreviation>> = {
  EST: { zone: 'America/New_York', offset: -300 },
  EDT: { zone: 'America/New_York', offset: -240 },
  CST: { zone: 'America/Chicago', offset: -360 },
  CDT: { zone: 'America/Chicago', offset: -300 },
  MST: { zone: 'America/Denver', offset: -420 },
  MDT: { zone: 'America/Denver', offset: -360 },
  PST: { zone: 'America/Los_Angeles', offset: -480 },
  PDT: { zone: 'America/Los_Angeles', offset: -420 },
  AKST: { zone: 'America/Anchorage', offset: -540 },
  AKDT: { zone: 'America/Anchorage', offset: -480 },
  HST: { zone: 'Pacific/Honolulu', offset: -600 },
  HDT: { zone: 'America/Adak', offset: -540 },
};

/** The alternation for a regex: the longest first so "AKDT" is not read as a partial match. */
export const US_ABBREVIATIONS = Object.keys(US)
  .sort((a, b) => b.length - a.length)
  .join('|');

export function isUsAbbreviation(text: string): boolean {
  return Object.hasOwn(US, text.toUpperCase());
}

/**
 * The zone to read a clock time written with `abbreviation` in, near `now`: the IANA zone when its
 * offset then is the one the abbreviation names ("PDT" in July → America/Los_Angeles), else the
 * fixed offset ("MST" in July is Arizona, which keeps UTC-7 all year; "EST" printed in summer).
 * Null when the abbreviation is unknown.
 */
export function zoneForAbbreviation(abbreviation: string, now: DateTime): string | null {
  const entry = US[abbreviation.toUpperCase()];
  if (!entry) return null;
  if (now.setZone(entry.zone).offset === entry.offset) return entry.zone;
  const hours = Math.trunc(Math.abs(entry.offset) / 60);
  const minutes = Math.abs(entry.offset) % 60;
  const sign = entry.offset < 0 ? '-' : '+';
  return `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}
