// The `needsInput` setting: what launch does when an agent waits for a person — rules that answer
// known prompts (never an authentication one), and the deadline after which a declared default is
// typed or the session restarted (or, only when chosen, nothing: an unbounded wait).
import { z } from 'zod';
import { PROMPT_KINDS, type PromptKind } from '../screen/prompt.js';

/** An hour: a notified person has time to answer, and a night is not lost to one prompt. */
export const DEFAULT_NEEDS_INPUT_DEADLINE = 3600;

const isRegExp = (text: string): boolean => {
  try {
    new RegExp(text, 'i');
    return true;
  } catch {
    return false;
  }
};

/**
 * One `autoAnswer` rule: a prompt kind and/or a pattern (over question and options) → answer. Built
 * on first use (z.lazy): most runs declare none, and every command reading the settings would pay.
 */
const autoAnswerRuleSchema = z.lazy(() =>
  z
    .strictObject({
      kind: z.enum(PROMPT_KINDS).optional(),
      /** A regular expression (case-insensitive) tested on the question and the options text. */
      match: z
        .string()
        .min(1)
        .refine(isRegExp, { error: 'match must be a regular expression' })
        .optional(),
      /** An option number ("1") or the text to type. */
      answer: z.string().min(1).max(200),
    })
    .refine((rule) => rule.kind !== undefined || rule.match !== undefined, {
      error: 'a rule needs "kind" or "match"',
    })
    .refine((rule) => rule.kind !== 'auth', {
      error: 'authentication prompts are never auto-answered',
    }),
);
export type AutoAnswerRule = z.infer<typeof autoAnswerRuleSchema>;

export const ON_DEADLINE = ['answer', 'restart', 'wait'] as const;
export type OnDeadline = (typeof ON_DEADLINE)[number];

export const needsInputPolicySchema = z
  .strictObject({
    autoAnswer: z.array(autoAnswerRuleSchema).optional(),
    /** Seconds a prompt may wait for a person before `onDeadline` applies. */
    needsInputDeadline: z.number().finite().positive().optional(),
    /** answer: type `default`; restart: restart the session; wait: wait without end. */
    onDeadline: z.enum(ON_DEADLINE).optional(),
    /** The answer typed at the deadline (an option number or text). */
    default: z.string().min(1).max(200).optional(),
  })
  .refine((policy) => policy.onDeadline !== 'answer' || policy.default !== undefined, {
    error: '"onDeadline": "answer" needs a "default" answer',
  });
export type NeedsInputPolicy = z.infer<typeof needsInputPolicySchema>;

export const NEEDS_INPUT_EXPECTS =
  'an object { "autoAnswer": [{ "kind": "permission|trust|selection", "match": "<regex>", "answer": "1" }], ' +
  '"needsInputDeadline": <seconds>, "onDeadline": "answer|restart|wait", "default": "<answer>" } ' +
  '(never an auth rule; "answer" needs "default")';

/** The policy with its defaults filled in, as decide reads it. */
export interface ResolvedNeedsInput {
  readonly autoAnswer: readonly AutoAnswerRule[];
  readonly deadlineSeconds: number;
  readonly onDeadline: OnDeadline;
  readonly defaultAnswer: string | null;
}

export function resolveNeedsInput(policy: NeedsInputPolicy): ResolvedNeedsInput {
  return {
    autoAnswer: policy.autoAnswer ?? [],
    deadlineSeconds: policy.needsInputDeadline ?? DEFAULT_NEEDS_INPUT_DEADLINE,
    // A declared default is typed; without one, a restart gives the agent a fresh start.
    onDeadline: policy.onDeadline ?? (policy.default !== undefined ? 'answer' : 'restart'),
    defaultAnswer: policy.default ?? null,
  };
}

/** The first rule that answers this prompt, or null (auth prompts: always null). */
export function autoAnswerFor(
  rules: readonly AutoAnswerRule[],
  prompt: {
    readonly kind: PromptKind;
    readonly question: string;
    readonly options: readonly string[];
  },
): AutoAnswerRule | null {
  if (prompt.kind === 'auth') return null;
  const text = `${prompt.question}\n${prompt.options.map((o, i) => `${i + 1}. ${o}`).join('\n')}`;
  for (const rule of rules) {
    if (rule.kind !== undefined && rule.kind !== prompt.kind) continue;
    if (rule.match !== undefined && !new RegExp(rule.match, 'i').test(text)) continue;
    return rule;
  }
  return null;
}
