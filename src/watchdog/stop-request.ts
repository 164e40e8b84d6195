// Who asked the watchdog to stop: `launch stop` leaves <log-dir>/stop-request.json just before it
// signals, and the watchdog, ending on that signal, names it in `watchdog-stopped` (`requestedBy`).
// A SIGTERM alone cannot say whether a person, systemd or a shutdown sent it; the dashboard and
// `launch status` want to say "stopped by launch stop", not "signal SIGTERM".
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { readJsonFile } from '../adapters/json-file.js';

export const STOP_REQUEST_FILE = 'stop-request.json';
/** A request older than this is a leftover (its stop never reached a watchdog), not an answer. */
const FRESH_MS = 60_000;

const requestSchema = z.object({ by: z.string().max(100), at: z.string() });

const requestPath = (logDir: string): string => join(logDir, STOP_REQUEST_FILE);

export function writeStopRequest(logDir: string, by: string, now: Date): void {
  writeFileAtomic(requestPath(logDir), `${JSON.stringify({ by, at: now.toISOString() })}\n`);
}

/** Who asked (and forgets it), or null when nobody did lately. */
export function takeStopRequest(logDir: string, now: Date): string | null {
  const read = readJsonFile(requestPath(logDir), requestSchema);
  rmSync(requestPath(logDir), { force: true });
  if (!read.ok) return null;
  const age = now.getTime() - Date.parse(read.value.at);
  return age >= -5_000 && age <= FRESH_MS ? read.value.by : null;
}
