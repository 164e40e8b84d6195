// One line of a client's transcript file turned into what a person (and the limit reader) cares
// about: user and assistant messages, tool calls and their results, errors. The record shapes are
// the ones the clients' own writers produce (Claude Code 2.1.197 session JSONL, Codex 0.171.0
// rollout JSONL, Gemini CLI 0.61.0 chat JSONL); every field is checked with zod, and a line that
// does not fit yields nothing rather than an error: a transcript is evidence, never a contract.
import { z } from 'zod';
import { isLimitText } from './transcript-limit.js';

export const TRANSCRIPT_CLIENTS = ['claude', 'codex', 'gemini'] as const;
export type TranscriptClient = (typeof TRANSCRIPT_CLIENTS)[number];

/** Times: ms since epoch, or null when the record carries none. */
export type TranscriptEntry =
  | { readonly kind: 'user'; readonly at: number | null; readonly text: string }
  | { readonly kind: 'assistant'; readonly at: number | null; readonly text: string }
  | {
      readonly kind: 'tool';
      readonly at: number | null;
      readonly name: string;
      readonly args: string;
    }
  | {
      readonly kind: 'result';
      readonly at: number | null;
      readonly text: string;
      readonly isError: boolean;
    }
  | {
      readonly kind: 'error';
      readonly at: number | null;
      readonly text: string;
      /**
       * Where the limit reader should look: `text` (a message the client showed, read with the
       * banner recognisers), or a structured limit the client recorded, with its reset (ms) if known.
       */
      readonly limit: { readonly resetAt: number | null } | null;
      /** The client's own classification of the error, when it gives one (Claude: "rate_limit"). */
      readonly code: string | null;
    }
  /** Not a message: a note (compaction, warning, info); never "the newest meaningful record". */
  | { readonly kind: 'system'; readonly at: number | null; readonly text: string }
  /** Bookkeeping that names the conversation; nothing to show. */
  | { readonly kind: 'meta'; readonly at: number | null; readonly conversationId: string };

/** Entries that say where the conversation stands (the limit reader looks at the newest of these). */
export const isMeaningful = (entry: TranscriptEntry): boolean =>
  entry.kind !== 'system' && entry.kind !== 'meta';

/** Entries with a dedup key: Gemini re-appends a message each time it grows (tokens, tool calls). */
export interface KeyedEntry {
  readonly key: string | null;
  readonly entry: TranscriptEntry;
}

const timeOf = (value: unknown): number | null => {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
};

/** Parses a JSON line; null when it is not an object. */
function jsonObject(line: string): Record<string, unknown> | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A tool call's arguments in a few words: the one argument that says what it does, else JSON. */
export function shortArgs(input: unknown): string {
  let value = input;
  if (typeof value === 'string') {
    const parsed = jsonObject(value);
    if (!parsed) return value;
    value = parsed;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'object' || value === null) return '';
  const record = value as Record<string, unknown>;
  for (const key of [
    'command',
    'cmd',
    'file_path',
    'filePath',
    'absolute_path',
    'path',
    'pattern',
    'url',
    'query',
    'prompt',
    'description',
  ]) {
    const found = record[key];
    if (typeof found === 'string' && found !== '') return found;
    if (Array.isArray(found) && found.every((part) => typeof part === 'string'))
      return found.join(' ');
  }
  try {
    return JSON.stringify(value);
  } catch {
    return '';
  }
}

// ── Claude Code 2.1.197 ─────────────────────────────────────────────────────────────────────────
// Writer: the session store's insertMessageChain spreads each message into
// {parentUuid, isSidechain, ..., type, message, uuid, timestamp, ..., cwd, sessionId, version,
// gitBranch} and appends JSON.stringify(entry) + "\n". User messages come from the Dn() factory
// ({type:"user", message:{role:"user", content}, isMeta?, toolUseResult?, ...}); API errors from
// Zl() ({type:"assistant", message:{model:"<synthetic>", content:[{type:"text", text}]},
// error:"rate_limit"|..., isApiErrorMessage:true}); retries from {type:"system",
// subtype:"api_error", level:"error", error, retryInMs, retryAttempt, maxRetries}.

