// Writes a file so readers never see half of it: write a temp file beside it, fsync, rename. A write
// that fails (a full disk, a read-only mount) removes its temp file, and temp files left by a
// process killed mid-write are swept at start, so none pile up as 0-byte `.<name>.*.tmp` files.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join, basename } from 'node:path';

const tempName = (file: string): string => `.${basename(file)}.${process.pid}.${Date.now()}.tmp`;

export function writeFileAtomic(file: string, contents: string, mode = 0o644): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = join(dirname(file), tempName(file));
  const fd = openSync(temp, 'w', mode);
  try {
    try {
      writeSync(fd, contents);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (cause) {
    rmSync(temp, { force: true });
    throw cause;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files of `file` left by writers that died mid-write (their pid is gone) or by
 * this process (its writes are synchronous: none is in progress now). Returns how many went.
 * Never throws: a directory that cannot be listed or written has nothing we can clean.
 */
export function sweepTempFiles(file: string): number {
  const prefix = `.${basename(file)}.`;
  let entries: string[];
  try {
    entries = readdirSync(dirname(file));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const entry of entries) {
    const match = entry.startsWith(prefix)
      ? /^(\d+)\.\d+\.tmp$/.exec(entry.slice(prefix.length))
      : null;
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && isAlive(pid)) continue;
    try {
      rmSync(join(dirname(file), entry), { force: true });
      removed++;
    } catch {
      // read-only: left for the next sweep
    }
  }
  return removed;
}
