// The wordings issue 3 lists, one by one, in the dialect whose CLI prints them.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/config/fields.js';
import { dialectFor } from '../../src/screen/dialects.js';
import { frameFor, wordWrap } from '../helpers/pane-frames.js';

const context = { now: new Date('2026-09-14T12:00:00Z'), zone: 'America/New_York' };

/** The line printed in the transcript of the backend's screen, idle, empty input box. */
function read(backend: Backend, ...transcript: string[]) {
  return dialectFor(backend).classify(frameFor(backend).screen(transcript, '', wordWrap), context);
}

describe('usage-limit banners', () => {
  it.each([
    ['claude', '  ⎿  5-hour limit reached ∙ resets 3am'],
    ['claude', '  ⎿  Session limit reached ∙ resets 8pm'],
    ['claude', '  ⎿  Claude usage limit reached. Your limit will reset at 3pm (America/New_York).'],
    ['claude', '  ⎿  Claude AI usage limit reached|1762952400'],
    ['claude', "  ⎿  You've hit your limit · resets 8pm (Asia/Dhaka)"],
    ['claude', '  ⎿  You’ve hit your limit ∙ resets 8pm (Asia/Dhaka)'],
    ['claude', "  ⎿  You've hit your session limit · resets 12:50am (America/Los_Angeles)"],
    ['claude', "  ⎿  You've hit your weekly limit · resets Sep 21, 6pm (America/Toronto)"],
    ['claude', '  ⎿  Opus weekly limit reached ∙ resets Oct 31, 9am'],
    ['claude', "  ⎿  You've hit your weekly limit · resets Mon 12:00am"],
    [
      'claude',
      '  ⎿  Limit reached · resets 11:30am (Asia/Calcutta) · /upgrade to Max or turn on /extra-usage',
    ],
    ['claude', "⏺ You've hit your Opus limit · resets 9pm"],
    [
      'codex',
      "■ You've hit your usage limit. Upgrade to Pro (https://openai.com/chatgpt/pricing) or try again in 4 days 6 hours 37 minutes.",
    ],
    [
      'codex',
      "■ You've hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again at 6:44 PM.",
    ],
    [
      'codex',
      '■ You have hit your usage limit. Visit https://chatgpt.com/codex/settings/usage to purchase more credits or try again at Jul 23rd, 2026 4:15 AM.',
    ],
    [
      'gemini',
      '✕ [API Error: You have exhausted your capacity on this model. Your quota will reset after 53s.]',
    ],
    ['gemini', '✕ Usage limit reached for gemini-2.5-pro. Access resets at 10:57 PM GMT-3.'],
    [
      'opencode',
      '  ┃  Usage limit reached for 5 hour. Your limit will reset at 2026-04-11 20:30:24',
    ],
    ['opencode', '  ┃  Free usage exceeded, subscribe to Go'],
    ['opencode', "  ┃  You've hit your limit · resets 8pm (Asia/Dhaka)"],
  ] as const)('%s: %s', (backend, banner) => {
    expect(read(backend, banner)).toMatchObject({ active: false, limited: true, fatal: false });
  });
});

describe('look-alikes that are not limits', () => {
  it.each([
    ['claude', "  ⎿  You've used 95% of your weekly limit · resets Mon 12:00am"],
    ['claude', '  ⎿  Approaching Opus usage limit'],
    ['claude', '  ⎿  Approaching usage limit · resets at 2am'],
    ['claude', '  ⎿  Claude Opus limit reached, now using Sonnet 4'],
    ['claude', '  ⎿  Context limit reached · /compact or /clear to continue'],
    ['claude', '⏺ I checked: the 5-hour limit reached ∙ resets 3am message is from yesterday.'],
    ['claude', '⏺ Note that "Claude AI usage limit reached|1762952400" is the old banner format.'],
    [
      'codex',
      "⚠ Heads up, you've used over 90% of your weekly limit. Run /status for a breakdown.",
    ],
    ['codex', '  Weekly limit:     [███████████░░░░░░░░░] 56% left (resets 03:16 on 2 Dec)'],
    [
      'gemini',
      'ℹ⚡ Automatically switching from gemini-2.5-pro to gemini-2.5-flash for the remainder of this session.',
    ],
    [
      'gemini',
      '│  gemini-2.5-pro                 -    80.8% (Resets in 8h 10m)                        │',
    ],
  ] as const)('%s: %s', (backend, line) => {
    expect(read(backend, line)).toMatchObject({ limited: false, fatal: false, resetAt: null });
  });
});

describe('fatal client errors', () => {
  it.each([
    '  ⎿  API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content.0: thinking blocks cannot be modified. These blocks must remain as they were in the original response."}}',
    '  ⎿  API Error: 400 messages.5.content.3: `thinking` or `redacted_thinking` blocks in the latest assistant message cannot be modified.',
    '  ⎿  API Error: 400 messages.9.content.1: redacted_thinking block mismatch',
  ])('%s', (line) => {
    expect(read('claude', line)).toMatchObject({ fatal: true, limited: false, active: false });
  });

  it('are history once the agent has written again below them', () => {
    const reading = read(
      'claude',
      '  ⎿  API Error: 400 messages.1.content.0: thinking blocks cannot be modified.',
      '',
      '❯ go on',
      '⏺ Picking up from the failing test.',
    );
    expect(reading.fatal).toBe(false);
  });

  it('are not read from prose about them', () => {
    expect(
      read('claude', '⏺ The "thinking blocks cannot be modified" error needs a fresh session.')
        .fatal,
    ).toBe(false);
  });
});

