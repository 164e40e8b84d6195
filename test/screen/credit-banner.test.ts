import { describe, expect, it } from 'vitest';
import { startsBanner } from '../../src/screen/limit-banner.js';

// Texts from Claude Code 2.1.197 and Codex 0.171.0 (test/fixtures/clients/TEXTS.md).
describe('the credit and spend-exhaustion family', () => {
  it.each([
    ['claude', "You're out of usage credits · resets 4pm (Europe/Berlin)"],
    ['claude', "You're out of extra usage · resets 11:30am (Asia/Colombo)"],
    ['claude', 'Your org is out of usage · contact your admin'],
    ['claude', "You've hit your org's monthly usage limit · resets Jul 1, 12am"],
    ['claude', 'You’ve hit your org’s monthly usage limit'],
    ['claude', 'Your organization is out of usage credits. Contact your admin to add more.'],
    ['claude', "Your organization's usage credit cap is reached for this period."],
    ['claude', "Your group's usage limit is set to $0 · run /usage-credits to ask your admin"],
    ['claude', 'Your usage allocation has been disabled by your admin · run /usage-credits'],
    ['claude', "Your seat type doesn't include usage credits"],
    ['claude', 'Credit balance is too low'],
    ['claude', 'Claude Max usage limit reached. Your limit will reset at 12am.'],
    [
      'codex',
      'Your workspace is out of credits. Ask your workspace owner to refill in order to continue.',
    ],
    ['codex', 'You hit your spend cap set in your workspace. Increase your spend cap to continue.'],
    ['codex', "You're out of credits."],
    ['opencode', 'You’re out of usage credits · resets 4pm'],
  ] as const)('%s: %s', (family, text) => {
    expect(startsBanner(text, [family])).toBe(true);
  });

  it.each([
    "You're close to your usage credit limit",
    "You're now using usage credits · Your session limit resets 4pm",
    'Now using usage credits for Opus',
    'Usage credits required for 1M context · turn on usage credits at claude.ai/settings/usage',
    'Fable 5 requires usage credits.',
    "You've used 95% of your usage credits",
    'Buy usage credits',
  ])('not a limit: %s', (text) => {
    expect(startsBanner(text, ['claude', 'codex', 'opencode'])).toBe(false);
  });

  it('keeps each client’s texts to the dialects that can show them', () => {
    expect(startsBanner('Your workspace is out of credits.', ['gemini'])).toBe(false);
    expect(startsBanner('Credit balance is too low', ['codex'])).toBe(false);
  });
});
