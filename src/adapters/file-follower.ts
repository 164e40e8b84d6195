// Reads the end of a file and follows what is appended to it (like `tail -F`, without spawning it),
// surviving truncation and rotation: the open file is read to its end before the follower moves to
// the new file at the path, and for a few seconds after, so lines a writer finished in the rotated
// file are not lost.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { FSWatcher } from 'chokidar';
import { rotationSet } from './log-rotation.js';

function readRange(fd: number, start: number, end: number): Buffer {
  const buffer = Buffer.alloc(end - start);
  let read = 0;
  while (read < buffer.length) {
    const got = readSync(fd, buffer, read, buffer.length - read, start + read);
    if (got === 0) break;
    read += got;
  }
  return buffer.subarray(0, read);
}

/** The last `lines` lines of `file` (reads only its tail), and the byte offset where it ends. */
export function readLastLines(
  file: string,
  lines: number,
  maxBytes = 4 * 1024 * 1024,
): { text: string; end: number } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { text: '', end: 0 };
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - maxBytes);
    const all = readRange(fd, start, size).toString('utf8').split('\n');
    if (all[all.length - 1] === '') all.pop();
    // A partial first line (we started mid-file) is not a line.
    if (start > 0) all.shift();
    return {
      text: all
        .slice(-lines)
        .map((line) => `${line}\n`)
        .join(''),
      end: size,
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * The last `lines` lines written to `file` and its rotated predecessors (<file>.1, …): right after a
 * rotation the current file is nearly empty, and the lines asked for are in the previous one.
 */
export function readLastLinesAcross(
  file: string,
  lines: number,
  maxBytes = 4 * 1024 * 1024,
): { text: string; end: number } {
  const files = rotationSet(file).reverse(); // newest first
  let text = '';
  let end = 0;
  let have = 0;
  let budget = maxBytes;
  for (const [index, current] of files.entries()) {
    const part = readLastLines(current, lines - have, budget);
    if (index === 0 && current === file) end = part.end;
    text = part.text + text;
    have += part.text.split('\n').length - 1;
    budget -= Math.min(part.end, budget);
    if (have >= lines || budget <= 0) break;
  }
  return { text, end };
}

export interface Follower {
  readonly close: () => Promise<void>;
}

interface OpenFile {
  readonly fd: number;
  readonly ino: number;
  offset: number;
}

/** How long a rotated-away file is still read, for writes that were under way when it was renamed. */
const RETIRED_GRACE_MS = 5_000;

/** Calls `onText` with every chunk appended after `from` (to this file and to its successors). */
export function followFile(file: string, from: number, onText: (text: string) => void): Follower {
  const openAt = (offset: number): OpenFile | null => {
    try {
      const fd = openSync(file, 'r');
      return { fd, ino: fstatSync(fd).ino, offset };
    } catch {
      return null;
    }
  };
  const drain = (open: OpenFile): void => {
    const size = fstatSync(open.fd).size;
    if (size < open.offset) open.offset = 0; // truncated in place: read it again from the start
    if (size === open.offset) return;
    const chunk = readRange(open.fd, open.offset, size);
    open.offset += chunk.length;
    if (chunk.length > 0) onText(chunk.toString('utf8'));
  };

  let current = openAt(from);
  let retired: { open: OpenFile; until: number }[] = [];
  let closed = false;
  const readMore = (): void => {
    if (closed) return;
    const now = Date.now();
    for (const old of retired) drain(old.open);
    for (const old of retired.filter((candidate) => candidate.until <= now)) closeSync(old.open.fd);
    retired = retired.filter((candidate) => candidate.until > now);
    if (current) drain(current);
    let ino: number;
    try {
      ino = statSync(file).ino;
    } catch {
      return; // renamed away and not yet recreated: keep reading the open one
    }
    if (current && current.ino === ino) return;
    // Rotated (or created): finish the old file, then read the new one from its start.
    if (current) retired.push({ open: current, until: now + RETIRED_GRACE_MS });
    current = openAt(0);
    if (current) drain(current);
  };
  // chokidar is loaded here, not with the module: readers of a file's tail (`launch status`) never
  // follow, and it is slow to load. Until it is, the timer below reads on its own.
  let watcher: FSWatcher | null = null;
  const watching = import('chokidar').then(({ watch }) => {
    if (closed) return;
    watcher = watch(file, { ignoreInitial: true, persistent: true });
    watcher.on('add', readMore).on('change', readMore);
  });
  // Safety net for filesystems where change events are lost (and for the path's new file).
  const timer = setInterval(readMore, 1_000);
  readMore();
  return {
    close: async () => {
      closed = true;
      clearInterval(timer);
      await watching;
      await watcher?.close();
      for (const open of [current, ...retired.map((old) => old.open)]) if (open) closeSync(open.fd);
      current = null;
      retired = [];
    },
  };
}
