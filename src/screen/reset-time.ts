// Finds the reset instant a usage-limit banner names: a Unix epoch, a wait, an ISO-like date-time,
// a dated or weekday clock time, or a bare time of day, each with an optional zone. Regexes only
// locate the words; luxon parses them (month names, 12-hour clocks, zones) and does the calendar.
import { DateTime, type Duration } from 'luxon';
import { normalizeZoneName } from './limit-zone.js';
import { findWait } from './reset-duration.js';
import type { ResetSource } from './types.js';
import { isUsAbbreviation, US_ABBREVIATIONS, zoneForAbbreviation } from './zone-abbreviation.js';

export interface ResetContext {
  readonly now: DateTime;
  /** Zone for times printed without one. */
  readonly zone: string;
}

export interface FoundReset {
  readonly at: DateTime;
  readonly source: ResetSource;
}

/**
 * How far ahead a time-of-day-only reset may land and still be believed. Such banners come from
 * rolling windows (5 hours for Claude), so a fresh one is never much more than 5 h away; a time
 * that only fits by rolling to tomorrow means the banner is stale (its time already passed).
 */
export const TIME_OF_DAY_HORIZON_HOURS = 6;

/** The reset the text names, or null. Time-of-day results may be stale: see `isTrusted`. */
export function findReset(text: string, context: ResetContext): FoundReset | null {
  return (
    fromEpoch(text, context) ??
    fromWait(findWait(text), context) ??
    fromIsoLike(text, context) ??
    fromClockPhrase(text, context)
  );
}

/** Dated, epoch and duration resets are trusted however far away; times of day within 6 h. */
export function isTrusted(reset: FoundReset, now: DateTime): boolean {
  if (reset.source !== 'time-with-zone' && reset.source !== 'time-local') return true;
  return reset.at.diff(now, 'hours').hours <= TIME_OF_DAY_HORIZON_HOURS;
}

/** "Claude AI usage limit reached|1762952400": seconds since the epoch after a bar. */
function fromEpoch(text: string, context: ResetContext): FoundReset | null {
  const match = /\|\s*(\d{9,11})(?!\d)/.exec(text);
  if (!match) return null;
  const at = DateTime.fromSeconds(Number(match[1]), { zone: context.zone });
  return at.isValid ? { at, source: 'epoch' } : null;
}

function fromWait(wait: Duration | null, context: ResetContext): FoundReset | null {
  if (!wait) return null;
  const at = context.now.setZone(context.zone).plus(wait);
  return at.isValid ? { at, source: 'duration' } : null;
}