const claudeBlock = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  content: z.unknown().optional(),
  is_error: z.boolean().optional(),
});
const claudeRecord = z.looseObject({
  type: z.string(),
  subtype: z.string().optional(),
  timestamp: z.string().optional(),
  sessionId: z.string().optional(),
  isMeta: z.boolean().optional(),
  isCompactSummary: z.boolean().optional(),
  isApiErrorMessage: z.boolean().optional(),
  error: z.unknown().optional(),
  content: z.unknown().optional(),
  retryAttempt: z.number().optional(),
  maxRetries: z.number().optional(),
  message: z
    .looseObject({
      content: z.union([z.string(), z.array(z.unknown())]).optional(),
    })
    .optional(),
});

/** The text parts of a tool result's content (a string or text blocks). */
function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      typeof part === 'object' &&
      part !== null &&
      typeof (part as { text?: unknown }).text === 'string'
        ? (part as { text: string }).text
        : '',
    )
    .filter((text) => text !== '')
    .join('\n');
}

export function claudeEntries(line: string): KeyedEntry[] {
  const raw = jsonObject(line);
  if (!raw) return [];
  const parsed = claudeRecord.safeParse(raw);
  if (!parsed.success) return [];
  const record = parsed.data;
  const at = timeOf(record.timestamp);
  const out: TranscriptEntry[] = [];
  if (record.sessionId) out.push({ kind: 'meta', at, conversationId: record.sessionId });
  const rawContent = record.message?.content;
  const content =
    typeof rawContent === 'string'
      ? rawContent
      : // A block of a shape this reader does not know is skipped, not the whole record.
        (rawContent ?? []).flatMap((block) => {
          const parsedBlock = claudeBlock.safeParse(block);
          return parsedBlock.success ? [parsedBlock.data] : [];
        });
  if (record.type === 'user' && !record.isMeta && !record.isCompactSummary) {
    if (typeof content === 'string') out.push({ kind: 'user', at, text: content });
    for (const block of Array.isArray(content) ? content : []) {
      if (block.type === 'text' && block.text) out.push({ kind: 'user', at, text: block.text });
      if (block.type === 'tool_result')
        out.push({
          kind: 'result',
          at,
          text: resultText(block.content),
          isError: block.is_error === true,
        });
    }
  } else if (record.type === 'assistant') {
    const blocks = Array.isArray(content) ? content : [];
    if (record.isApiErrorMessage) {
      const text = blocks.map((block) => block.text ?? '').join('\n');
      out.push({
        kind: 'error',
        at,
        text,
        limit: null,
        code: typeof record.error === 'string' ? record.error : null,
      });
    } else {
      for (const block of blocks) {
        if (block.type === 'text' && block.text)
          out.push({ kind: 'assistant', at, text: block.text });
        if ((block.type === 'tool_use' || block.type === 'server_tool_use') && block.name)
          out.push({ kind: 'tool', at, name: block.name, args: shortArgs(block.input) });
      }
    }
  } else if (record.type === 'system') {
    if (record.subtype === 'api_error') {
      const attempt =
        record.retryAttempt !== undefined && record.maxRetries !== undefined
          ? ` (attempt ${record.retryAttempt}/${record.maxRetries})`
          : '';
      out.push({ kind: 'system', at, text: `API error, retrying${attempt}` });
    } else if (typeof record.content === 'string' && record.content !== '') {
      out.push({ kind: 'system', at, text: record.content });
    }
  }
  return out.map((entry) => ({ key: null, entry }));
}