describe('WAITING-UNTIL markers', () => {
  it('the last valid one wins; a bad time is ignored, not thrown', () => {
    const reading = read(
      'claude',
      '⏺ WAITING-UNTIL: 2026-09-14T13:00:00Z',
      '⏺ WAITING-UNTIL: 2026-09-14T14:30:00-04:00',
      '⏺ WAITING-UNTIL: half past never',
      '⏺ WAITING-UNTIL: 2026-99-99T25:00:00Z',
    );
    expect(reading.waitingUntil).toBe('2026-09-14T14:30:00-04:00');
    expect(reading.matched).toBe('WAITING-UNTIL: 2026-09-14T14:30:00-04:00');
  });

  it('a time without an offset is read in the zone', () => {
    expect(read('claude', '⏺ WAITING-UNTIL: 2026-09-14T09:30:00').waitingUntil).toBe(
      '2026-09-14T09:30:00-04:00',
    );
  });

  it('a marker mid-sentence or in typed input does not count', () => {
    const pane = frameFor('claude').screen(
      ['⏺ I will print WAITING-UNTIL: 2026-09-14T13:00:00Z when I pause.'],
      'WAITING-UNTIL: 2026-09-14T13:00:00Z',
      wordWrap,
    );
    expect(dialectFor('claude').classify(pane, context).waitingUntil).toBeNull();
  });
});

describe('working markers: only the status line at the bottom counts', () => {
  const rule = '─'.repeat(200);
  const claudeScreen = (above: string[], footer = '  ? for shortcuts') =>
    [...above, rule, '❯ ', rule, footer].join('\n');

  it.each([
    ['✻ Simulating… (12s · esc to interrupt)'],
    ['· Catapulting… (3s · ctrl+c to interrupt)'],
    ['✶ Herding… (8m 39s · ↓ 834 tokens)'],
    ['⠋ Thinking… (esc to interrupt)'],
    ['● Reticulating splines… (1h 2m 3s · ↑ 12.1k tokens · thought for 4s)'],
  ])('Claude spinner line %s', (status) => {
    const reading = dialectFor('claude').classify(
      claudeScreen(['⏺ editing', '', status, '']),
      context,
    );
    expect(reading).toMatchObject({ active: true, matched: status });
  });

  it('the Claude footer hint counts, with or without a spinner', () => {
    const reading = dialectFor('claude').classify(
      claudeScreen(['⏺ editing', ''], '  ⏸ manual mode on · esc to interrupt · ← for agents'),
      context,
    );
    expect(reading.active).toBe(true);
  });

  it.each([
    [
      'a transcript line quoting the hint',
      '⏺ The footer reads "esc to interrupt" while a turn runs.',
    ],
    ['the thinking header', '✻ Thinking…'],
    ['a finished-turn summary', '✻ Worked for 2m 3s'],
    ['a spinner line far up the transcript', '✻ Herding… (8m 39s · ↓ 834 tokens)'],
  ])('%s does not', (_label, line) => {
    const filler = Array.from({ length: 20 }, (_, i) => `⏺ step ${i} done`);
    const above = _label.includes('far up') ? [line, ...filler, ''] : [...filler, line, ''];
    expect(dialectFor('claude').classify(claudeScreen(above), context).active).toBe(false);
  });

  it.each([
    ['codex', '• Working (1h 13m · esc to interrupt)'],
    ['codex', '• Working (4s)'],
    ['codex', '• Investigating the flaky test (45s • esc esc to interrupt)'],
    ['gemini', '⠹ Polishing the code (esc to cancel, 12s)'],
  ] as const)('%s status line %s', (backend, status) => {
    const pane = frameFor(backend).screen(['✦ ok', '', status], '', wordWrap);
    expect(dialectFor(backend).classify(pane, context)).toMatchObject({
      active: true,
      matched: status,
    });
  });

  it('Codex "esc to cancel" is an approval prompt, not work; Gemini\'s is work', () => {
    const approval = 'Press enter to confirm or esc to cancel';
    expect(
      dialectFor('codex').classify(frameFor('codex').screen([approval], '', wordWrap), context)
        .active,
    ).toBe(false);
  });

  it.each([
    ['   ⬝⬝⬝■■■■■  esc interrupt                 tab agents  ctrl+p commands'],
    ['   ⬝⬝⬝⬝⬝■■■  esc again to interrupt        tab agents  ctrl+p commands'],
  ])('opencode footer %s', (footer) => {
    const pane = ['  ┃', '  ┃  ', '  ┃  Build · glm-4.7', `  ╹${'▀'.repeat(75)}`, footer].join(
      '\n',
    );
    expect(dialectFor('opencode').classify(pane, context).active).toBe(true);
  });

  it('opencode assistant text quoting "esc interrupt" is not work', () => {
    const pane = [
      '     Press esc interrupt twice to stop a turn.',
      '',
      '  ┃',
      '  ┃  ',
      `  ╹${'▀'.repeat(75)}`,
      '   tab agents  ctrl+p commands',
    ].join('\n');
    expect(dialectFor('opencode').classify(pane, context).active).toBe(false);
  });
});
