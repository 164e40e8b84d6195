// What settle records for restarts that keep the conversation (issue 14): whether a (re)start
// resumed a conversation or started fresh (and why), and the outcome of the one line typed after a
// resume. Pure, like settle.
import { resumeKey } from './rules/conversation.js';
import type { SessionRecord } from './state.js';
import type { LedgerEvent, Outcome } from './types.js';

/** The `session-restarted` / `session-started` fields: `resumed`, the conversation, or `fresh`. */
export function startedConversation(
  outcome: Extract<Outcome, { kind: 'started' }>,
): Readonly<Record<string, unknown>> {
  if (outcome.resume) return { resumed: true, conversationId: outcome.resume.conversationId };
  return { resumed: false, ...(outcome.fresh ? { fresh: outcome.fresh } : {}) };
}

/** A typed resume line: delivered → the resume's line is in; otherwise typed again next tick. */
export function settleResumeLine(
  record: SessionRecord | undefined,
  outcome: Extract<Outcome, { kind: 'typed' }>,
  base: Readonly<Record<string, unknown>> & { readonly ts: string },
): { record: SessionRecord | undefined; events: LedgerEvent[] } {
  const resume = record?.resume;
  // A line for an earlier restart (the session was restarted again meanwhile) changes nothing.
  const current =
    record !== undefined && resume != null && resumeKey(outcome.role, resume) === outcome.key;
  if (!outcome.delivered) {
    return {
      record,
      events: [
        {
          ...base,
          type: 'message-not-delivered',
          reason: 'the line after a resumed restart; typed again next tick',
        },
      ],
    };
  }
  const events: LedgerEvent[] = [
    { ...base, type: 'resume-line-delivered', reason: 'the line after a resumed restart' },
  ];
  if (!current || record === undefined || resume == null) return { record, events };
  const done = resume.confirmedAt !== null;
  return {
    record: { ...record, resume: done ? null : { ...resume, lineDelivered: true } },
    events,
  };
}
