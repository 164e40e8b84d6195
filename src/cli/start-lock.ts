// One `launch start` at a time per log dir: <log-dir>/start.lock, created with O_EXCL before start
// stops or starts anything, removed when it ends. Two starts racing would otherwise both kill and
// create sessions (the loser printing ✓ for agents the winner then owns). A lock whose holder is
// gone (kill -9, a crash) is stale and taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CliError, EXIT_RUNTIME } from '../util/errors.js';

export const START_LOCK_FILE = 'start.lock';

const holderSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  startedAt: z.string(),
});
type StartHolder = z.infer<typeof holderSchema>;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // A recycled pid running something else does not hold it.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('start');
  } catch {
    return true;
  }
}

/** The holder as written (null: no lock, or a damaged one). */
function readHolder(file: string): StartHolder | null {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Takes the start lock or throws the one-line refusal (exit 1) naming the start that holds it.
 * Returns the function that releases it.
 */
export function takeStartLock(logDir: string, now: Date): () => void {
  const file = join(logDir, START_LOCK_FILE);
  const mine: StartHolder = { pid: process.pid, host: hostname(), startedAt: now.toISOString() };
  mkdirSync(logDir, { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      try {
        writeSync(fd, `${JSON.stringify(mine)}\n`);
      } finally {
        closeSync(fd);
      }
      return () => {
        if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
      };
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
    }
    const holder = readHolder(file);
    // A lock still being written (created, not yet filled) is someone's: it won.
    if (holder === null && attempt === 0) {
      const age = Date.now() - safeMtime(file);
      if (age < 5_000) throw refusal(null, logDir);
    }
    if (holder !== null && (holder.host !== hostname() || isAlive(holder.pid)))
      throw refusal(holder.pid, logDir);
    rmSync(file, { force: true }); // stale: its start died without removing it
  }
  throw refusal(readHolder(file)?.pid ?? null, logDir);
}

function safeMtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function refusal(pid: number | null, logDir: string): CliError {
  return new CliError(
    `another \`launch start\`${pid === null ? '' : ` (pid ${pid})`} is starting this run (log dir ${logDir}); it won, nothing was touched`,
    EXIT_RUNTIME,
  );
}
