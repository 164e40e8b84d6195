// Clock times and ISO instants in the machine's own zone (luxon's 'system' zone: what Date keeps,
// TZ included) through Date alone. luxon answers the same, but each DateTime it builds costs a short
// command such as `launch status`, which prints a dozen of them, measurable time.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const SYSTEM_ZONE = 'system';

const two = (value: number): string => String(value).padStart(2, '0');

/** The instant of an ISO text, or null when it is none (what luxon's fromISO would not read). */
export function instantOf(iso: string): number | null {
  // Date reads more shapes than ISO 8601 ("Dec 6 2026"); launch's files hold ISO only, and a
  // text that is not even a date stays itself, as with luxon.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso)) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** `2026-12-06T02:10:33.316-05:00`, as luxon's toISO() writes it in the system zone. */
export function systemIso(ms: number): string {
  const date = new Date(ms);
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}` +
    `T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}` +
    `.${String(date.getMilliseconds()).padStart(3, '0')}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
  );
}

/** True when both instants fall on one local calendar day. */
export function sameSystemDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return (
    x.getFullYear() === y.getFullYear() &&
    x.getMonth() === y.getMonth() &&
    x.getDate() === y.getDate()
  );
}

/** luxon's `HH:mm:ss` (seconds) or `HH:mm`, after `LLL d ` (`Dec 6 `) when `withDate`. */
export function systemClock(ms: number, options: { seconds: boolean; withDate: boolean }): string {
  const date = new Date(ms);
  const time = `${two(date.getHours())}:${two(date.getMinutes())}${options.seconds ? `:${two(date.getSeconds())}` : ''}`;
  return options.withDate ? `${MONTHS[date.getMonth()] ?? ''} ${date.getDate()} ${time}` : time;
}
