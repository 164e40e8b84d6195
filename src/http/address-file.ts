// <log-dir>/http.json: where the watchdog serves its HTTP API (written once it listens, removed when
// it stops), so `launch status --url` can say where to point a browser even for port 0.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { readJsonFile } from '../adapters/json-file.js';
import { isWatchdogAlive } from '../adapters/watchdog-lock.js';

export const ADDRESS_FILE = 'http.json';
export const addressPath = (logDir: string): string => join(logDir, ADDRESS_FILE);

const addressSchema = z.object({
  url: z.string(),
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  pid: z.number().int().positive(),
  tokenFile: z.string(),
  startedAt: z.string(),
});
export type HttpAddress = z.infer<typeof addressSchema>;

export function writeAddress(logDir: string, address: HttpAddress): void {
  writeFileAtomic(addressPath(logDir), `${JSON.stringify(address, null, 2)}\n`);
}

/** The address of a live watchdog's server; null when none serves (no file, or its pid is gone). */
export function readLiveAddress(logDir: string): HttpAddress | null {
  const read = readJsonFile(addressPath(logDir), addressSchema);
  if (!read.ok) return null;
  return isWatchdogAlive(read.value.pid) ? read.value : null;
}

/** Removes the file if it is this process's (a newer watchdog's file is left alone). */
export function removeAddress(logDir: string, pid = process.pid): void {
  const read = readJsonFile(addressPath(logDir), addressSchema);
  if (read.ok && read.value.pid === pid) rmSync(addressPath(logDir), { force: true });
}
