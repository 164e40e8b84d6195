// Finds the transcript file a client writes for a session: where each client keeps them (the
// folder and its naming taken from the client's own code), which one is this session's (the path
// its SessionStart signal named, else the newest written since the session started, matching the
// session's working directory), and a small cache so that a tick costs a stat, not a folder scan.
import { createHash } from 'node:crypto';
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Backend } from '../config/fields.js';
import type { TranscriptClient } from './transcript-entries.js';

/** The environment the agents run with: where their homes are. */
export interface TranscriptEnv {
  readonly HOME?: string | undefined;
  readonly CLAUDE_CONFIG_DIR?: string | undefined;
  readonly CODEX_HOME?: string | undefined;
  readonly GEMINI_CLI_HOME?: string | undefined;
}

export interface LocateInput {
  readonly backend: Backend;
  /** The session's working directory (the client's cwd). */
  readonly workdir: string;
  /** When the session was (re)started, ms since epoch; null: unknown (take the newest). */
  readonly sessionStartedAt: number | null;
  /** The transcript path the client's SessionStart signal named, if any. */
  readonly hintPath: string | null;
  readonly env: TranscriptEnv;
}

export type Located =
  | {
      readonly kind: 'found';
      readonly client: TranscriptClient;
      readonly file: string;
      readonly conversationId: string | null;
    }
  | {
      readonly kind: 'absent';
      readonly reason: string;
      /** The folders searched, for a person ("no transcript in …"). */
      readonly lookedIn: readonly string[];
    };

/** What a file's first record says (Codex: cwd and id; Gemini: session id); read once per file. */
interface Head {
  readonly ino: number;
  readonly cwd: string | null;
  readonly id: string | null;
}

export interface LocateCache {
  key: string;
  at: number;
  result: Located | null;
  readonly heads: Map<string, Head>;
}

export const newLocateCache = (): LocateCache => ({
  key: '',
  at: 0,
  result: null,
  heads: new Map(),
});

/** How often a located transcript is checked for a newer one (a /clear, a restart). */
export const RESCAN_MS = 15_000;
/** A file's mtime may be this much older than the session start and still be its transcript. */
const START_SLACK_MS = 1_000;
/** How much of a file's start is read to find its first record (Codex's holds the instructions). */
const HEAD_BYTES = 256 * 1024;

const nonEmpty = (value: string | undefined): string | null =>
  value !== undefined && value !== '' ? value : null;

const homeOf = (env: TranscriptEnv): string => nonEmpty(env.HOME) ?? '/';

/** Claude Code: CLAUDE_CONFIG_DIR, else ~/.claude (NFC, as the client normalises it). */
export const claudeConfigDir = (env: TranscriptEnv): string =>
  (nonEmpty(env.CLAUDE_CONFIG_DIR) ?? join(homeOf(env), '.claude')).normalize('NFC');

/** Codex: CODEX_HOME, else ~/.codex. */
export const codexHome = (env: TranscriptEnv): string =>
  nonEmpty(env.CODEX_HOME) ?? join(homeOf(env), '.codex');

/** Gemini CLI: GEMINI_CLI_HOME (a home, not the .gemini folder), else HOME; then .gemini. */
export const geminiDir = (env: TranscriptEnv): string =>
  join(nonEmpty(env.GEMINI_CLI_HOME) ?? homeOf(env), '.gemini');

/** The longest project folder name Claude Code writes before shortening it with a hash. */
const CLAUDE_NAME_MAX = 200;

/** Claude Code's 32-bit string hash (UTF-16 code units, like its own), in base 36. */
function claudeHash(text: string): string {
  let hash = 0;
  for (let i = 0; i < text.length; i += 1) hash = (hash * 31 + text.charCodeAt(i)) | 0;
  return Math.abs(hash).toString(36);
}

