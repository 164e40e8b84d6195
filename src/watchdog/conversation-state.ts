// What state.json keeps about a session's conversation (issue 14, "restarts keep the
// conversation"): the id its client last named (signals or transcript), and a resume in progress —
// the conversation a restart asked the client to resume, until it is seen back and the one line
// saying why has been typed. Both default to null, so state files written before them still load.
import { z } from 'zod';

export const conversationSchema = z.object({
  /** The client's own id (Claude session_id, Codex thread id, Gemini sessionId, opencode session). */
  id: z.string().min(1),
  /** Which evidence named it. */
  from: z.enum(['signals', 'transcript']),
  /** When it was first seen (ISO). */
  at: z.string(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const resumeStateSchema = z.object({
  /** The conversation the client was started to resume. */
  conversationId: z.string().min(1),
  /** The restart's reason (stall, waiting-expired, dead, operator): the fallback keeps it. */
  reason: z.string(),
  /** When the resuming restart was asked for (ISO); the confirmation bound runs from here. */
  since: z.string(),
  /** The one line typed after the resume (why it was restarted, and to go on). */
  line: z.string(),
  /** The line was delivered (verified). */
  lineDelivered: z.boolean(),
  /** The client's evidence named the same conversation again (ISO), or null: not yet. */
  confirmedAt: z.string().nullable(),
});
export type ResumeState = z.infer<typeof resumeStateSchema>;

/** The fields a session record gains; spread into sessionRecordSchema. */
export const conversationFields = {
  /** The conversation its client is in, as last named by its evidence; null: none seen. */
  conversation: conversationSchema.nullable().optional(),
  /** A resume in progress (see above); null: none. */
  resume: resumeStateSchema.nullable().optional(),
};
