// `launch status`'s way to a fresh look at the panes through the run's live watchdog (its status
// socket, src/watchdog/status-socket.ts): null when no watchdog answers in time or it could not
// look, and status then runs tmux itself, as it always could.
import { createConnection } from 'node:net';
import type { PaneSnapshot } from '../adapters/tmux.js';
import {
  STATUS_SOCKET_MAX_LINE,
  statusAnswerSchema,
  statusSocketPath,
} from './status-socket-protocol.js';

/** Long enough for a watchdog busy with a tick; a wedged one costs status this much, once. */
export const WATCHDOG_PANES_TIMEOUT_MS = 1500;

/** A request on its way: `sent` once the watchdog has it (or it never will), then `answer`. */
export interface PanesRequest {
  readonly sent: Promise<void>;
  readonly answer: Promise<PaneSnapshot | null>;
}

/**
 * Asks the watchdog of `logDir` for every pane and the screens of `sessions`. A caller with other
 * work (files to read) awaits `sent`, does it while the watchdog looks, then awaits `answer`.
 */
export function requestWatchdogPanes(
  logDir: string,
  sessions: readonly string[],
  timeoutMs = WATCHDOG_PANES_TIMEOUT_MS,
): PanesRequest {
  let markSent: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const answer = new Promise<PaneSnapshot | null>((resolve) => {
    let buffered = '';
    let settled = false;
    const finish = (value: PaneSnapshot | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      markSent();
      resolve(value);
    };
    const socket = createConnection(statusSocketPath(logDir));
    const timer = setTimeout(() => finish(null), timeoutMs);
    socket.setEncoding('utf8');
    socket.once('error', () => finish(null));
    socket.once('connect', () =>
      socket.write(`${JSON.stringify({ logDir, sessions })}\n`, () => markSent()),
    );
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      if (buffered.length > STATUS_SOCKET_MAX_LINE) return finish(null);
      const end = buffered.indexOf('\n');
      if (end >= 0) finish(read(buffered.slice(0, end)));
    });
    socket.once('end', () => finish(read(buffered)));
  });
  return { sent, answer };
}

function read(line: string): PaneSnapshot | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = statusAnswerSchema.safeParse(value);
  if (!parsed.success || !parsed.data.ok) return null;
  return { panes: parsed.data.panes, screens: new Map(parsed.data.screens), calls: 0 };
}
