// What a session's own signals say (the observer of <log-dir>/signals/<session>.jsonl): a pure fold
// of signal lines into SignalEvidence, and a reader cheap enough for every tick (it reads only the
// file's tail, plus the rotated file's tail when the current one is short, never a whole big file).
import { closeSync, fstatSync, openSync } from 'node:fs';
import { rotatedPath, signalFilePath } from './signal-file.js';
import { tailLines } from './transcript.js';
import {
  signalLineSchema,
  type SignalEvent,
  type SignalEvidence,
  type SignalLine,
} from './types.js';

/** Bytes of the files' tails read per observation (a few hundred lines). */
export const SIGNAL_TAIL_BYTES = 64 * 1024;

const WORK_EVENTS: ReadonlySet<SignalEvent> = new Set([
  'prompt-submitted',
  'tool-start',
  'tool-end',
]);

/**
 * Notification kinds that ask a person for something. Claude Code 2.1.197: permission_prompt,
 * idle_prompt ("Claude is waiting for your input"), elicitation_dialog, worker_permission_prompt;
 * Gemini CLI 0.61.0: ToolPermission; opencode (server events): permission, question. Its other kinds
 * (auth_success, elicitation_complete, ...) only inform.
 */
const ASKING_KINDS: ReadonlySet<string> = new Set([
  'permission_prompt',
  'idle_prompt',
  'elicitation_dialog',
  'worker_permission_prompt',
  'ToolPermission',
  'permission',
  'question',
]);
const ASKING_TEXT = /permission|waiting for (?:your )?input|needs? your/i;

export function isAskingNotification(line: SignalLine): boolean {
  if (line.event !== 'notification') return false;
  if (line.notificationKind !== undefined) return ASKING_KINDS.has(line.notificationKind);
  return line.message !== undefined && ASKING_TEXT.test(line.message);
}

/**
 * Folds signal lines (oldest first, as the file holds them) into the evidence for a session that
 * started at `sinceMs`: lines before it (an earlier session under the same name) are ignored.
 */
export function foldSignals(lines: readonly SignalLine[], sinceMs: number): SignalEvidence {
  let last: { event: SignalEvent; at: number } | null = null;
  let lastWorkAt: number | null = null;
  let lastStopAt: number | null = null;
  let lastPromptAt: number | null = null;
  let asking: { at: number; kind: string; message: string } | null = null;
  let conversationId: string | null = null;
  let transcriptPath: string | null = null;
  const newest = (current: number | null, at: number) =>
    current === null ? at : Math.max(current, at);

  for (const line of lines) {
    const at = Date.parse(line.ts);
    if (!Number.isFinite(at) || at < sinceMs) continue;
    if (last === null || at >= last.at) last = { event: line.event, at };
    if (WORK_EVENTS.has(line.event)) lastWorkAt = newest(lastWorkAt, at);
    if (line.event === 'prompt-submitted') lastPromptAt = newest(lastPromptAt, at);
    if (line.event === 'stop') lastStopAt = newest(lastStopAt, at);
    if (isAskingNotification(line)) {
      if (asking === null || at >= asking.at)
        asking = { at, kind: line.notificationKind ?? 'notification', message: line.message ?? '' };
    } else if (
      asking !== null &&
      at >= asking.at &&
      (WORK_EVENTS.has(line.event) || line.event === 'stop' || line.event === 'session-start')
    ) {
      // Work went on, the turn ended or a new conversation began: nobody is being asked any more.
      asking = null;
    }
    if (line.conversationId !== undefined) conversationId = line.conversationId;
    if (line.transcriptPath !== undefined) transcriptPath = line.transcriptPath;
  }
  if (last === null) return { kind: 'absent', reason: 'no signal since the session started' };
  return {
    kind: 'seen',
    last,
    lastWorkAt,
    lastStopAt,
    lastPromptAt,
    asking,
    conversationId,
    transcriptPath,
  };
}

/** The last `maxBytes` of a file (whole lines only); null when it does not exist. */
function readTail(file: string, maxBytes: number): { text: string; size: number } | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    // Each signal is appended with its newline in one write: a line without one is still coming.
    return { text: tailLines(fd, size, Math.max(0, maxBytes)).lines.join('\n'), size };
  } finally {
    closeSync(fd);
  }
}

/** Valid lines of a text; a damaged line (a write cut short, garbage) is skipped. */
export function parseSignalLines(text: string): SignalLine[] {
  const lines: SignalLine[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      continue;
    }
    const parsed = signalLineSchema.safeParse(value);
    if (parsed.success) lines.push(parsed.data);
  }
  return lines;
}

/** The newest signal lines of a session (the tails of the current and the rotated file). */
export function readSignalTail(
  logDir: string,
  session: string,
  maxBytes = SIGNAL_TAIL_BYTES,
): SignalLine[] | null {
  const file = signalFilePath(logDir, session);
  const current = readTail(file, maxBytes);
  const room = maxBytes - (current?.size ?? 0);
  const older = room > 0 ? readTail(rotatedPath(file), room) : null;
  if (current === null && older === null) return null;
  return parseSignalLines(`${older?.text ?? ''}\n${current?.text ?? ''}`);
}

/** No signals file: the client is not wired (CLAUDE_FLAGS with their own --settings, opencode
 * without the observer), or it has said nothing yet. */
export const NO_SIGNALS_FILE: SignalEvidence = {
  kind: 'absent',
  reason: 'no signals file (client not wired, or silent)',
};

/** What the session's signals say since it started at `sinceMs`; cheap enough for every tick. */
export function readSignalEvidence(
  logDir: string,
  session: string,
  sinceMs: number,
  maxBytes = SIGNAL_TAIL_BYTES,
): SignalEvidence {
  const lines = readSignalTail(logDir, session, maxBytes);
  if (lines === null) return NO_SIGNALS_FILE;
  return foldSignals(lines, sinceMs);
}

/** A prompt-submitted signal at or after `sinceMs`: the agent took a delivered text. */
export function promptSubmittedSince(logDir: string, session: string, sinceMs: number): boolean {
  const lines = readSignalTail(logDir, session) ?? [];
  return lines.some((line) => line.event === 'prompt-submitted' && Date.parse(line.ts) >= sinceMs);
}
