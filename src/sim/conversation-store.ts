// The sim's transcript: one file per conversation, <log dir>/sim/transcripts/<id>.jsonl (the path
// its hooks report as transcript_path) — the id in the file name and in its first record, then one
// record per screen entry — so `--resume <id>` brings the conversation back where it was, and an
// id it never had fails as Claude Code's does. Written atomically; checked by zod when read.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { err, ok, type Result } from '../util/result.js';
import type { SavedConversation, TranscriptEntry } from './model.js';
import { progressDir } from './progress-store.js';

/** Claude Code 2.1.197's words for a `--resume` of an id it has no conversation for (then exit 1). */
export const NO_CONVERSATION = 'No conversation found with session ID:';

/** Entries kept in the file (the screen shows far fewer). */
const KEPT_ENTRIES = 200;

const headSchema = z.object({
  type: z.literal('conversation'),
  sessionId: z.string(),
  turns: z.number().int().nonnegative(),
});
const entrySchema = z.object({
  type: z.literal('entry'),
  kind: z.enum(['event', 'input', 'raw', 'error']),
  text: z.string(),
});

/** Ids are UUIDs the sim made; anything else never names a file outside the folder. */
const SAFE_ID = /^[A-Za-z0-9._-]{1,200}$/;

export function conversationFile(logDir: string, id: string): string {
  return join(progressDir(logDir), 'transcripts', `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`);
}

export function writeConversation(logDir: string, id: string, saved: SavedConversation): void {
  const lines = [
    JSON.stringify({ type: 'conversation', sessionId: id, turns: saved.turns }),
    ...saved.transcript
      .slice(-KEPT_ENTRIES)
      .map((entry) => JSON.stringify({ type: 'entry', kind: entry.kind, text: entry.text })),
  ];
  writeFileAtomic(conversationFile(logDir, id), `${lines.join('\n')}\n`);
}

/** The conversation `id`, or why it cannot be resumed (none such, or its file is damaged). */
export function readConversation(logDir: string, id: string): Result<SavedConversation, string> {
  if (!SAFE_ID.test(id)) return err('not an id the sim makes');
  let text: string;
  try {
    text = readFileSync(conversationFile(logDir, id), 'utf8');
  } catch {
    return err('no such conversation');
  }
  const [first, ...rest] = text.split('\n').filter((line) => line.trim() !== '');
  try {
    const head = headSchema.safeParse(JSON.parse(first ?? ''));
    if (!head.success || head.data.sessionId !== id) return err('its transcript is damaged');
    const transcript: TranscriptEntry[] = [];
    for (const line of rest) {
      const entry = entrySchema.safeParse(JSON.parse(line));
      if (entry.success) transcript.push({ kind: entry.data.kind, text: entry.data.text });
    }
    return ok({ turns: head.data.turns, transcript });
  } catch {
    return err('its transcript is damaged');
  }
}
