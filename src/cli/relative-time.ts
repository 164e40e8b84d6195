// Times for people: relative ("12m", "1h02m", "in 38m") and local clock times.
import { DateTime } from 'luxon';
import { instantOf, sameSystemDay, SYSTEM_ZONE, systemClock } from '../util/system-time.js';

import { duration } from '../util/duration.js';

export { duration };

export function since(iso: string | null, now: Date): string {
  return iso === null ? '' : duration(now.getTime() - Date.parse(iso));
}

export function until(iso: string, now: Date): string {
  const ms = Date.parse(iso) - now.getTime();
  return ms >= 0 ? `in ${duration(ms)}` : `${duration(-ms)} ago`;
}

/** A clock time in the zone; with the date when it is not today. */
export function clock(iso: string, zone: string, now: Date): string {
  if (zone === SYSTEM_ZONE) {
    const ms = instantOf(iso);
    if (ms !== null) {
      const today = sameSystemDay(ms, now.getTime());
      return systemClock(ms, { seconds: today, withDate: !today });
    }
  }
  const time = DateTime.fromISO(iso, { zone });
  const today = DateTime.fromJSDate(now, { zone }).hasSame(time, 'day');
  return time.toFormat(today ? 'HH:mm:ss' : 'LLL d HH:mm');
}
