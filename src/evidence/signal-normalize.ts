// Turns one client payload (a Claude Code / Gemini CLI hook's stdin JSON, a Codex `notify` argument,
// an opencode server event) into one SignalLine. Runs inside `launch signal` on every tool call, so
// it imports nothing at run time (not even zod, which costs more than the rest of the process): each
// field is read through a narrow type guard, and anything unexpected is dropped, never trusted.
import type { SignalEvent, SignalLine, SignalSource } from './types.js';

/** Bytes of a payload read at most; a PostToolUse carries the tool's whole output. */
export const PAYLOAD_CAP_BYTES = 256 * 1024;
/** Characters kept of a message, a path, an id. */
export const FIELD_CAP_CHARS = 500;

/** Claude Code hook events (2.1.197, the zod union `hook_event_name:H.literal(...)` in its bundle). */
const CLAUDE_EVENTS: Readonly<Record<string, SignalEvent>> = {
  SessionStart: 'session-start',
  UserPromptSubmit: 'prompt-submitted',
  PreToolUse: 'tool-start',
  PostToolUse: 'tool-end',
  PostToolUseFailure: 'tool-end',
  Stop: 'stop',
  StopFailure: 'stop',
  Notification: 'notification',
  SessionEnd: 'session-end',
};

/** Gemini CLI 0.61.0 hook events (`HookEventName` in bundle/chunk-5FZXKDXH.js). */
const GEMINI_EVENTS: Readonly<Record<string, SignalEvent>> = {
  SessionStart: 'session-start',
  BeforeAgent: 'prompt-submitted',
  BeforeTool: 'tool-start',
  AfterTool: 'tool-end',
  AfterAgent: 'stop',
  Notification: 'notification',
  SessionEnd: 'session-end',
};

/** Codex 0.171.0 `notify` types (serde kebab-case: "agent-turn-complete"). */
const CODEX_EVENTS: Readonly<Record<string, SignalEvent>> = {
  'agent-turn-complete': 'stop',
};

type Json = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Control characters (C0 but tab, DEL, C1) never reach a line a person may read.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function clip(text: string, max = FIELD_CAP_CHARS): string {
  const clean = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

function text(payload: Json, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = payload[key];
    if (typeof value === 'string' && value.trim() !== '') return clip(value);
  }
  return undefined;
}

/** A line without the undefined fields (JSON drops them anyway; tests compare plain objects). */
function line(fields: SignalLine): SignalLine {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as SignalLine;
}

/**
 * A payload that is not whole JSON (cut at the cap, or garbage): the fields it names early on,
 * read with patterns, so a line still says what it could.
 */
export function salvageFields(raw: string): Json {
  const found: Record<string, string> = {};
  const keys = [
    'hook_event_name',
    'session_id',
    'transcript_path',
    'tool_name',
    'notification_type',
    'message',
    'type',
    'thread-id',
    'source',
  ];
  for (const key of keys) {
    const match = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.){0,2000})"`).exec(raw);
    if (match?.[1] === undefined) continue;
    try {
      found[key] = JSON.parse(`"${match[1]}"`) as string;
    } catch {
      found[key] = match[1];
    }
  }
  return found;
}

/** The payload as an object: parsed JSON, else what could be salvaged, else null. */
export function readPayload(raw: string): Json | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return isObject(parsed) ? parsed : null;
  } catch {
    const salvaged = salvageFields(trimmed);
    return Object.keys(salvaged).length > 0 ? salvaged : null;
  }
}

/** Claude Code hooks, and the sim acting them out (same payload, `source` tells them apart). */
function fromClaudeShape(
  payload: Json,
  source: SignalSource,
  table: Readonly<Record<string, SignalEvent>>,
  eventArg: string | undefined,
  ts: string,
): SignalLine | null {
  const raw = text(payload, 'hook_event_name') ?? eventArg;
  if (raw === undefined) return null;
  const event = table[raw];
  if (event === undefined) return null;
  const tool =
    event === 'tool-start' || event === 'tool-end' ? text(payload, 'tool_name') : undefined;
  const isNotification = event === 'notification';
  return line({
    ts,
    event,
    source,
    raw,
    conversationId: text(payload, 'session_id'),
    transcriptPath: text(payload, 'transcript_path'),
    notificationKind: isNotification ? text(payload, 'notification_type') : undefined,
    message: isNotification ? text(payload, 'message') : undefined,
    tool,
  });
}

function fromCodex(payload: Json, ts: string): SignalLine | null {
  const raw = text(payload, 'type');
  if (raw === undefined) return null;
  const event = CODEX_EVENTS[raw];
  if (event === undefined) return null;
  return line({ ts, event, source: 'codex', raw, conversationId: text(payload, 'thread-id') });
}

/**
 * One SignalLine for a client payload; null when it says nothing launch uses (an unknown event,
 * no event at all). `eventArg` names the event when the payload does not (`launch signal claude
 * Stop`); `ts` is when launch received it.
 */
export function normalizeSignal(
  source: SignalSource,
  payloadText: string,
  eventArg: string | undefined,
  ts: string,
): SignalLine | null {
  const payload = readPayload(payloadText) ?? {};
  switch (source) {
    case 'claude':
    case 'sim':
      return fromClaudeShape(payload, source, CLAUDE_EVENTS, eventArg, ts);
    case 'gemini':
      return fromClaudeShape(payload, source, GEMINI_EVENTS, eventArg, ts);
    case 'codex':
      return fromCodex(payload, ts);
    case 'opencode':
      // opencode speaks through its server's event stream (opencode-events.ts), not this command.
      return null;
  }
}

export const SOURCES: readonly SignalSource[] = ['claude', 'codex', 'gemini', 'opencode', 'sim'];
export const isSignalSource = (value: string): value is SignalSource =>
  (SOURCES as readonly string[]).includes(value);
