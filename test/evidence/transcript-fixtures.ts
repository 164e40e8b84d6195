// Writes the transcript fixtures (test/fixtures/transcripts, records shaped as Claude Code 2.1.197,
// Codex 0.171.0 and Gemini CLI 0.61.0 write them) where each client keeps its transcripts, under a
// temporary HOME, with the session's working directory filled in.
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { claudeProjectName } from '../../src/evidence/transcript-locate.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/transcripts/', import.meta.url));

/** A fixture's text with __WORKDIR__ replaced (JSON-escaped, as the client writes the path). */
export function fixture(name: string, workdir: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8').replaceAll(
    '__WORKDIR__',
    JSON.stringify(workdir).slice(1, -1),
  );
}

/** Writes `text` to `file` (creating its folder) and sets its mtime (ms) when given. */
export function place(file: string, text: string, mtimeMs?: number): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  if (mtimeMs !== undefined) utimesSync(file, mtimeMs / 1000, mtimeMs / 1000);
  return file;
}

export const CLAUDE_SESSION_ID = '3d5f6a7b-8c9d-4e0f-a1b2-c3d4e5f60718';
export const CODEX_SESSION_ID = '019aeb3c-7d2e-7f10-8a4b-5c6d7e8f9a0b';
export const GEMINI_SESSION_ID = '8f3c2a1b-5d4e-4f60-9a7b-c8d9e0f1a2b3';

/** <configDir>/projects/<project name>/<session id>.jsonl */
export const claudeTranscriptPath = (configDir: string, workdir: string, sessionId: string) =>
  join(configDir, 'projects', claudeProjectName(workdir), `${sessionId}.jsonl`);

/** <codexHome>/sessions/2026/12/06/rollout-2026-12-06T10-00-00-<id>.jsonl */
export const codexRolloutPath = (
  codexHome: string,
  sessionId: string,
  stamp = '2026-12-06T10-00-00',
) =>
  join(
    codexHome,
    'sessions',
    ...stamp.slice(0, 10).split('-'),
    `rollout-${stamp}-${sessionId}.jsonl`,
  );

/** <home>/.gemini/tmp/<slug>/chats/session-2026-12-06T10-00-<id8>.jsonl, with the slug registered. */
export function geminiChatPath(home: string, workdir: string, slug: string, sessionId: string) {
  const base = join(home, '.gemini');
  place(join(base, 'projects.json'), JSON.stringify({ projects: { [workdir]: slug } }, null, 2));
  place(join(base, 'tmp', slug, '.project_root'), workdir);
  return join(
    base,
    'tmp',
    slug,
    'chats',
    `session-2026-12-06T10-00-${sessionId.slice(0, 8)}.jsonl`,
  );
}