// ── Codex 0.171.0 ───────────────────────────────────────────────────────────────────────────────
// Writer: the rollout recorder appends one RolloutLine per item, {"timestamp", "type", "payload"}
// (type: session_meta | response_item | event_msg | turn_context | world_state | compacted; 0.171.0
// adds an "ordinal" to each line). Seen in a real 0.171.0 run: session_meta {id, session_id, cwd,
// cli_version, ...}, event_msg item_completed {item: {type: "UserMessage", content: [{type: "text",
// text}]}}, response_item message {role, content: [{type: "input_text", text}]}. Persisted event_msg
// payloads also include user_message {message} (earlier releases) and token_count {info,
// rate_limits: {limit_id, limit_name, primary, secondary: {used_percent, window_minutes,
// resets_at (epoch s)}, credits, plan_type, rate_limit_reached_type}}; the rollout policy in Codex's
// source does not persist the error event, so a usage limit shows as a token_count whose rate limits
// say it was reached.
// response_item payloads: function_call {name, arguments, call_id}, function_call_output {call_id,
// output}, custom_tool_call {name, input}, custom_tool_call_output {output}, local_shell_call
// {action: {command}}, message / agent_message (the model's words; role "user" and "developer"
// messages carry injected context and are not shown), reasoning.

const codexWindow = z.looseObject({
  used_percent: z.number().optional(),
  resets_at: z.number().nullable().optional(),
});
const codexRateLimits = z.looseObject({
  primary: codexWindow.nullable().optional(),
  secondary: codexWindow.nullable().optional(),
  rate_limit_reached_type: z.string().nullable().optional(),
  limit_name: z.string().nullable().optional(),
});
const codexLine = z.looseObject({
  timestamp: z.string().optional(),
  type: z.string(),
  payload: z.looseObject({
    type: z.string().optional(),
    id: z.string().optional(),
    message: z.string().optional(),
    name: z.string().optional(),
    arguments: z.unknown().optional(),
    input: z.unknown().optional(),
    output: z.unknown().optional(),
    action: z.looseObject({ command: z.unknown().optional() }).optional(),
    rate_limits: codexRateLimits.nullable().optional(),
    role: z.string().optional(),
    content: z.unknown().optional(),
    item: z
      .looseObject({ type: z.string().optional(), content: z.unknown().optional() })
      .optional(),
    reason: z.string().optional(),
  }),
});

const EXEC_HEADER =
  /^Exit code: (\d+)\n(?:Wall time: [^\n]*\n)?(?:[A-Z][\w ]*: [^\n]*\n)*?Output:\n/;

/** A tool output: a string, {content}, or a list of content items with text. */
function codexOutput(output: unknown): { text: string; isError: boolean } {
  if (typeof output === 'string') {
    // Older writers stored the output as a JSON string {"output": ..., "metadata": {exit_code}}.
    const inner = jsonObject(output);
    if (inner && typeof inner.output === 'string') {
      const metadata = inner.metadata as { exit_code?: unknown } | undefined;
      return {
        text: inner.output,
        isError: typeof metadata?.exit_code === 'number' && metadata.exit_code !== 0,
      };
    }
    // The exec tools' output starts with a header ("Exit code: 0\nWall time: …\nOutput:\n").
    const header = EXEC_HEADER.exec(output);
    if (header) return { text: output.slice(header[0].length), isError: Number(header[1]) !== 0 };
    return { text: output, isError: false };
  }
  if (Array.isArray(output)) return { text: resultText(output), isError: false };
  if (typeof output === 'object' && output !== null) {
    const record = output as { content?: unknown; success?: unknown };
    return {
      text: typeof record.content === 'string' ? record.content : resultText(record.content),
      isError: record.success === false,
    };
  }
  return { text: '', isError: false };
}

