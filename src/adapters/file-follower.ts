// Reads the end of a file and follows what is appended to it (like `tail -f`, without spawning it),
// surviving truncation and rotation (the file shrinks or is replaced: read it from the start).
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { watch } from 'chokidar';

/** The last `lines` lines of `file` (reads only its tail), and the byte offset where it ends. */
export function readLastLines(
  file: string,
  lines: number,
  maxBytes = 4 * 1024 * 1024,
): { text: string; end: number } {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return { text: '', end: 0 };
  }
  const start = Math.max(0, size - maxBytes);
  const buffer = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  const all = buffer.toString('utf8').split('\n');
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
}

export interface Follower {
  readonly close: () => Promise<void>;
}

/** Calls `onText` with every complete chunk appended after `from`. */
export function followFile(file: string, from: number, onText: (text: string) => void): Follower {
  let offset = from;
  let inode: number | null = null;
  const readMore = (): void => {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return; // not there (yet, or mid-rotation)
    }
    if ((inode !== null && stat.ino !== inode) || stat.size < offset) offset = 0;
    inode = stat.ino;
    if (stat.size === offset) return;
    const buffer = Buffer.alloc(stat.size - offset);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = stat.size;
    onText(buffer.toString('utf8'));
  };
  try {
    inode = statSync(file).ino;
  } catch {
    inode = null;
  }
  const watcher = watch(file, { ignoreInitial: true, persistent: true });
  watcher.on('add', readMore).on('change', readMore);
  // Safety net for filesystems where change events are lost.
  const timer = setInterval(readMore, 1_000);
  return {
    close: async () => {
      clearInterval(timer);
      await watcher.close();
    },
  };
}
