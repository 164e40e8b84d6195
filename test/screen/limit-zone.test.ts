import { describe, expect, it } from 'vitest';
import { normalizeZoneName, resolveLimitZone } from '../../src/screen/limit-zone.js';

const system = () => 'Europe/Lisbon';

describe('the zone for times printed without one', () => {
  it('is --tz, else LIMIT_TZ, else TZ, else the system zone', () => {
    const all = {
      flag: 'Asia/Tokyo',
      limitTz: 'America/New_York',
      envTz: 'Europe/Berlin',
      systemZone: system,
    };
    expect(resolveLimitZone(all)).toEqual({ ok: true, value: 'Asia/Tokyo' });
    expect(resolveLimitZone({ ...all, flag: null })).toEqual({
      ok: true,
      value: 'America/New_York',
    });
    expect(resolveLimitZone({ ...all, flag: null, limitTz: null })).toEqual({
      ok: true,
      value: 'Europe/Berlin',
    });
    expect(resolveLimitZone({ systemZone: system })).toEqual({ ok: true, value: 'Europe/Lisbon' });
  });

  it('rejects a bad --tz with a sentence naming it', () => {
    expect(resolveLimitZone({ flag: 'Mars/Olympus', systemZone: system })).toEqual({
      ok: false,
      error: '--tz must be an IANA time zone such as America/New_York, got "Mars/Olympus"',
    });
  });

  it('skips a TZ luxon does not know, and accepts the POSIX ":Zone" form', () => {
    expect(resolveLimitZone({ envTz: 'EST5EDT,M3.2.0,M11.1.0', systemZone: system })).toEqual({
      ok: true,
      value: 'Europe/Lisbon',
    });
    expect(resolveLimitZone({ envTz: ':America/Chicago', systemZone: system })).toEqual({
      ok: true,
      value: 'America/Chicago',
    });
  });

  it('falls back to UTC when even the system zone is unusable', () => {
    expect(resolveLimitZone({ systemZone: () => 'Nowhere/Special' })).toEqual({
      ok: true,
      value: 'UTC',
    });
  });
});

describe('zone names in banners', () => {
  it.each([
    ['America/New_York', 'America/New_York'],
    ['Asia/Calcutta', 'Asia/Calcutta'],
    ['Etc/GMT+5', 'Etc/GMT+5'],
    ['UTC', 'UTC'],
    ['GMT', 'UTC'],
    ['GMT-3', 'UTC-3'],
    ['UTC+5:30', 'UTC+5:30'],
    ['gmt+14', 'UTC+14'],
  ])('%s → %s', (name, zone) => {
    expect(normalizeZoneName(name)).toBe(zone);
  });

  it.each(['Mars/Olympus', 'GMT+15', '', 'America/New York', '../../etc/passwd', 'x'.repeat(100)])(
    '%s is not a zone',
    (name) => {
      expect(normalizeZoneName(name)).toBeNull();
    },
  );
});
