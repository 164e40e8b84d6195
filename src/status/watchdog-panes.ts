// `launch status`'s way to a fresh look at the panes through the run's live watchdog (its status
// socket, src/watchdog/status-socket.ts): null when no watchdog answers in time or it could not
// look, and status then runs tmux itself, as it always could.
import type { PaneSnapshot } from '../adapters/tmux.js';
import { statusAnswerSchema } from './status-socket-protocol.js';
import { askWatchdog, takeEarlyAsk, WATCHDOG_PANES_TIMEOUT_MS } from './watchdog-ask.js';

/** A request on its way: `sent` once the watchdog has it (or it never will), then `answer`. */
export interface PanesRequest {
  readonly sent: Promise<void>;
  readonly answer: Promise<PaneSnapshot | null>;
}

/**
 * Asks the watchdog of `logDir` for every pane and the screens of `sessions`. A caller with other
 * work (files to read) awaits `sent`, does it while the watchdog looks, then awaits `answer`. The
 * question status asked at its start (early-look.ts) is used when it fits: same run, no screens.
 */
export function requestWatchdogPanes(
  logDir: string,
  sessions: readonly string[],
  timeoutMs = WATCHDOG_PANES_TIMEOUT_MS,
): PanesRequest {
  const ask = takeEarlyAsk(logDir, sessions) ?? askWatchdog(logDir, sessions, timeoutMs);
  return { sent: ask.sent, answer: ask.line.then((line) => (line === null ? null : read(line))) };
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
