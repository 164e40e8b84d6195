// Reset times given as a wait rather than a clock time: Codex "try again in 4 days 6 hours 37
// minutes", Gemini "Your quota will reset after 4h28m20s" / "reset after 53s", opencode Go "It will
// reset in 5 days 10 hours". The words come from the banner; luxon does the arithmetic.
import { Duration } from 'luxon';

/** "try again in", "reset(s) after", "reset(s) in", "retry in", "available again in" + the wait. */
const WAIT =
  /\b(?:try\s+again|resets?|retry(?:ing)?|available\s+again)\s+(?:in|after)\s+((?:\d{1,6}(?:\.\d{1,3})?\s*(?:days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![a-z])[\s,]*(?:and\s+)?){1,4})/i;

const PART =
  /(\d{1,6}(?:\.\d{1,3})?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![a-z])/gi;

/** The wait a banner names, or null when it names none. */
export function findWait(text: string): Duration | null {
  const match = WAIT.exec(text);
  const spec = match?.[1];
  if (!spec) return null;
  const parts = { days: 0, hours: 0, minutes: 0, seconds: 0 };
  for (const part of spec.matchAll(PART)) {
    const amount = Number(part[1]);
    const unit = (part[2] ?? '').toLowerCase();
    if (unit.startsWith('d')) parts.days += amount;
    else if (unit.startsWith('h')) parts.hours += amount;
    else if (unit.startsWith('m')) parts.minutes += amount;
    else parts.seconds += amount;
  }
  const wait = Duration.fromObject(parts);
  return wait.isValid ? wait : null;
}
