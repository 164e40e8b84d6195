// Recognises usage-limit banners, and the look-alikes that are not limits: warnings before the wall
// ("You've used 95% of your weekly limit"), fallbacks that keep working ("Claude Opus limit reached,
// now using Sonnet 4"), and panels that merely show reset times (/usage, /status, /stats).
//
// Every pattern is anchored at the start of a line's body (after bullets, box borders and an error
// label, see pane-text.ts): CLIs print a banner as the first words of its line, while prose, typed
// text and file paths that mention the same words have them mid-line.

import { CREDIT_RULES } from './credit-banner.js';

/** Which CLI prints a banner; a dialect reads the families its CLI can show. */
export type BannerFamily = 'claude' | 'codex' | 'gemini' | 'opencode';

interface BannerRule {
  readonly families: readonly BannerFamily[];
  readonly pattern: RegExp;
}

const ALL: readonly BannerFamily[] = ['claude', 'codex', 'gemini', 'opencode'];
const APOSTROPHE = "['’ʼ]";

/** The words that may name the limit before "limit reached" (never "Context", "Recursion", ...). */
const LIMIT_KIND =
  '(?:(?:claude(?:\\s+(?:ai|max|pro))?|opus|sonnet|haiku|fable|\\d+-hour|session|weekly|daily|monthly|usage|spend|plan|go|free(?:\\s+tier)?)\\s+){0,3}';

const RULES: readonly BannerRule[] = [
  // "5-hour limit reached ∙ resets 3am", "Claude AI usage limit reached|1762952400", "Session limit
  // reached ∙ resets 8pm", "Opus weekly limit reached ∙ resets Oct 31, 9am", "Limit reached · resets
  // 11:30am", opencode "Usage limit reached for 5 hour", "weekly usage limit reached. It will reset in".
  { families: ALL, pattern: new RegExp(`^${LIMIT_KIND}limit\\s+reached\\b`, 'i') },
  // "You've hit your limit · resets 8pm (Asia/Dhaka)", "... session limit ...", "... weekly limit
  // ...", "... Opus limit ..."; Codex "You've hit your usage limit."
  {
    families: ALL,
    pattern: new RegExp(
      `^you${APOSTROPHE}?ve\\s+hit\\s+your\\s+(?:[\\w${APOSTROPHE.slice(1, -1)}-]+\\s+){0,3}limit\\b`,
      'i',
    ),
  },
  {
    families: ALL,
    pattern: new RegExp(
      `^you${APOSTROPHE}?ve\\s+reached\\s+your\\s+(?:[\\w-]+\\s+){0,3}limit\\b`,
      'i',
    ),
  },
  // Codex: "You have hit your usage limit.", "You have reached the usage limit.", and the JSON
  // message "The usage limit has been reached" (also seen through opencode).
  {
    families: ALL,
    pattern: /^you\s+have\s+(?:hit|reached)\s+(?:your|the)\s+(?:[\w-]+\s+){0,3}limit\b/i,
  },
  { families: ALL, pattern: /^the\s+usage\s+limit\s+has\s+been\s+reached\b/i },
  // Gemini: "You have exhausted your capacity on this model. Your quota will reset after 4h28m20s."
  { families: ['gemini', 'opencode'], pattern: /^you\s+have\s+exhausted\s+your\s+capacity\b/i },
  // Gemini: "You have reached your daily gemini-2.5-pro quota limit." (a limit unless a fallback follows)
  {
    families: ['gemini', 'opencode'],
    pattern: /^you\s+have\s+reached\s+your\s+daily\s+(?:[\w.-]+\s+){0,2}quota\s+limit\b/i,
  },
  // Gemini API errors: "[API Error: Resource has been exhausted (e.g. check quota).]", "You exceeded
  // your current quota", and the same inside the JSON body ("message": "..."), "status": "RESOURCE_EXHAUSTED".
  {
    families: ['gemini', 'opencode'],
    pattern:
      /^(?:message\\?"\s*:\s*\\?")?(?:resource\s+(?:has\s+been\s+)?exhausted|you\s+exceeded\s+your\s+current\s+quota)\b/i,
  },
  { families: ['gemini', 'opencode'], pattern: /^status\\?"\s*:\s*\\?"RESOURCE_EXHAUSTED\b/ },
  // The credit and spend-exhaustion family (see credit-banner.ts): paid usage is used up too.
  ...CREDIT_RULES,
  // opencode: Zen's "Free usage exceeded, subscribe to Go", Z.ai's "Weekly/Monthly Limit Exhausted."
  { families: ['opencode'], pattern: /^free\s+usage\s+exceeded\b/i },
  {
    families: ['opencode'],
    pattern: /^(?:weekly\/monthly|weekly|monthly|daily|\d+-hour)\s+limit\s+exhausted\b/i,
  },
];

/** Banner-shaped lines that are not limits: the agent keeps working (or never stopped). */
const NOT_A_LIMIT: readonly RegExp[] = [
  /\bnow\s+using\b/i, // "Claude Opus limit reached, now using Sonnet 4", "... now using extra usage"
  /\bswitching\s+(?:from|to)\b/i, // Gemini "Automatically switching from gemini-2.5-pro to gemini-2.5-flash"
  /\b(?:continue|continuing)\s+with\s+the\s+(?:fallback|flash)\s+model\b/i,
  /\bfallback\s+model\b/i,
];

/** Warnings printed before the wall; never banners even if a later pattern grows to match them. */
const WARNING = new RegExp(`^(?:you${APOSTROPHE}?ve\\s+used|approaching|heads\\s+up)\\b`, 'i');

/** The body (see pane-text.ts `lineBody` / `withoutErrorLabel`) starts a usage-limit banner. */
export function startsBanner(body: string, families: readonly BannerFamily[]): boolean {
  if (WARNING.test(body)) return false;
  return RULES.some(
    (rule) => rule.families.some((family) => families.includes(family)) && rule.pattern.test(body),
  );
}

/** The banner's whole text (its line and continuation) says the agent falls back and keeps going. */
export function isFallback(blockText: string): boolean {
  return NOT_A_LIMIT.some((pattern) => pattern.test(blockText));
}

/**
 * An API error block (its first line carries an error label) reporting an exhausted quota in its
 * JSON body, which Gemini prints wrapped over several rows: `✕ [API Error: {"error":{"message":"{\n
 * \"error\": {\n \"code\": 429, ... \"status\": \"RESOURCE_EXHAUSTED\"`.
 */
const QUOTA_ERROR =
  /RESOURCE_EXHAUSTED|resource\s+(?:has\s+been\s+)?exhausted|exceeded\s+your\s+current\s+quota/i;

export function isQuotaApiError(blockText: string, families: readonly BannerFamily[]): boolean {
  return (
    (families.includes('gemini') || families.includes('opencode')) && QUOTA_ERROR.test(blockText)
  );
}
