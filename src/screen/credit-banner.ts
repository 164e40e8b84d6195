// The credit and spend-exhaustion banners: the plan's limit is hit AND the paid usage behind it
// (usage credits, extra usage, a workspace's credits, an org's spend cap) is used up or turned off,
// so the agent cannot go on until a reset (when the text names one) or a person adds funds. Each
// text is taken from the shipped client (test/fixtures/clients/TEXTS.md says where).
//
// Look-alikes that are NOT this family stay out: warnings ("You're close to your usage credit
// limit", "You're now using usage credits") and configuration errors that a different model or
// setting cures ("Usage credits required for 1M context", "Fable 5 requires usage credits").
import type { BannerFamily } from './limit-banner.js';

export interface CreditRule {
  readonly families: readonly BannerFamily[];
  readonly pattern: RegExp;
}

const APOSTROPHE = "['’ʼ]";
const CLAUDE: readonly BannerFamily[] = ['claude', 'opencode'];
const CODEX: readonly BannerFamily[] = ['codex', 'opencode'];

export const CREDIT_RULES: readonly CreditRule[] = [
  // Claude Code 2.1.197: "You're out of usage credits · resets 11:30am", "You're out of extra usage
  // · resets 9pm (America/Los_Angeles)"; Codex 0.171.0 popup: "You're out of credits."
  {
    families: [...CLAUDE, 'codex'],
    pattern: new RegExp(
      `^you(?:${APOSTROPHE}re|\\s+are)\\s+out\\s+of\\s+(?:extra\\s+usage|usage\\s+credits|credits)\\b`,
      'i',
    ),
  },
  // Claude: "Your org is out of usage · add funds to continue", "Your organization is out of usage
  // credits. Contact your admin to add more."; Codex: "Your workspace is out of credits. Add credits
  // to continue."
  {
    families: [...CLAUDE, 'codex'],
    pattern:
      /^your\s+(?:org|organization|workspace)\s+is\s+out\s+of\s+(?:usage\s+credits|usage|credits)\b/i,
  },
  // Claude: "Your organization's usage credit cap is reached for this period."
  {
    families: CLAUDE,
    pattern: new RegExp(
      `^your\\s+organization${APOSTROPHE}s\\s+usage\\s+credit\\s+cap\\s+is\\s+reached\\b`,
      'i',
    ),
  },
  // Claude: "Your group's usage limit is set to $0", "Your usage allocation has been disabled by
  // your admin", "Your seat type doesn't include usage credits" — what the limit banner says
  // instead of "You've hit your limit" when no paid usage can follow it.
  {
    families: CLAUDE,
    pattern: new RegExp(
      `^(?:your\\s+group${APOSTROPHE}s\\s+usage\\s+limit\\s+is\\s+set\\s+to\\s+\\$0|your\\s+usage\\s+allocation\\s+has\\s+been\\s+disabled|your\\s+seat\\s+type\\s+doesn${APOSTROPHE}t\\s+include\\s+(?:usage\\s+credits|extra\\s+usage|usage)\\b)`,
      'i',
    ),
  },
  // Claude: the API's billing error "Credit balance is too low".
  { families: CLAUDE, pattern: /^credit\s+balance\s+is\s+too\s+low\b/i },
  // Codex: "You hit your spend cap set in your workspace. Increase your spend cap to continue."
  { families: CODEX, pattern: /^you\s+hit\s+your\s+spend\s+cap\b/i },
];
