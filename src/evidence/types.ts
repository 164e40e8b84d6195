// The evidence about what an agent is doing beyond the dialect's reading of its screen: the agent's
// own signals (hooks / notify programs / server events, one JSON line each in
// <log-dir>/signals/<session>.jsonl) and its transcript file. Each source is an observer that adds
// its facts, with their age, to the snapshot; decide weighs them. An absent source is a fact too.
import { join } from 'node:path';
import { z } from 'zod';

/** What a client told us, normalised across clients. */
export const SIGNAL_EVENTS = [
  /** The client started (or resumed) a conversation; carries its id and transcript path. */
  'session-start',
  /** A prompt was submitted: confirms a delivery, a turn begins. */
  'prompt-submitted',
  /** A tool call starts / ends: work in progress. */
  'tool-start',
  'tool-end',
  /** The turn is complete: idle, exactly. */
  'stop',
  /** The client asks a person for something (permission, input) or says it waits. */
  'notification',
  /** The client ended the conversation. */
  'session-end',
] as const;
export type SignalEvent = (typeof SIGNAL_EVENTS)[number];

export const SIGNAL_SOURCES = ['claude', 'codex', 'gemini', 'opencode', 'sim'] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

/** One line of <log-dir>/signals/<session>.jsonl, as `launch signal` writes it. */
export const signalLineSchema = z.object({
  /** ISO-8601, when launch received it. */
  ts: z.string(),
  event: z.enum(SIGNAL_EVENTS),
  source: z.enum(SIGNAL_SOURCES),
  /** The client's own event name (e.g. Claude's "PreToolUse"), for people. */
  raw: z.string().optional(),
  conversationId: z.string().optional(),
  transcriptPath: z.string().optional(),
  /** notification: the client's kind for it (Claude: permission_prompt, idle_prompt, ...). */
  notificationKind: z.string().optional(),
  /** notification: the text the client shows; tool-*: the tool's name. */
  message: z.string().optional(),
  tool: z.string().optional(),
});
export type SignalLine = z.infer<typeof signalLineSchema>;

export const SIGNALS_DIR = 'signals';
export const signalsFile = (logDir: string, session: string): string =>
  join(logDir, SIGNALS_DIR, `${session}.jsonl`);

/** What the signals file says about one session, as the snapshot carries it. Times: ms since epoch. */
export type SignalEvidence =
  /** No signal since the session started: the client is not wired, or has said nothing yet. */
  | { readonly kind: 'absent'; readonly reason: string }
  | {
      readonly kind: 'seen';
      /** The newest signal. */
      readonly last: { readonly event: SignalEvent; readonly at: number };
      /** The newest signal that shows work (prompt-submitted, tool-start, tool-end); null: none. */
      readonly lastWorkAt: number | null;
      /** The newest turn-complete (stop) signal; null: none. */
      readonly lastStopAt: number | null;
      /** The newest prompt-submitted signal (delivery confirmation); null: none. */
      readonly lastPromptAt: number | null;
      /** A notification asking a person for something that no later work or stop superseded. */
      readonly asking: {
        readonly at: number;
        readonly kind: string;
        readonly message: string;
      } | null;
      readonly conversationId: string | null;
      readonly transcriptPath: string | null;
    };

/** What the agent's transcript file says, as the snapshot carries it. Times: ms since epoch. */
export type TranscriptEvidence =
  /** No transcript found for this session (client without one, not yet written, not located). */
  | { readonly kind: 'absent'; readonly reason: string }
  | {
      readonly kind: 'seen';
      readonly file: string;
      /** Its last write (mtime). */
      readonly writtenAt: number;
      /** A usage-limit error as the newest thing in it; resetAt ISO-8601 with offset or null. */
      readonly limit: {
        readonly at: number;
        readonly text: string;
        readonly resetAt: string | null;
      } | null;
      readonly conversationId: string | null;
    };

export const NO_SIGNALS: SignalEvidence = { kind: 'absent', reason: 'no signals' };
export const NO_TRANSCRIPT: TranscriptEvidence = { kind: 'absent', reason: 'no transcript' };
