// A usage limit read out of a transcript's error entry: the limit texts the clients write (Claude
// Code 2.1.197's hJ()/xfp() messages and its older epoch form, Gemini CLI 0.61.0's quota dialog
// message), their reset read against the moment the entry was written, and the look-alikes that
// are not limits.
import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../src/evidence/transcript-entries.js';
import { limitOf } from '../../src/evidence/transcript-limit.js';

const AT = Date.parse('2026-12-06T12:00:00Z');
const error = (text: string): TranscriptEntry => ({
  kind: 'error',
  at: AT,
  text,
  limit: null,
  code: 'rate_limit',
});

describe('limitOf', () => {
  it('reads a dated reset in the zone the text names', () => {
    expect(
      limitOf(
        error("You've hit your weekly limit · resets Dec 9, 9am (Europe/Berlin)"),
        'claude',
        AT,
        'UTC',
      ),
    ).toEqual({
      at: AT,
      text: "You've hit your weekly limit · resets Dec 9, 9am (Europe/Berlin)",
      resetAt: '2026-12-09T09:00:00+01:00',
    });
  });

  it('reads a time of day without a zone in the given zone, after the moment it was written', () => {
    // 12:00 UTC is 07:00 in New York: 3pm is later the same day.
    expect(
      limitOf(error("You've hit your Opus limit · resets 3pm"), 'claude', AT, 'America/New_York'),
    ).toMatchObject({ resetAt: '2026-12-06T15:00:00-05:00' });
    // Read long after: the reset is still the one of the day it was written, not tomorrow's.
    expect(
      limitOf(
        { ...error("You've hit your Opus limit · resets 3pm"), at: AT },
        'claude',
        AT + 86_400_000,
        'America/New_York',
      ),
    ).toMatchObject({ resetAt: '2026-12-06T15:00:00-05:00' });
  });

  it('reads the older epoch form behind an API error label', () => {
    expect(
      limitOf(error('API Error: Claude AI usage limit reached|1796569200'), 'claude', AT, 'UTC'),
    ).toMatchObject({ resetAt: '2026-12-06T15:00:00Z' });
  });

  it("reads Gemini's quota message as a limit", () => {
    const text =
      'Usage limit reached for gemini-2.5-pro.\n/stats model for usage details\n/model to switch models.';
    expect(limitOf(error(text), 'gemini', AT, 'UTC')).toEqual({
      at: AT,
      text: 'Usage limit reached for gemini-2.5-pro. /stats model for usage details /model to switch models.',
      resetAt: null,
    });
  });

  it('is null for errors that are not usage limits, and for entries that are not errors', () => {
    for (const text of [
      'API Error: Server is temporarily limiting requests (not your usage limit) · Rate limited',
      'Opus is experiencing high load, please use /model to switch to Sonnet',
      'Claude Opus limit reached, now using Sonnet 4',
      'Not logged in · Please run /login',
      "You've used 95% of your weekly limit · resets Dec 9, 9am (Europe/Berlin)",
    ])
      expect(limitOf(error(text), 'claude', AT, 'UTC'), text).toBeNull();
    expect(
      limitOf(
        { kind: 'assistant', at: AT, text: "You've hit your limit · resets 3pm" },
        'claude',
        AT,
        'UTC',
      ),
    ).toBeNull();
  });
});
