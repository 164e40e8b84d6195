// One question to a run's live watchdog over its status socket: the request line out, the answer
// line back (unchecked: watchdog-panes.ts reads it with zod), null when none comes in time. Light on
// purpose (no zod): `launch status` asks before the rest of the CLI loads (early-look.ts).
import { existsSync } from 'node:fs';
import { nodeNet } from '../util/node-net.js';
import { STATUS_SOCKET_MAX_LINE, statusSocketPath } from './status-socket-path.js';

/** Long enough for a watchdog busy with a tick; a wedged one costs status this much, once. */
export const WATCHDOG_PANES_TIMEOUT_MS = 1500;

/** A question on its way: `sent` once the watchdog has it (or it never will), then `line`. */
export interface WatchdogAsk {
  readonly sent: Promise<void>;
  readonly line: Promise<string | null>;
  /**
   * Someone waits for the answer now: it keeps the process alive, and no answer within the timeout
   * (counted from here) is null. Until then an early question (askEarly) holds neither: status may
   * end without needing it, and its own loading must not eat the watchdog's time.
   */
  wait(): void;
}

/** Asks the watchdog of `logDir` for every pane and the screens of `sessions`. */
export function askWatchdog(
  logDir: string,
  sessions: readonly string[],
  timeoutMs = WATCHDOG_PANES_TIMEOUT_MS,
): WatchdogAsk {
  return askWatchdogLine(logDir, { logDir, sessions }, timeoutMs);
}

/** Sends the watchdog of `logDir` one request line (`request` as JSON) and waits for its answer. */
export function askWatchdogLine(
  logDir: string,
  request: object,
  timeoutMs = WATCHDOG_PANES_TIMEOUT_MS,
): WatchdogAsk {
  const ask = startAsking(logDir, request, timeoutMs);
  ask.wait();
  return ask;
}

/** A watchdog that is not there: no socket to ask (nor node:net to load for it). */
const NOBODY: WatchdogAsk = {
  sent: Promise.resolve(),
  line: Promise.resolve(null),
  wait: () => undefined,
};

function startAsking(logDir: string, request: object, timeoutMs: number): WatchdogAsk {
  const path = statusSocketPath(logDir);
  if (!existsSync(path)) return NOBODY;
  let markSent: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const socket = nodeNet().createConnection(path);
  socket.unref();
  let finish: (value: string | null) => void = () => undefined;
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  const line = new Promise<string | null>((resolve) => {
    let buffered = '';
    finish = (value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      markSent();
      resolve(value);
    };
    socket.setEncoding('utf8');
    socket.once('error', () => finish(null));
    socket.once('connect', () => socket.write(`${JSON.stringify(request)}\n`, () => markSent()));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      if (buffered.length > STATUS_SOCKET_MAX_LINE) return finish(null);
      const end = buffered.indexOf('\n');
      if (end >= 0) finish(buffered.slice(0, end));
    });
    socket.once('end', () => finish(buffered));
  });
  return {
    sent,
    line,
    wait: () => {
      if (settled || timer !== undefined) return;
      socket.ref();
      timer = setTimeout(() => finish(null), timeoutMs);
    },
  };
}

let early: { readonly logDir: string; readonly ask: WatchdogAsk } | null = null;

/**
 * Asks the watchdog of `logDir` for every pane now, before anyone needs them: the answer waits for
 * takeEarlyAsk(). Until taken, it neither keeps the process alive nor counts the timeout.
 */
export function askEarly(logDir: string, timeoutMs = WATCHDOG_PANES_TIMEOUT_MS): void {
  early = { logDir, ask: startAsking(logDir, { logDir, sessions: [] }, timeoutMs) };
}

/**
 * The early question, when it was asked of this log dir and for no screens (the panes alone): one
 * taker. Another log dir or a need for screens: null, and the early one is let go.
 */
export function takeEarlyAsk(logDir: string, sessions: readonly string[]): WatchdogAsk | null {
  const taken = early;
  early = null;
  if (taken === null || taken.logDir !== logDir || sessions.length > 0) return null;
  taken.ask.wait();
  return taken.ask;
}
