// `--since` for people: a span back from now ("90s", "15m", "2h", "1d", "1h30m", ISO "PT2H") or a
// point in time ("2026-11-22T08:00", "2026-11-22"), read in the display zone.
import { DateTime, Duration } from 'luxon';
import { err, ok, type Result } from '../util/result.js';

const UNITS = { d: 'days', h: 'hours', m: 'minutes', s: 'seconds' } as const;
const COMPACT = /^(?:\d+(?:\.\d+)?[dhms])+$/;

/** The instant (ms since the epoch) `text` names, or why it names none. */
export function parseSince(text: string, now: Date, zone: string): Result<number, string> {
  const value = text.trim();
  if (COMPACT.test(value)) {
    const parts: Record<string, number> = {};
    for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)([dhms])/g)) {
      const key = UNITS[unit as keyof typeof UNITS];
      parts[key] = (parts[key] ?? 0) + Number(amount);
    }
    return ok(now.getTime() - Duration.fromObject(parts).toMillis());
  }
  if (/^P/i.test(value)) {
    const duration = Duration.fromISO(value.toUpperCase());
    if (duration.isValid) return ok(now.getTime() - duration.toMillis());
  }
  const instant = DateTime.fromISO(value, { zone });
  if (instant.isValid) return ok(instant.toMillis());
  return err(
    `--since must be a span such as 90s, 15m, 2h, 1d or 1h30m, or a time such as 2026-11-22T08:00, got ${JSON.stringify(text)}`,
  );
}
