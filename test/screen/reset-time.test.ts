import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dialectFor } from '../../src/screen/dialects.js';
import { findReset, isTrusted } from '../../src/screen/reset-time.js';

/** The reset a text names, read at `now` in `zone`, as [ISO, source] or null. */
function reset(text: string, now: string, zone: string): [string | null, string] | null {
  const at = DateTime.fromISO(now, { setZone: true });
  const found = findReset(text, { now: at, zone });
  return found ? [found.at.toISO({ suppressMilliseconds: true }), found.source] : null;
}

describe('reset times (luxon)', () => {
  it.each([
    // [text, now, zone, expected ISO, source]
    [
      'resets 3am',
      '2026-07-04T01:00:00-04:00',
      'America/New_York',
      '2026-07-04T03:00:00-04:00',
      'time-local',
    ],
    [
      'resets 3am',
      '2026-07-04T03:00:00-04:00',
      'America/New_York',
      '2026-07-05T03:00:00-04:00',
      'time-local',
    ],
    [
      'resets 12am',
      '2026-07-04T22:00:00-04:00',
      'America/New_York',
      '2026-07-05T00:00:00-04:00',
      'time-local',
    ],
    [
      'resets 12pm',
      '2026-07-04T09:00:00-04:00',
      'America/New_York',
      '2026-07-04T12:00:00-04:00',
      'time-local',
    ],
    [
      'resets 12:50am (America/Los_Angeles)',
      '2026-07-03T22:40:00-07:00',
      'UTC',
      '2026-07-04T00:50:00-07:00',
      'time-with-zone',
    ],
    [
      'resets 11:30am (Asia/Calcutta)',
      '2026-07-04T09:00:00+05:30',
      'UTC',
      '2026-07-04T11:30:00+05:30',
      'time-with-zone',
    ],
    [
      'resets 3pm (America/New_York)',
      '2026-07-04T13:00:00+02:00',
      'Europe/Berlin',
      '2026-07-04T15:00:00-04:00',
      'time-with-zone',
    ],
    [
      'Your limit will reset at 1pm (Etc/GMT+5).',
      '2025-06-14T12:00:00-05:00',
      'UTC',
      '2025-06-14T13:00:00-05:00',
      'time-with-zone',
    ],
    [
      'Access resets at 10:57 PM GMT-3.',
      '2026-03-13T19:30:00-03:00',
      'UTC',
      '2026-03-13T22:57:00-03:00',
      'time-with-zone',
    ],
    [
      'resets 3:04pm (UTC)',
      '2026-05-01T13:30:00Z',
      'Asia/Tokyo',
      '2026-05-01T15:04:00Z',
      'time-with-zone',
    ],
    [
      'try again at 6:44 PM.',
      '2026-05-01T15:00:00-05:00',
      'America/Chicago',
      '2026-05-01T18:44:00-05:00',
      'time-local',
    ],
    [
      'resets Sep 21, 6pm (America/Toronto)',
      '2026-09-17T12:00:00-04:00',
      'UTC',
      '2026-09-21T18:00:00-04:00',
      'date',
    ],
    [
      'resets Oct 31, 9am',
      '2026-10-28T12:00:00+01:00',
      'Europe/Paris',
      '2026-10-31T09:00:00+01:00',
      'date',
    ],
    [
      'resets Sep 18 at 3am (America/Los_Angeles)',
      '2026-09-16T09:00:00-07:00',
      'UTC',
      '2026-09-18T03:00:00-07:00',
      'date',
    ],
    ['resets Jan 2, 7pm', '2026-12-30T10:00:00Z', 'UTC', '2027-01-02T19:00:00Z', 'date'],
    ['resets Dec 30, 7pm', '2027-01-02T10:00:00Z', 'UTC', '2026-12-30T19:00:00Z', 'date'],
    [
      'try again at Jun 18th, 2026 8:41 AM.',
      '2026-06-15T20:00:00+02:00',
      'Europe/Paris',
      '2026-06-18T08:41:00+02:00',
      'date',
    ],
    [
      'try again after September 6, 2026, 11:15.',
      '2026-08-30T10:00:00+08:00',
      'Asia/Shanghai',
      '2026-09-06T11:15:00+08:00',
      'date',
    ],
    [
      'resets Mon 12:00am',
      '2026-07-01T10:00:00-04:00',
      'America/New_York',
      '2026-07-06T00:00:00-04:00',
      'date',
    ],
    [
      'resets Wed 9am',
      '2026-07-01T08:00:00-04:00',
      'America/New_York',
      '2026-07-01T09:00:00-04:00',
      'date',
    ],
    [
      'resets Wed 9am',
      '2026-07-01T10:00:00-04:00',
      'America/New_York',
      '2026-07-08T09:00:00-04:00',
      'date',
    ],
    [
      'Your limit will reset at 2026-04-11 20:30:24',
      '2026-04-11T12:00:00Z',
      'Asia/Shanghai',
      '2026-04-11T20:30:24+08:00',
      'date',
    ],
    [
      'Claude AI usage limit reached|1762952400',
      '2025-11-11T16:40:06Z',
      'Asia/Kolkata',
      '2025-11-12T18:30:00+05:30',
      'epoch',
    ],
    [
      'or try again in 4 days 6 hours 37 minutes.',
      '2026-01-01T00:00:00Z',
      'UTC',
      '2026-01-05T06:37:00Z',
      'duration',
    ],
    [
      'Your quota will reset after 4h28m20s.',
      '2026-01-01T00:00:00Z',
      'UTC',
      '2026-01-01T04:28:20Z',
      'duration',
    ],
    [
      'Please retry, quota will reset after 53s',
      '2026-01-01T00:00:00Z',
      'UTC',
      '2026-01-01T00:00:53Z',
      'duration',
    ],
    [
      'It will reset in 5 days 10 hours.',
      '2026-01-01T00:00:00+02:00',
      'Africa/Johannesburg',
      '2026-01-06T10:00:00+02:00',
      'duration',
    ],
  ])('%s at %s (%s) → %s', (text, now, zone, iso, source) => {
    expect(reset(text, now, zone)).toEqual([iso, source]);
  });

  it('keeps the wall-clock time across a DST change', () => {
    // New York springs forward on 2026-03-08 at 2am: 3am that day is 7 h after 19:00 the day before.
    expect(reset('resets 3am', '2026-03-07T21:00:00-05:00', 'America/New_York')).toEqual([
      '2026-03-08T03:00:00-04:00',
      'time-local',
    ]);
  });

  it.each([
    ['resets 3pm (Mars/Olympus)', 'an unknown zone'],
    ['resets 25pm', 'an impossible hour'],
    ['resets 10:75am', 'impossible minutes'],
    ['resets Feb 30, 6pm', 'an impossible date'],
    ['try again at 10 de jul. de 2026, 11:52.', 'a localised date'],
    ['or wait for limits to reset (every 5h and every week.).', 'no time at all'],
  ])('%s is not read (%s)', (text) => {
    expect(reset(text, '2026-07-01T10:00:00Z', 'UTC')).toBeNull();
  });

  it('trusts a time of day up to 6 h ahead, dated/epoch/duration resets however far', () => {
    const now = DateTime.fromISO('2026-07-01T09:00:00Z', { setZone: true });
    const at = (hours: number) => now.plus({ hours });
    expect(isTrusted({ at: at(6), source: 'time-local' }, now)).toBe(true);
    expect(isTrusted({ at: at(6.02), source: 'time-local' }, now)).toBe(false);
    expect(isTrusted({ at: at(6.02), source: 'time-with-zone' }, now)).toBe(false);
    for (const source of ['date', 'epoch', 'duration'] as const) {
      expect(isTrusted({ at: at(24 * 6), source }, now), source).toBe(true);
    }
  });
});

