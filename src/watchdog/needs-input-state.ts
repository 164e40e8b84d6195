// The `needs-input` session state: the prompt the agent waits at, since when, and what launch has
// already done about it (so a policy answer or a deadline action happens once per prompt).
import { z } from 'zod';
import { PROMPT_KINDS } from '../screen/prompt.js';

/** Who typed an answer: a person (CLI, HTTP API, dashboard), a policy rule, or the deadline. */
export const ANSWER_SOURCES = ['cli', 'api', 'dashboard', 'policy', 'deadline'] as const;
export type AnswerSource = (typeof ANSWER_SOURCES)[number];

export const promptSchema = z.object({
  kind: z.enum(PROMPT_KINDS),
  question: z.string(),
  options: z.array(z.string()),
});
export type HeldPrompt = z.infer<typeof promptSchema>;

export const needsInputStateSchema = z.object({
  kind: z.literal('needs-input'),
  since: z.string(),
  prompt: promptSchema,
  /** The policy rule's answer was typed for this prompt (never twice). */
  autoAnswered: z.boolean().default(false),
  /** The deadline's action was taken for this prompt (never twice). */
  deadlineDone: z.boolean().default(false),
});
export type NeedsInputState = z.infer<typeof needsInputStateSchema>;