/** The rate limits say a window is used up: its reset (ms), the latest if several; else undefined. */
function codexLimit(
  limits: z.infer<typeof codexRateLimits>,
): { resetAt: number | null; text: string } | undefined {
  const full = [
    ['primary', limits.primary],
    ['secondary', limits.secondary],
  ].filter(
    (pair): pair is [string, z.infer<typeof codexWindow>] =>
      typeof pair[1] === 'object' && pair[1] !== null && (pair[1].used_percent ?? 0) >= 100,
  );
  const reached = limits.rate_limit_reached_type ?? null;
  if (!reached && full.length === 0) return undefined;
  const resets = full
    .map(([, window]) => window.resets_at)
    .filter((value): value is number => typeof value === 'number');
  const resetAt = resets.length > 0 ? Math.max(...resets) * 1000 : null;
  const words = [
    reached ? `rate_limit_reached_type ${reached}` : null,
    ...full.map(([name]) => `${name} window 100% used`),
  ].filter((word): word is string => word !== null);
  return { resetAt, text: `rate limits: ${words.join(', ')}` };
}

export function codexEntries(line: string): KeyedEntry[] {
  const raw = jsonObject(line);
  if (!raw) return [];
  const parsed = codexLine.safeParse(raw);
  if (!parsed.success) return [];
  const { type, payload } = parsed.data;
  const at = timeOf(parsed.data.timestamp);
  const out: TranscriptEntry[] = [];
  if (type === 'session_meta' && payload.id) {
    out.push({ kind: 'meta', at, conversationId: payload.id });
  } else if (type === 'event_msg') {
    // What the user typed: user_message (earlier releases) or, in 0.171.0, the completed
    // UserMessage item (its response_item copy is preceded by injected context, not shown).
    if (payload.type === 'user_message' && payload.message)
      out.push({ kind: 'user', at, text: payload.message });
    if (payload.type === 'item_completed' && payload.item?.type === 'UserMessage') {
      const text = resultText(payload.item.content);
      if (text) out.push({ kind: 'user', at, text });
    }
    if (payload.type === 'turn_aborted')
      out.push({
        kind: 'system',
        at,
        text: `turn aborted${payload.reason ? `: ${payload.reason}` : ''}`,
      });
    if (payload.type === 'token_count' && payload.rate_limits) {
      const limit = codexLimit(payload.rate_limits);
      if (limit)
        out.push({
          kind: 'error',
          at,
          text: limit.text,
          limit: { resetAt: limit.resetAt },
          code: payload.rate_limits.rate_limit_reached_type ?? null,
        });
    }
  } else if (type === 'response_item') {
    switch (payload.type ?? '') {
      case 'function_call':
        out.push({
          kind: 'tool',
          at,
          name: payload.name ?? 'tool',
          args: shortArgs(payload.arguments),
        });
        break;
      case 'custom_tool_call':
        out.push({
          kind: 'tool',
          at,
          name: payload.name ?? 'tool',
          args: shortArgs(payload.input),
        });
        break;
      case 'local_shell_call':
        out.push({ kind: 'tool', at, name: 'shell', args: shortArgs(payload.action) });
        break;
      // The model's words, from its own output items (every release persists them; the
      // agent_message events that repeat them are not shown twice).
      case 'message':
      case 'agent_message': {
        const text =
          payload.role === 'assistant' || payload.type === 'agent_message'
            ? resultText(payload.content)
            : '';
        if (text) out.push({ kind: 'assistant', at, text });
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const output = codexOutput(payload.output);
        out.push({ kind: 'result', at, text: output.text, isError: output.isError });
        break;
      }
      default:
        break;
    }
  }
  return out.map((entry) => ({ key: null, entry }));
}

// ── Gemini CLI 0.61.0 ───────────────────────────────────────────────────────────────────────────
// Writer: ChatRecordingService.appendRecord appends JSON.stringify(record) + "\n" to
// chats/session-<YYYY-MM-DDTHH-MM>-<id8>.jsonl: first the metadata {sessionId, projectHash,
// startTime, lastUpdated, kind, directories}, then each message {id, timestamp, type: "user" |
// "gemini" | "info" | "warning" | "error", content (string or Part[]), displayContent?, thoughts?,
// tokens?, model?, toolCalls?: [{id, name, args, result, status, timestamp, resultDisplay,
// displayName, description}]} — a message is appended again, same id, each time it grows — and
// {"$set": {...}} / {"$rewindTo": id} updates.

