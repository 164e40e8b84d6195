// Where a live watchdog's status socket is for a log dir, and how long a line on it may be. Kept
// apart from the protocol's schemas (zod) so `launch status` can ask before anything else loads.
import { join } from 'node:path';
import { linkDirPath } from '../adapters/pane-log-link.js';
import { nameHash } from '../util/name-hash.js';

/** Longest request or answer line read (an answer holds a few 200x50 screens). */
export const STATUS_SOCKET_MAX_LINE = 4 * 1024 * 1024;

export const STATUS_SOCKET_SUFFIX = '.status.sock';

/** Unix socket paths are limited to about 100 bytes: a per-user short folder, named by hash. */
export function statusSocketPath(logDir: string): string {
  return join(linkDirPath(), `${nameHash(logDir)}${STATUS_SOCKET_SUFFIX}`);
}
