// opencode's signals: sessions attached to OPENCODE_SERVER report through the server's event stream
// (GET <server>/event?directory=<dir>, Server-Sent Events, one JSON `{type, properties}` per event;
// opencode 1.18.33). This observer follows the stream for one launch session's directory and writes
// the events launch uses as signal lines to <log-dir>/signals/<session>.jsonl, reconnecting with a
// backoff when the stream ends. The watchdog starts one per opencode session and stops it with it.
import { appendSignalLine } from './signal-file.js';
import { clip } from './signal-normalize.js';
import type { SignalLine } from './types.js';

type Json = Readonly<Record<string, unknown>>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? clip(value) : undefined;

/** One event as the stream carries it. */
export interface OpencodeEvent {
  readonly type: string;
  readonly properties: Json;
}

export function parseOpencodeEvent(data: string): OpencodeEvent | null {
  try {
    const value: unknown = JSON.parse(data);
    if (!isObject(value) || typeof value.type !== 'string') return null;
    return { type: value.type, properties: isObject(value.properties) ? value.properties : {} };
  } catch {
    return null;
  }
}

/**
 * What the observer remembers to write each fact once: opencode repeats message.updated and
 * message.part.updated as a message or tool call grows, and sends session.status and session.idle
 * for the same turn end.
 */
export interface OpencodeMemory {
  readonly seen: Set<string>;
  readonly status: Map<string, string>;
}
export const newOpencodeMemory = (): OpencodeMemory => ({ seen: new Set(), status: new Map() });
const MEMORY_CAP = 500;

function once(memory: OpencodeMemory, key: string): boolean {
  if (memory.seen.has(key)) return false;
  if (memory.seen.size >= MEMORY_CAP) memory.seen.clear();
  memory.seen.add(key);
  return true;
}

/** The session's status changed (busy / idle / retry): true once per change. */
function statusChanged(memory: OpencodeMemory, sessionId: string, status: string): boolean {
  if (memory.status.get(sessionId) === status) return false;
  if (memory.status.size >= MEMORY_CAP) memory.status.clear();
  memory.status.set(sessionId, status);
  return true;
}

/**
 * The signal line for an event, or null when it says nothing new launch uses. Event names and
 * fields from opencode 1.18.33's bundle: session.created {info}, session.status {sessionID,
 * status: {type: busy | idle | retry}}, session.idle {sessionID}, message.updated {sessionID, info:
 * {id, role}}, message.part.updated {part: {type: "tool", callID, tool, state: {status}}},
 * permission.asked {id, sessionID, permission, patterns}, question.asked {id, sessionID, ...}.
 */
export function opencodeEventToSignal(
  event: OpencodeEvent,
  memory: OpencodeMemory,
  ts: string,
): SignalLine | null {
  const p = event.properties;
  const info = isObject(p.info) ? p.info : {};
  const sessionId = str(p.sessionID) ?? str(info.sessionID);
  const base = { ts, source: 'opencode' as const, raw: event.type };
  const withId = (line: SignalLine): SignalLine =>
    sessionId === undefined ? line : { ...line, conversationId: sessionId };
  switch (event.type) {
    case 'session.created': {
      const id = str(info.id);
      if (id === undefined || !once(memory, `created:${id}`)) return null;
      return { ...base, event: 'session-start', conversationId: id };
    }
    case 'session.status': {
      const status = isObject(p.status) ? str(p.status.type) : undefined;
      if (sessionId === undefined || status === undefined) return null;
      if (!statusChanged(memory, sessionId, status)) return null;
      const raw = `session.status ${status}`;
      if (status === 'idle') return withId({ ...base, raw, event: 'stop' });
      // Busy: a turn runs. Recorded as work in progress (no tool name).
      if (status === 'busy') return withId({ ...base, raw, event: 'tool-start' });
      if (status === 'retry') {
        const message = isObject(p.status) ? str(p.status.message) : undefined;
        return withId({
          ...base,
          raw,
          event: 'notification',
          notificationKind: 'retry',
          ...(message === undefined ? {} : { message }),
        });
      }
      return null;
    }
    case 'session.idle':
      if (sessionId === undefined || !statusChanged(memory, sessionId, 'idle')) return null;
      return withId({ ...base, event: 'stop' });
    case 'message.updated': {
      const id = str(info.id);
      if (info.role !== 'user' || id === undefined || !once(memory, `prompt:${id}`)) return null;
      return withId({ ...base, event: 'prompt-submitted' });
    }
    case 'message.part.updated': {
      const part = isObject(p.part) ? p.part : {};
      if (part.type !== 'tool') return null;
      const state = isObject(part.state) ? part.state : {};
      const status = str(state.status);
      const call = str(part.callID) ?? str(part.id);
      const event =
        status === 'running'
          ? 'tool-start'
          : status === 'completed' || status === 'error'
            ? 'tool-end'
            : null;
      if (event === null || call === undefined || !once(memory, `${event}:${call}`)) return null;
      const tool = str(part.tool);
      const partSession = str(part.sessionID) ?? sessionId;
      return {
        ...base,
        event,
        ...(tool === undefined ? {} : { tool }),
        ...(partSession === undefined ? {} : { conversationId: partSession }),
      };
    }
    case 'permission.asked': {
      const id = str(p.id);
      if (id !== undefined && !once(memory, `permission:${id}`)) return null;
      const patterns = Array.isArray(p.patterns)
        ? p.patterns.filter((item): item is string => typeof item === 'string').join(', ')
        : '';
      const what = str(p.permission) ?? 'permission';
      return withId({
        ...base,
        event: 'notification',
        notificationKind: 'permission',
        message: clip(patterns === '' ? what : `${what}: ${patterns}`),
      });
    }
    case 'question.asked': {
      const id = str(p.id);
      if (id !== undefined && !once(memory, `question:${id}`)) return null;
      const first = Array.isArray(p.questions) && isObject(p.questions[0]) ? p.questions[0] : {};
      return withId({
        ...base,
        event: 'notification',
        notificationKind: 'question',
        message: str(first.question) ?? str(first.header) ?? 'question',
      });
    }
    default:
      return null;
  }
}

