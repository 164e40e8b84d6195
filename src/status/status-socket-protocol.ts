// What a live watchdog's status socket is and says: where it is for a log dir, the one-line request
// `launch status` sends (the sessions whose screens it wants) and the one-line answer (every pane,
// those screens), each checked with zod on the side that reads it.
import { join } from 'node:path';
import { z } from 'zod';
import { linkDirPath } from '../adapters/pane-log-link.js';
import { nameHash } from '../util/name-hash.js';

/** Longest request or answer line read (an answer holds a few 200x50 screens). */
export const STATUS_SOCKET_MAX_LINE = 4 * 1024 * 1024;

export const STATUS_SOCKET_SUFFIX = '.status.sock';

/** Unix socket paths are limited to about 100 bytes: a per-user short folder, named by hash. */
export function statusSocketPath(logDir: string): string {
  return join(linkDirPath(), `${nameHash(logDir)}${STATUS_SOCKET_SUFFIX}`);
}

export const statusRequestSchema = z.strictObject({
  /** The run asked about: socket names are short hashes, and a clash must not answer for another. */
  logDir: z.string(),
  sessions: z.array(z.string().min(1).max(256)).max(256),
});
export type StatusRequest = z.output<typeof statusRequestSchema>;

const paneSchema = z.strictObject({
  session: z.string(),
  paneId: z.string(),
  pid: z.number(),
  dead: z.boolean(),
  deadStatus: z.number().nullable(),
  activity: z.number(),
  command: z.string(),
  width: z.number(),
  height: z.number(),
});

export const statusAnswerSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    panes: z.array(paneSchema),
    screens: z.array(z.tuple([z.string(), z.string().nullable()])),
  }),
  z.strictObject({ ok: z.literal(false), reason: z.string() }),
]);
export type StatusAnswer = z.output<typeof statusAnswerSchema>;