/**
 * The folder under ~/.claude/projects for a working directory: every character that is not an
 * ASCII letter or digit becomes "-"; names over 200 characters are cut and get "-<hash>" (Claude
 * Code 2.1.197, its $E()).
 */
export function claudeProjectName(cwd: string): string {
  const name = cwd.replace(/[^a-zA-Z0-9]/g, '-');
  if (name.length <= CLAUDE_NAME_MAX) return name;
  return `${name.slice(0, CLAUDE_NAME_MAX)}-${claudeHash(cwd)}`;
}

/** The working directory as the client records it (it resolves symlinks), and as given. */
function cwdForms(workdir: string): string[] {
  const given = resolve(workdir);
  let real = given;
  try {
    real = realpathSync(given);
  } catch {
    // not there (yet): the given form is all there is
  }
  return real === given ? [real] : [real, given];
}

interface Candidate {
  readonly file: string;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** The files in `dir` whose names pass `accept`, with their mtimes; [] when it cannot be read. */
function filesIn(dir: string, accept: (name: string) => boolean): Candidate[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Candidate[] = [];
  for (const name of names) {
    if (!accept(name)) continue;
    const file = join(dir, name);
    try {
      const stat = statSync(file);
      if (stat.isFile()) out.push({ file, mtimeMs: stat.mtimeMs, ino: stat.ino });
    } catch {
      // removed while we looked
    }
  }
  return out;
}

/** Written since the session started (all, when the start is unknown), newest first. */
function sinceStart(candidates: Candidate[], start: number | null): Candidate[] {
  return candidates
    .filter((candidate) => start === null || candidate.mtimeMs >= start - START_SLACK_MS)
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
}

/** The first line of a file (up to HEAD_BYTES), parsed; null when it is not a JSON object. */
function firstRecord(file: string, bytes = HEAD_BYTES): Record<string, unknown> | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(bytes);
    const got = readSync(fd, buffer, 0, bytes, 0);
    const text = buffer.subarray(0, got).toString('utf8');
    const end = text.indexOf('\n');
    const line = end === -1 ? text : text.slice(0, end);
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : null;
    } catch {
      // A first line longer than the head: find the fields without the whole record.
      const field = (name: string): string | null => {
        const match = new RegExp(`"${name}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(line);
        if (!match) return null;
        try {
          return JSON.parse(`"${match[1] ?? ''}"`) as string;
        } catch {
          return null;
        }
      };
      const id = field('id');
      const cwd = field('cwd');
      return id !== null || cwd !== null ? { payload: { id, cwd } } : null;
    }
  } finally {
    closeSync(fd);
  }
}

const codexMeta = z.looseObject({
  payload: z.looseObject({
    id: z.string().nullable().optional(),
    cwd: z.string().nullable().optional(),
  }),
});
const geminiMeta = z.looseObject({ sessionId: z.string() });

function headOf(cache: LocateCache, candidate: Candidate, client: TranscriptClient): Head {
  const known = cache.heads.get(candidate.file);
  if (known && known.ino === candidate.ino) return known;
  const record = firstRecord(candidate.file, client === 'gemini' ? 4096 : HEAD_BYTES);
  let head: Head = { ino: candidate.ino, cwd: null, id: null };
  if (client === 'codex') {
    const meta = codexMeta.safeParse(record);
    if (meta.success)
      head = {
        ino: candidate.ino,
        cwd: meta.data.payload.cwd ?? null,
        id: meta.data.payload.id ?? null,
      };
  } else if (client === 'gemini') {
    const meta = geminiMeta.safeParse(record);
    if (meta.success) head = { ino: candidate.ino, cwd: null, id: meta.data.sessionId };
  }
  // A head is cached only once it says something (a file just created may have no first line yet).
  if (head.cwd !== null || head.id !== null) {
    if (cache.heads.size > 512) cache.heads.clear();
    cache.heads.set(candidate.file, head);
  }
  return head;
}

const UUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

function found(client: TranscriptClient, file: string, conversationId: string | null): Located {
  return { kind: 'found', client, file, conversationId };
}

function absent(client: string, lookedIn: readonly string[], start: number | null): Located {
  const since = start === null ? '' : ` written since ${new Date(start).toISOString()}`;
  const where = lookedIn.length > 0 ? ` in ${lookedIn.join(', ')}` : '';
  return { kind: 'absent', reason: `no ${client} transcript${since}${where}`, lookedIn };
}

const fileExists = (file: string): boolean => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

// Claude Code 2.1.197 writes <config dir>/projects/<project name>/<session id>.jsonl (subagents in
// <session id>/subagents/, not read here) and creates the file at the first message.
function locateClaude(input: LocateInput): Located {
  if (input.hintPath !== null && fileExists(input.hintPath))
    return found('claude', input.hintPath, basename(input.hintPath, '.jsonl'));
  const projects = join(claudeConfigDir(input.env), 'projects');
  const dirs = new Set<string>();
  for (const cwd of cwdForms(input.workdir)) {
    const name = claudeProjectName(cwd);
    dirs.add(join(projects, name));
    // A long path's hash may differ between builds (the client itself accepts any suffix).
    if (name.length > CLAUDE_NAME_MAX) {
      const prefix = `${name.slice(0, CLAUDE_NAME_MAX)}-`;
      try {
        for (const entry of readdirSync(projects))
          if (entry.startsWith(prefix)) dirs.add(join(projects, entry));
      } catch {
        // no projects folder yet
      }
    }
  }
  const candidates = sinceStart(
    [...dirs].flatMap((dir) => filesIn(dir, (name) => name.endsWith('.jsonl'))),
    input.sessionStartedAt,
  );
  const newest = candidates[0];
  return newest
    ? found('claude', newest.file, basename(newest.file, '.jsonl'))
    : absent('Claude Code', [...dirs], input.sessionStartedAt);
}

/** "YYYY/MM/DD" of an instant, in UTC and in this machine's zone (Codex names its day folders). */
function dayFolders(at: number): string[] {
  const date = new Date(at);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const utc = `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
  const local = `${date.getFullYear()}/${pad(date.getMonth() + 1)}/${pad(date.getDate())}`;
  return utc === local ? [utc] : [utc, local];
}

const DAY_MS = 86_400_000;

// Codex 0.171.0 writes <CODEX_HOME>/sessions/YYYY/MM/DD/rollout-<YYYY-MM-DDThh-mm-ss>-<uuid>.jsonl,
// its first line the session_meta {id, cwd, ...}; a resumed session appends to its old file.
function locateCodex(input: LocateInput, cache: LocateCache, now: number): Located {
  const sessions = join(codexHome(input.env), 'sessions');
  const days = new Set<string>();
  const around = (at: number): void => {
    for (const offset of [-DAY_MS, 0, DAY_MS])
      for (const day of dayFolders(at + offset)) days.add(day);
  };
  if (input.sessionStartedAt !== null) around(input.sessionStartedAt);
  around(now);
  const previous = cache.result?.kind === 'found' ? cache.result.file : null;
  const cwds = new Set(cwdForms(input.workdir));
  const candidates = sinceStart(
    [...days].flatMap((day) =>
      filesIn(
        join(sessions, day),
        (name) => name.startsWith('rollout-') && name.endsWith('.jsonl'),
      ),
    ),
    input.sessionStartedAt,
  );
  for (const candidate of candidates) {
    const head = headOf(cache, candidate, 'codex');
    if (head.cwd !== null && cwds.has(head.cwd))
      return found('codex', candidate.file, head.id ?? UUID.exec(candidate.file)?.[1] ?? null);
  }
  // Still the one found before (its day folder has left the window of a long session).
  if (previous !== null && fileExists(previous))
    return found(
      'codex',
      previous,
      cache.result?.kind === 'found' ? cache.result.conversationId : null,
    );
  return absent('Codex', [sessions], input.sessionStartedAt);
}

const registrySchema = z.object({ projects: z.record(z.string(), z.string()) });

/** Gemini CLI 0.61.0's folder for a project: the slug projects.json maps it to, else the legacy hash. */
function geminiProjectDirs(input: LocateInput): string[] {
  const base = geminiDir(input.env);
  const tmp = join(base, 'tmp');
  const roots = cwdForms(input.workdir);
  const dirs: string[] = [];
  try {
    const registry = registrySchema.safeParse(
      JSON.parse(readFileSync(join(base, 'projects.json'), 'utf8')),
    );
    if (registry.success)
      for (const root of roots) {
        const slug = registry.data.projects[root];
        if (slug !== undefined && !slug.includes('/')) dirs.push(join(tmp, slug));
      }
  } catch {
    // no registry yet: the markers and the legacy hash below
  }
  if (dirs.length === 0) {
    // Each slug folder holds a .project_root marker naming its project.
    try {
      for (const entry of readdirSync(tmp)) {
        try {
          const owner = readFileSync(join(tmp, entry, '.project_root'), 'utf8').trim();
          if (roots.includes(resolve(owner))) dirs.push(join(tmp, entry));
        } catch {
          // not a project folder
        }
      }
    } catch {
      // no tmp folder
    }
  }
  for (const root of roots) dirs.push(join(tmp, createHash('sha256').update(root).digest('hex')));
  return [...new Set(dirs)];
}

// Gemini CLI 0.61.0 writes <tmp>/<project>/chats/session-<YYYY-MM-DDTHH-MM>-<id8>.jsonl (older
// releases wrote .json documents; those are not followed), its first line {sessionId, ...}.
function locateGemini(input: LocateInput, cache: LocateCache): Located {
  const chats = geminiProjectDirs(input).map((dir) => join(dir, 'chats'));
  const candidates = sinceStart(
    chats.flatMap((dir) =>
      filesIn(dir, (name) => name.startsWith('session-') && name.endsWith('.jsonl')),
    ),
    input.sessionStartedAt,
  );
  const newest = candidates[0];
  if (!newest) return absent('Gemini CLI', chats.slice(0, 1), input.sessionStartedAt);
  return found('gemini', newest.file, headOf(cache, newest, 'gemini').id);
}

/** The located file could not be read: scan again at the next call. */
export function forgetLocated(cache: LocateCache): void {
  cache.result = null;
}

const cacheKey = (input: LocateInput): string =>
  JSON.stringify([
    input.backend,
    input.workdir,
    input.sessionStartedAt,
    input.hintPath,
    input.env.HOME,
    input.env.CLAUDE_CONFIG_DIR,
    input.env.CODEX_HOME,
    input.env.GEMINI_CLI_HOME,
  ]);

/**
 * The session's transcript file. What was found is kept for RESCAN_MS; a scan happens when the
 * inputs change (restart, new signal), after RESCAN_MS, or after `forgetLocated` (the file went away).
 */
export function locateTranscript(
  input: LocateInput,
  cache: LocateCache,
  now: number,
  rescanMs = RESCAN_MS,
): Located {
  const key = cacheKey(input);
  const cached = cache.result;
  if (cached !== null && cache.key === key && now - cache.at < rescanMs) return cached;
  let result: Located;
  switch (input.backend) {
    case 'claude':
      result = locateClaude(input);
      break;
    case 'codex':
      result = locateCodex(input, cache, now);
      break;
    case 'gemini':
      result = locateGemini(input, cache);
      break;
    case 'opencode':
      result = {
        kind: 'absent',
        reason: 'opencode keeps its conversations in its own database, not a transcript file',
        lookedIn: [],
      };
      break;
    case 'sim':
      result = { kind: 'absent', reason: 'the sim agent writes no transcript', lookedIn: [] };
      break;
  }
  cache.key = key;
  cache.at = now;
  cache.result = result;
  return result;
}