const geminiToolCall = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  args: z.unknown().optional(),
  result: z.unknown().optional(),
  resultDisplay: z.unknown().optional(),
  status: z.string().optional(),
  timestamp: z.string().optional(),
});
const geminiRecord = z.looseObject({
  id: z.string().optional(),
  sessionId: z.string().optional(),
  timestamp: z.string().optional(),
  type: z.string().optional(),
  content: z.unknown().optional(),
  displayContent: z.unknown().optional(),
  toolCalls: z.array(geminiToolCall).optional(),
});

/** Text of a Part list (or a string): the text parts joined. */
function partsText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(partsText).join('');
  if (typeof value === 'object' && value !== null) {
    const part = value as { text?: unknown; thought?: unknown };
    if (part.thought === true) return '';
    return typeof part.text === 'string' ? part.text : '';
  }
  return '';
}

/** A tool call's result: its display text, else the function response's output or error. */
function geminiResult(call: z.infer<typeof geminiToolCall>): string {
  if (typeof call.resultDisplay === 'string' && call.resultDisplay !== '')
    return call.resultDisplay;
  const parts = Array.isArray(call.result) ? (call.result as unknown[]) : [];
  for (const part of parts) {
    const response = (part as { functionResponse?: { response?: Record<string, unknown> } })
      .functionResponse?.response;
    if (response) {
      const value = response.output ?? response.error ?? response;
      return typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return partsText(call.result);
}

export function geminiEntries(line: string): KeyedEntry[] {
  const raw = jsonObject(line);
  if (!raw || '$set' in raw || '$rewindTo' in raw) return [];
  const parsed = geminiRecord.safeParse(raw);
  if (!parsed.success) return [];
  const record = parsed.data;
  const at = timeOf(record.timestamp);
  if (record.sessionId && record.type === undefined)
    return [
      {
        key: null,
        entry: { kind: 'meta', at: timeOf(raw.startTime), conversationId: record.sessionId },
      },
    ];
  const id = record.id ?? null;
  const key = (suffix: string): string | null => (id === null ? null : `${id}:${suffix}`);
  const text = partsText(record.displayContent ?? record.content);
  const out: KeyedEntry[] = [];
  switch (record.type ?? '') {
    case 'user':
      if (text) out.push({ key: key('text'), entry: { kind: 'user', at, text } });
      break;
    case 'gemini':
      if (text) out.push({ key: key('text'), entry: { kind: 'assistant', at, text } });
      for (const [index, call] of (record.toolCalls ?? []).entries()) {
        const callKey = call.id ?? String(index);
        const callAt = timeOf(call.timestamp) ?? at;
        out.push({
          key: key(`tool:${callKey}`),
          entry: {
            kind: 'tool',
            at: callAt,
            name: call.displayName ?? call.name ?? 'tool',
            args: shortArgs(call.args),
          },
        });
        if (call.result !== undefined || call.resultDisplay !== undefined)
          out.push({
            key: key(`result:${callKey}`),
            entry: {
              kind: 'result',
              at: callAt,
              text: geminiResult(call),
              isError: call.status === 'error',
            },
          });
      }
      break;
    case 'error':
      if (text)
        out.push({ key: key('text'), entry: { kind: 'error', at, text, limit: null, code: null } });
      break;
    case 'info':
    case 'warning':
      // A notice is not where the conversation stands, unless it is the limit itself.
      if (text)
        out.push({
          key: key('text'),
          entry: isLimitText(text, 'gemini')
            ? { kind: 'error', at, text, limit: null, code: null }
            : { kind: 'system', at, text },
        });
      break;
    default:
      break;
  }
  return out;
}

export function entriesOf(client: TranscriptClient, line: string): KeyedEntry[] {
  switch (client) {
    case 'claude':
      return claudeEntries(line);
    case 'codex':
      return codexEntries(line);
    case 'gemini':
      return geminiEntries(line);
  }
}
