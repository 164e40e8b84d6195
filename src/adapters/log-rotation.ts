// Size-based rotation of an append-only file: <file> → <file>.1 → … → <file>.<keep>, by rename only.
// Rename never loses a line: a writer that opened the file before the rename finishes its write in
// <file>.1, and the next open by path creates a fresh <file>. Rotators serialise on a lock file,
// and re-check the size once they hold it, so two of them never shift the same files twice.
import { closeSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface RotationLimits {
  readonly maxBytes: number;
  /** Rotated files kept (<file>.1 newest … <file>.<keep> oldest). */
  readonly keep: number;
}

export type RotationOutcome =
  | { readonly kind: 'rotated'; readonly bytes: number }
  | { readonly kind: 'small' }
  | { readonly kind: 'missing' }
  /** Another process holds the rotation lock (it is rotating this file right now). */
  | { readonly kind: 'busy' };

/** A lock older than this is left over from a crash mid-rotation (a rotation takes milliseconds). */
const STALE_LOCK_MS = 60_000;

export const rotatedPath = (file: string, index: number): string => `${file}.${index}`;
const lockPathOf = (file: string): string => join(dirname(file), `.${basename(file)}.rotate-lock`);

export const megabytes = (mb: number): number => Math.round(mb * 1024 * 1024);

function sizeOf(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

function takeLock(file: string): (() => void) | null {
  const lock = lockPathOf(file);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o644);
      try {
        writeSync(fd, `${process.pid}\n`);
      } catch {
        // a full disk: the file's existence is the lock, its pid only a courtesy
      } finally {
        closeSync(fd);
      }
      return () => {
        try {
          rmSync(lock, { force: true });
        } catch {
          // read-only by now: the next rotator treats it as stale after a minute
        }
      };
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
    }
    let age: number;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      continue; // released between our attempt and the stat: try again
    }
    if (age < STALE_LOCK_MS) return null;
    rmSync(lock, { force: true });
  }
  return null;
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
  }
}

/** Removes rotated files past `keep` (left when LOG_KEEP was lowered). */
function pruneBeyond(file: string, keep: number): void {
  for (const index of rotatedIndices(file))
    if (index > keep) rmSync(rotatedPath(file, index), { force: true });
}

/**
 * Rotates `file` when it is larger than `maxBytes` (or always, with `force`). Only renames: the
 * caller reopens writers that hold the file open for good (a tmux pipe, a pino destination).
 */
export function rotateFile(
  file: string,
  limits: RotationLimits,
  options: { readonly force?: boolean } = {},
): RotationOutcome {
  const size = sizeOf(file);
  if (size === null) return { kind: 'missing' };
  if (!options.force && size <= limits.maxBytes) return { kind: 'small' };
  const release = takeLock(file);
  if (release === null) return { kind: 'busy' };
  try {
    // Someone may have rotated it between our stat and the lock.
    const now = sizeOf(file);
    if (now === null) return { kind: 'missing' };
    if (!options.force && now <= limits.maxBytes) return { kind: 'small' };
    for (let index = limits.keep - 1; index >= 1; index--)
      renameIfThere(rotatedPath(file, index), rotatedPath(file, index + 1));
    renameSync(file, rotatedPath(file, 1));
    pruneBeyond(file, limits.keep);
    return { kind: 'rotated', bytes: now };
  } finally {
    release();
  }
}

/** Indices of the rotated files beside `file` (whatever LOG_KEEP was when they were made). */
function rotatedIndices(file: string): number[] {
  const name = basename(file);
  let entries: string[];
  try {
    entries = readdirSync(dirname(file));
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.startsWith(`${name}.`))
    .map((entry) => Number(entry.slice(name.length + 1)))
    .filter((index) => Number.isInteger(index) && index >= 1);
}

/** The file and its rotated predecessors that exist, oldest first (the order lines were written). */
export function rotationSet(file: string): string[] {
  const files = rotatedIndices(file)
    .sort((a, b) => b - a)
    .map((index) => rotatedPath(file, index));
  if (sizeOf(file) !== null) files.push(file);
  return files;
}
