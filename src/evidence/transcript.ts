// The transcript source of evidence, read every tick: locate the session's transcript file, stat
// it, and only when its size or mtime changed read its tail (never the whole multi-MB file) for the
// newest meaningful record — a usage-limit error there is a limit with its exact reset — and the
// conversation id. The cache object is the observer's, one per session.
import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import type { TranscriptEvidence } from './types.js';
import {
  entriesOf,
  isMeaningful,
  type TranscriptClient,
  type TranscriptEntry,
} from './transcript-entries.js';
import { limitOf, type TranscriptLimit } from './transcript-limit.js';
import {
  forgetLocated,
  locateTranscript,
  newLocateCache,
  type LocateCache,
  type LocateInput,
} from './transcript-locate.js';

export type { LocateInput as TranscriptInput } from './transcript-locate.js';

/** How much of the end of a transcript is read when it changed. */
export const TAIL_BYTES = 64 * 1024;

export interface TranscriptCache {
  readonly locate: LocateCache;
  /** The file last read, and its size / mtime / inode then. */
  file: string | null;
  size: number;
  mtimeMs: number;
  ino: number;
  limit: TranscriptLimit | null;
  conversationId: string | null;
  /** Bytes read from transcripts through this cache (tail reads only), for the curious and tests. */
  bytesRead: number;
}

export const newTranscriptCache = (): TranscriptCache => ({
  locate: newLocateCache(),
  file: null,
  size: -1,
  mtimeMs: -1,
  ino: -1,
  limit: null,
  conversationId: null,
  bytesRead: 0,
});

/** The complete lines in the last `bytes` of an open file (a partial first or last line dropped). */
export function tailLines(
  fd: number,
  size: number,
  bytes = TAIL_BYTES,
): { lines: string[]; read: number } {
  const start = Math.max(0, size - bytes);
  const buffer = Buffer.alloc(size - start);
  let read = 0;
  while (read < buffer.length) {
    const got = readSync(fd, buffer, read, buffer.length - read, start + read);
    if (got === 0) break;
    read += got;
  }
  const lines = buffer.subarray(0, read).toString('utf8').split('\n');
  // The last piece has no newline yet: a record still being written (or '' after the last one).
  lines.pop();
  // Started mid-file: the first piece is the end of a record.
  if (start > 0) lines.shift();
  return { lines, read };
}

/**
 * What a tail says: the newest meaningful entry and the newest conversation id named at or after
 * it. Read from the end, stopping at the first line with a meaningful entry: a busy transcript's
 * tail holds many records, and only the newest matters.
 */
export function readTail(
  client: TranscriptClient,
  lines: readonly string[],
): { newest: TranscriptEntry | null; conversationId: string | null } {
  let conversationId: string | null = null;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const entries = entriesOf(client, lines[index] ?? '').map(({ entry }) => entry);
    conversationId ??= entries.findLast((entry) => entry.kind === 'meta')?.conversationId ?? null;
    const newest = entries.findLast(isMeaningful);
    if (newest) return { newest, conversationId };
  }
  return { newest: null, conversationId };
}

/**
 * The transcript evidence for one session. `now` (ms) paces re-scans for a newer file; `zone` is
 * where reset times printed without a zone are read.
 */
export function readTranscriptEvidence(
  input: LocateInput,
  cache: TranscriptCache,
  now: number,
  zone: string,
): TranscriptEvidence {
  const located = locateTranscript(input, cache.locate, now);
  if (located.kind === 'absent') return { kind: 'absent', reason: located.reason };
  return readTranscriptFile(located, cache, zone);
}

/** The evidence in one known transcript file (also `launch classify --evidence --transcript FILE`). */
export function readTranscriptFile(
  located: {
    readonly client: TranscriptClient;
    readonly file: string;
    readonly conversationId: string | null;
  },
  cache: TranscriptCache,
  zone: string,
): TranscriptEvidence {
  // A stat per tick; the file is opened only when it changed.
  let stat: Stats;
  try {
    stat = statSync(located.file);
  } catch {
    // Gone (deleted, moved): look again at the next tick.
    forgetLocated(cache.locate);
    return { kind: 'absent', reason: `${located.file} cannot be read` };
  }
  const changed =
    cache.file !== located.file ||
    cache.size !== stat.size ||
    cache.mtimeMs !== stat.mtimeMs ||
    cache.ino !== stat.ino;
  if (changed) {
    let fd: number;
    try {
      fd = openSync(located.file, 'r');
    } catch {
      return { kind: 'absent', reason: `${located.file} cannot be read` };
    }
    try {
      // Read up to the size seen: what is appended meanwhile is read at the next change.
      const { lines, read } = tailLines(fd, stat.size);
      cache.bytesRead += read;
      const tail = readTail(located.client, lines);
      cache.file = located.file;
      cache.size = stat.size;
      cache.mtimeMs = stat.mtimeMs;
      cache.ino = stat.ino;
      cache.limit = tail.newest ? limitOf(tail.newest, located.client, stat.mtimeMs, zone) : null;
      cache.conversationId = tail.conversationId ?? located.conversationId;
    } finally {
      closeSync(fd);
    }
  }
  return {
    kind: 'seen',
    file: located.file,
    writtenAt: Math.floor(stat.mtimeMs),
    limit: cache.limit,
    conversationId: cache.conversationId,
  };
}
