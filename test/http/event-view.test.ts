// The dashboard's words for events and times: the CLI's wording (event-lines), 24-hour local clock
// times, relative times in words, tones for colour, and why a watchdog stopped. Pure.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { eventView, stopWords } from '../../src/http/event-view.js';
import { relativeWords } from '../../src/http/relative-words.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';

const MIN = 60_000;

describe('relativeWords', () => {
  it.each([
    [0, 'just now'],
    [4_000, 'just now'],
    [-45_000, '45 s ago'],
    [38 * MIN, 'in 38 min'],
    [-2 * MIN - 10_000, '2 min ago'],
    [60 * MIN, 'in 1 h'],
    [-(62 * MIN), '1 h 2 min ago'],
    [47 * 60 * MIN, 'in 47 h'],
    [-(49 * 60 * MIN), '2 d 1 h ago'],
    [3 * 24 * 60 * MIN, 'in 3 d'],
  ])('%d ms → %s', (ms, words) => {
    expect(relativeWords(ms)).toBe(words);
  });

  it('is self-contained, so the page can run its source as is', () => {
    // In a fresh context: nothing from this module's scope is reachable, as in the browser.
    const run = (ms: number): unknown =>
      runInNewContext(`(${relativeWords.toString()})(${ms})`, {});
    expect(run(-2 * MIN)).toBe('2 min ago');
    expect(run(38 * MIN)).toBe('in 38 min');
  });
});

describe('eventView', () => {
  const zone = 'America/New_York';
  const today = '2026-03-02T19:00:00Z';

  it('says a phase change the way `launch events` does', () => {
    const view = eventView(
      { ts: '2026-03-02T18:04:05Z', type: 'phase-advanced', from: 'p1', to: 'p2' },
      zone,
      today,
    );
    expect(view).toMatchObject({
      time: '13:04:05',
      who: 'watchdog',
      label: 'phase done',
      detail: 'p1 DONE → p2',
      tone: 'good',
    });
  });

  it('says a limit with its end as a 24-hour local time, and names the instant ahead', () => {
    const event: LedgerEvent = {
      ts: '2026-03-02T19:21:07Z',
      type: 'limit-armed',
      role: 'adversary',
      until: '2026-03-02T20:00:45Z',
      resetAt: '2026-03-02T20:00:00Z',
      matched: "You've hit your limit · resets 3pm (America/New_York)",
    };
    const view = eventView(event, zone, today);
    expect(view.label).toBe('limited');
    expect(view.detail).toBe('until 15:00:45 (reset 15:00:00 + 45s)');
    expect(view.time).toBe('14:21:07');
    expect(view.tone).toBe('limit');
    expect(view.ahead).toBe('2026-03-02T20:00:45Z');
    expect(view.quote).toMatch(/hit your limit/);
  });

  it('colours restarts, failures and dead sessions apart from plain events', () => {
    const tone = (event: LedgerEvent) => eventView(event, 'UTC', today).tone;
    expect(tone({ ts: today, type: 'session-restarted', role: 'builder', reason: 'stall' })).toBe(
      'restart',
    );
    expect(tone({ ts: today, type: 'session-start-failed', role: 'builder' })).toBe('failure');
    expect(
      tone({ ts: today, type: 'session-state', role: 'builder', from: 'idle', to: 'dead' }),
    ).toBe('failure');
    expect(tone({ ts: today, type: 'handoff-ping', role: 'builder' })).toBe('plain');
  });

  it('shows the date of an event from another day', () => {
    const view = eventView({ ts: '2026-02-27T08:00:00Z', type: 'paused' }, 'UTC', today);
    expect(view.time).toBe('Feb 27 08:00:00');
  });

  it('quotes a dead pane’s last words under its restart, with the exit status in the words', () => {
    const view = eventView(
      {
        ts: today,
        type: 'session-restarted',
        role: 'builder',
        reason: 'dead',
        why: 'its program exited with status 3',
        matched: 'fatal: cannot open the database',
        exitStatus: 3,
        lastWords: 'fatal: cannot open the database',
      },
      'UTC',
      today,
    );
    expect(view.label).toBe('restarted (dead)');
    expect(view.detail).toBe('its program exited with status 3');
    expect(view.quote).toBe('fatal: cannot open the database');
  });

  it('strips terminal escapes from what panes and git wrote', () => {
    const view = eventView(
      {
        ts: today,
        type: 'handoff-ping',
        role: 'builder',
        reason: 'claim\u001b[31m(x)',
        detail: 'ok',
      },
      'UTC',
      today,
    );
    expect(view.detail).toBe('claim(x) — ok');
  });
});

describe('stopWords', () => {
  const stopped = (fields: Partial<LedgerEvent>): LedgerEvent => ({
    ts: '2026-03-02T19:00:00Z',
    type: 'watchdog-stopped',
    ...fields,
  });
  it.each([
    [{ reason: 'sequence complete' }, 'sequence complete'],
    [{ reason: 'signal SIGTERM', requestedBy: 'launch stop' }, 'by launch stop'],
    [{ reason: 'crashed: boom' }, 'crashed'],
    [{ reason: 'signal SIGINT' }, 'signal SIGINT'],
    [{}, 'stopped'],
  ])('%j → %s', (fields, words) => {
    expect(stopWords(stopped(fields))).toBe(words);
    expect(eventView(stopped(fields), 'UTC').stopped).toBe(words);
  });
});
