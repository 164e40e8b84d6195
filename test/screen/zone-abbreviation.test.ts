import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { findReset } from '../../src/screen/reset-time.js';
import { zoneForAbbreviation } from '../../src/screen/zone-abbreviation.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });

describe('US zone abbreviations (Gemini CLI prints its reset with Intl en-US "short" names)', () => {
  it('maps each to its IANA zone when that zone keeps the same offset on the date', () => {
    expect(zoneForAbbreviation('PDT', at('2026-07-01T12:00:00Z'))).toBe('America/Los_Angeles');
    expect(zoneForAbbreviation('PST', at('2026-01-15T12:00:00Z'))).toBe('America/Los_Angeles');
    expect(zoneForAbbreviation('EDT', at('2026-07-01T12:00:00Z'))).toBe('America/New_York');
    expect(zoneForAbbreviation('CST', at('2026-01-15T12:00:00Z'))).toBe('America/Chicago');
    expect(zoneForAbbreviation('MDT', at('2026-07-01T12:00:00Z'))).toBe('America/Denver');
    expect(zoneForAbbreviation('AKDT', at('2026-07-01T12:00:00Z'))).toBe('America/Anchorage');
    expect(zoneForAbbreviation('HST', at('2026-07-01T12:00:00Z'))).toBe('Pacific/Honolulu');
  });

  it('falls back to the fixed offset the abbreviation names when the zone was not on it', () => {
    // Arizona prints MST all summer; EST in July is not New York's time then.
    expect(zoneForAbbreviation('MST', at('2026-07-01T12:00:00Z'))).toBe('UTC-7');
    expect(zoneForAbbreviation('EST', at('2026-07-01T12:00:00Z'))).toBe('UTC-5');
    expect(zoneForAbbreviation('XST', at('2026-07-01T12:00:00Z'))).toBeNull();
  });

  it('reads "Access resets at 3:45 PM PDT." in Los Angeles, whatever the supervisor zone', () => {
    const reset = findReset(
      'Usage limit reached for gemini-2.5-pro. Access resets at 3:45 PM PDT.',
      {
        now: at('2026-06-01T20:00:00Z').setZone('Asia/Tokyo'),
        zone: 'Asia/Tokyo',
      },
    );
    expect(reset?.source).toBe('time-with-zone');
    expect(reset?.at.toISO({ suppressMilliseconds: true })).toBe(
      '2026-06-01T15:45:00.000-07:00'.replace('.000', ''),
    );
    expect(reset?.at.toUTC().toISO()).toBe('2026-06-01T22:45:00.000Z');
  });

  it('keeps a reset rolled to the next day on the zone’s wall clock across the DST change', () => {
    // 2026-11-01 (US DST ends): at 03:00 PST a banner written the evening before says 1:30 AM PST.
    const reset = findReset('Access resets at 1:30 AM PST.', {
      now: DateTime.fromISO('2026-11-01T03:00:00', { zone: 'America/Los_Angeles' }),
      zone: 'UTC',
    });
    expect(reset?.at.toISO({ suppressMilliseconds: true })).toBe('2026-11-02T01:30:00-08:00');
  });
});