/** "Your limit will reset at 2026-04-11 20:30:24" (opencode / Z.ai), with or without an offset. */
function fromIsoLike(text: string, context: ResetContext): FoundReset | null {
  const match =
    /\b(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s?(Z|[+-]\d{2}(?::?\d{2})?)?(?![\d:])/.exec(
      text,
    );
  if (!match) return null;
  const iso = `${match[1]}T${match[2]}${match[3] ?? ''}`;
  const at = DateTime.fromISO(iso, { zone: context.zone, setZone: true });
  return at.isValid ? { at, source: 'date' } : null;
}

const TRIGGER =
  /\b(?:resets?|reset\s+at|try\s+again\s+(?:at|after)|available\s+again\s+at|access\s+resets\s+at)\s+(?:(?:at|on)\s+)?/gi;
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\\.?';
const WEEKDAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\\.?';
const CLOCK = '(\\d{1,2}(?::\\d{2})?\\s?[ap]\\.?m\\.?|\\d{1,2}:\\d{2})(?![\\d:])';
const ZONE = `(?:\\s*\\(([A-Za-z][\\w+\\-/:]{0,40})\\)|\\s+((?:UTC|GMT)(?:\\s?[+-]\\d{1,2}(?::?\\d{2})?)?|${US_ABBREVIATIONS})\\b)?`;
const DATED = new RegExp(
  `^${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?(?:,\\s*|\\s+at\\s+|\\s+)${CLOCK}${ZONE}`,
  'i',
);
const WEEKLY = new RegExp(`^${WEEKDAY},?\\s+(?:at\\s+)?${CLOCK}${ZONE}`, 'i');
const DAILY = new RegExp(`^${CLOCK}${ZONE}`, 'i');

/** "resets 3pm (America/New_York)", "resets Sep 21, 6pm", "resets Mon 12:00am", "try again at 6:44 PM". */
function fromClockPhrase(text: string, context: ResetContext): FoundReset | null {
  for (const trigger of text.matchAll(TRIGGER)) {
    const rest = text.slice(
      (trigger.index ?? 0) + trigger[0].length,
      (trigger.index ?? 0) + trigger[0].length + 80,
    );
    const found = dated(rest, context) ?? weekly(rest, context) ?? daily(rest, context);
    if (found !== undefined) return found;
  }
  return null;
}

/** A zone written in the banner, or the context zone; undefined when the banner's zone is unknown. */
function zoneOf(inParens: string | undefined, bare: string | undefined, context: ResetContext) {
  const written = inParens ?? bare;
  if (!written) return { zone: context.zone, written: false };
  const compact = written.replace(/\s+/g, '');
  // "3:45 PM PDT" (Gemini): a US abbreviation, read in its zone for the date, not as a zone name.
  const zone = isUsAbbreviation(compact)
    ? zoneForAbbreviation(compact, context.now)
    : normalizeZoneName(compact);
  return zone ? { zone, written: true } : undefined;
}

/** Hour and minute of "3pm", "11:30am", "6:44 PM", "12:00am", "23:15" (luxon reads the clock). */
function clock(text: string): { hour: number; minute: number } | null {
  const compact = text.replace(/[\s.]/g, '').toLowerCase();
  const cached = clocks.get(compact);
  if (cached !== undefined) return cached;
  let found: { hour: number; minute: number } | null = null;
  for (const format of ['h:mma', 'ha', 'H:mm']) {
    const parsed = DateTime.fromFormat(compact, format, { locale: 'en-US', zone: 'UTC' });
    if (parsed.isValid) {
      found = { hour: parsed.hour, minute: parsed.minute };
      break;
    }
  }
  // luxon compiles a format on every call; there are only so many clock readings.
  if (clocks.size >= 512) clocks.clear();
  clocks.set(compact, found);
  return found;
}

const clocks = new Map<string, { hour: number; minute: number } | null>();

// Each reader returns undefined when its shape does not match (try the next), null when it matched
// but could not be read (stop: an unknown zone must not fall back to another reading).
type Reading = FoundReset | null | undefined;

function dated(rest: string, context: ResetContext): Reading {
  const match = DATED.exec(rest);
  if (!match) return undefined;
  const [, month = '', day = '', year, time = '', zoneInParens, zoneBare] = match;
  const zone = zoneOf(zoneInParens, zoneBare, context);
  const hm = clock(time);
  if (!zone || !hm) return null;
  const now = context.now.setZone(zone.zone);
  const build = (y: number) =>
    DateTime.fromFormat(`${y} ${month.slice(0, 3)} ${Number(day)}`, 'yyyy MMM d', {
      locale: 'en-US',
      zone: zone.zone,
    }).set(hm);
  if (year) {
    const at = build(Number(year));
    return at.isValid ? { at, source: 'date' } : null;
  }
  // No year: the candidate nearest to now (a stale banner may name a date just past).
  const candidates = [now.year - 1, now.year, now.year + 1]
    .map(build)
    .filter((at) => at.isValid)
    .sort((a, b) => Math.abs(a.diff(now).toMillis()) - Math.abs(b.diff(now).toMillis()));
  const at = candidates[0];
  return at ? { at, source: 'date' } : null;
}

function weekly(rest: string, context: ResetContext): Reading {
  const match = WEEKLY.exec(rest);
  if (!match) return undefined;
  const [, weekday = '', time = '', zoneInParens, zoneBare] = match;
  const zone = zoneOf(zoneInParens, zoneBare, context);
  const hm = clock(time);
  const target = DateTime.fromFormat(weekday.slice(0, 3), 'EEE', { locale: 'en-US' });
  if (!zone || !hm || !target.isValid) return null;
  const now = context.now.setZone(zone.zone);
  let at = now.set({ ...hm, second: 0, millisecond: 0 });
  while (at.weekday !== target.weekday || at <= now) at = at.plus({ days: 1 }).set(hm);
  return { at, source: 'date' };
}

function daily(rest: string, context: ResetContext): Reading {
  const match = DAILY.exec(rest);
  if (!match) return undefined;
  const [, time = '', zoneInParens, zoneBare] = match;
  const zone = zoneOf(zoneInParens, zoneBare, context);
  const hm = clock(time);
  if (!zone || !hm) return null;
  const now = context.now.setZone(zone.zone);
  let at = now.set({ ...hm, second: 0, millisecond: 0 });
  // Already past (or now): the next occurrence; plus({days}) keeps the wall-clock time across DST.
  if (at <= now) at = at.plus({ days: 1 }).set(hm);
  return { at, source: zone.written ? 'time-with-zone' : 'time-local' };
}
