// The Date-only clock and ISO helpers answer exactly what luxon answers in its 'system' zone, in
// zones east and west of UTC, across a daylight-saving change and a day boundary.
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { clock } from '../../src/cli/relative-time.js';
import { localTime } from '../../src/cli/event-lines.js';
import { withOffset } from '../../src/status/status-view.js';
import { instantOf, sameSystemDay, systemClock, systemIso } from '../../src/util/system-time.js';

const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns'];
const INSTANTS = [
  '2026-12-06T07:10:33.316Z',
  '2026-03-08T06:59:59.999Z', // just before New York springs forward
  '2026-03-08T07:00:00.000Z',
  '2026-11-01T05:30:00Z', // inside New York's repeated hour
  '2026-07-06T07:10:33.5+02:00',
  '2026-12-31T23:59:59.999-01:00',
];

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('system-zone time without luxon', () => {
  for (const zone of ZONES)
    it(`matches luxon's 'system' zone with TZ=${zone}`, () => {
      // Node.js takes a new TZ at run time; luxon's system zone reads Date's offsets too.
      process.env.TZ = zone;
      for (const iso of INSTANTS) {
        const ms = instantOf(iso);
        expect(ms).not.toBeNull();
        const luxon = DateTime.fromISO(iso, { zone: 'system' });
        expect(systemIso(ms as number), iso).toBe(luxon.toISO());
        expect(withOffset(iso, 'system'), iso).toBe(luxon.toISO());
        for (const reference of INSTANTS) {
          const other = DateTime.fromISO(reference, { zone: 'system' });
          const same = other.hasSame(luxon, 'day');
          expect(sameSystemDay(ms as number, instantOf(reference) as number)).toBe(same);
          expect(localTime(iso, 'system', reference)).toBe(
            luxon.toFormat(same ? 'HH:mm:ss' : 'LLL d HH:mm:ss'),
          );
          expect(clock(iso, 'system', new Date(reference))).toBe(
            luxon.toFormat(same ? 'HH:mm:ss' : 'LLL d HH:mm'),
          );
        }
        expect(localTime(iso, 'system')).toBe(luxon.toFormat('HH:mm:ss'));
      }
    });

  it('leaves what is not an ISO instant as it is, as the luxon path does', () => {
    for (const text of ['garbage', 'Dec 6 2026', '2026-13-45T99:00:00Z', '']) {
      expect(instantOf(text)).toBeNull();
      expect(withOffset(text, 'system')).toBe(text);
      expect(localTime(text, 'system')).toBe(text);
    }
    expect(withOffset(null, 'system')).toBeNull();
  });

  it('writes the short month name and pads every field', () => {
    process.env.TZ = 'UTC';
    expect(systemClock(Date.parse('2026-01-02T03:04:05Z'), { seconds: true, withDate: true })).toBe(
      'Jan 2 03:04:05',
    );
    expect(
      systemClock(Date.parse('2026-01-02T03:04:05Z'), { seconds: false, withDate: false }),
    ).toBe('03:04');
  });
});