/** Splits an SSE text stream into the `data` of each event; keeps the unfinished rest. */
export function splitSse(buffer: string): { readonly data: string[]; readonly rest: string } {
  const normalized = buffer.replace(/\r\n?/g, '\n');
  const blocks = normalized.split('\n\n');
  const rest = blocks.pop() ?? '';
  const data: string[] = [];
  for (const block of blocks) {
    const lines = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''));
    if (lines.length > 0) data.push(lines.join('\n'));
  }
  return { data, rest };
}

export interface OpencodeObserverOptions {
  /** OPENCODE_SERVER, e.g. http://127.0.0.1:4096 (user:password@ becomes a Basic header). */
  readonly server: string;
  /** The session's working directory (opencode scopes its events by directory). */
  readonly directory: string;
  readonly logDir: string;
  readonly session: string;
  readonly now?: () => Date;
  /** First reconnect delay; doubles up to 30 s, back to this after a stream delivered events. */
  readonly retryMs?: number;
  /** Told once per failed connection (for the watchdog's log); never throws into the stream. */
  readonly onError?: (message: string) => void;
}

export interface OpencodeObserver {
  /** Ends the stream and the reconnect loop. */
  stop(): Promise<void>;
}

const MAX_RETRY_MS = 30_000;
/** An event's data larger than this is dropped (the buffer never grows without bound). */
const MAX_BUFFER_CHARS = 1024 * 1024;

function eventUrl(server: string, directory: string): { url: string; headers: Headers } {
  const url = new URL('/event', server);
  url.searchParams.set('directory', directory);
  const headers = new Headers({ accept: 'text/event-stream' });
  if (url.username !== '' || url.password !== '') {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    headers.set('authorization', `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
    url.username = '';
    url.password = '';
  }
  return { url: url.toString(), headers };
}

/** Starts following the server's events for one session; returns at once. */
export function startOpencodeObserver(options: OpencodeObserverOptions): OpencodeObserver {
  const controller = new AbortController();
  const now = options.now ?? (() => new Date());
  const firstRetry = options.retryMs ?? 2000;
  const memory = newOpencodeMemory();
  // The server as messages show it: never its password.
  const shownServer = (() => {
    try {
      const url = new URL(options.server);
      url.username = '';
      url.password = '';
      return url.origin;
    } catch {
      return 'OPENCODE_SERVER';
    }
  })();
  // The pending reconnect delay, cut short by stop().
  const pause: { wake: (() => void) | null } = { wake: null };

  const write = (data: string) => {
    const event = parseOpencodeEvent(data);
    if (event === null) return;
    const line = opencodeEventToSignal(event, memory, now().toISOString());
    if (line === null) return;
    try {
      appendSignalLine(options.logDir, options.session, line);
    } catch (error) {
      options.onError?.(`cannot write a signal: ${(error as Error).message}`);
    }
  };

  const follow = async (): Promise<boolean> => {
    const { url, headers } = eventUrl(options.server, options.directory);
    const response = await fetch(url, { headers, signal: controller.signal });
    if (!response.ok || response.body === null)
      throw new Error(`GET /event answered ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    let delivered = false;
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      const { data, rest } = splitSse(buffer);
      buffer = rest.length > MAX_BUFFER_CHARS ? '' : rest;
      for (const item of data) write(item);
      delivered ||= data.length > 0;
    }
    return delivered;
  };

  const loop = async () => {
    let delay = firstRetry;
    while (!controller.signal.aborted) {
      try {
        if (await follow()) delay = firstRetry;
      } catch (error) {
        if (controller.signal.aborted) break;
        options.onError?.(`opencode events from ${shownServer}: ${(error as Error).message}`);
      }
      if (controller.signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        pause.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      pause.wake = null;
      delay = Math.min(MAX_RETRY_MS, delay * 2);
    }
  };
  const running = loop();

  return {
    stop: async () => {
      controller.abort();
      pause.wake?.();
      await running;
    },
  };
}