describe('the 6-hour rule in a reading', () => {
  const classify = (pane: string, now: string, zone: string) =>
    dialectFor('claude').classify(pane, { now: new Date(now), zone });

  it('reports a stale time-of-day banner as limited with no reset, still quoting it', () => {
    expect(
      classify(
        '  ⎿  5-hour limit reached ∙ resets 3am',
        '2026-07-04T03:01:00-04:00',
        'America/New_York',
      ),
    ).toEqual({
      active: false,
      limited: true,
      resetAt: null,
      resetSource: null,
      fatal: false,
      waitingUntil: null,
      matched: '5-hour limit reached ∙ resets 3am',
      recognised: true,
    });
  });

  it('reads the zoneless time in the zone it is given (LIMIT_TZ / TZ / system)', () => {
    const pane = '  ⎿  Session limit reached ∙ resets 8pm';
    expect(classify(pane, '2026-07-04T10:00:00Z', 'Asia/Dhaka').resetAt).toBe(
      '2026-07-04T20:00:00+06:00',
    );
    expect(classify(pane, '2026-07-04T20:00:00Z', 'America/New_York').resetAt).toBe(
      '2026-07-04T20:00:00-04:00',
    );
  });

  it('trusts a dated weekly banner a week out', () => {
    const reading = classify(
      "  ⎿  You've hit your weekly limit · resets Sep 21, 6pm (America/Toronto)",
      '2026-09-14T19:00:00-04:00',
      'UTC',
    );
    expect(reading).toMatchObject({
      limited: true,
      resetAt: '2026-09-21T18:00:00-04:00',
      resetSource: 'date',
    });
  });
});
