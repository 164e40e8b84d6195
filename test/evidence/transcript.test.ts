// The transcript source of evidence against real files in temporary homes, their records shaped
// as the clients write them (fixtures tagged Claude Code 2.1.197, Codex 0.171.0, Gemini CLI
// 0.61.0): where each client's file is found, which one is this session's, a usage limit as the
// newest record with its reset (or without one), and that a tick reads only a changed file's tail.
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  rmSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readTranscriptEvidence,
  newTranscriptCache,
  TAIL_BYTES,
} from '../../src/evidence/transcript.js';
import { claudeProjectName, type LocateInput } from '../../src/evidence/transcript-locate.js';
import { tempDir } from '../helpers/temp-dir.js';
import {
  CLAUDE_SESSION_ID,
  CODEX_SESSION_ID,
  GEMINI_SESSION_ID,
  claudeTranscriptPath,
  codexRolloutPath,
  fixture,
  geminiChatPath,
  place,
} from './transcript-fixtures.js';

const START = Date.parse('2026-12-06T09:59:00Z');
const WRITTEN = Date.parse('2026-12-06T10:06:00Z');
const NOW = Date.parse('2026-12-06T10:06:30Z');

/** Appends leave the real clock's mtime; the tests' clock is fixed. */
const touch = (file: string, ms: number): void => utimesSync(file, ms / 1000, ms / 1000);

function world(backend: LocateInput['backend']): {
  home: string;
  workdir: string;
  input: LocateInput;
} {
  const home = tempDir('launch-transcript-');
  const workdir = join(home, 'work', 'builder');
  mkdirSync(workdir, { recursive: true });
  return {
    home,
    workdir,
    input: { backend, workdir, sessionStartedAt: START, hintPath: null, env: { HOME: home } },
  };
}

describe('claudeProjectName (Claude Code 2.1.197 $E)', () => {
  it('turns every character that is not an ASCII letter or digit into "-"', () => {
    expect(claudeProjectName('/home/ana/work/my_proj.v2')).toBe('-home-ana-work-my-proj-v2');
    expect(claudeProjectName('/srv/büro app')).toBe('-srv-b-ro-app');
  });

  it('cuts names over 200 characters and adds a hash of the whole path', () => {
    const long = `/srv/${'a'.repeat(220)}`;
    const other = `/srv/${'a'.repeat(220)}b`;
    const name = claudeProjectName(long);
    expect(name.slice(0, 201)).toBe(`${long.replace(/[^a-zA-Z0-9]/g, '-').slice(0, 200)}-`);
    expect(name).toMatch(/^-srv-a{195}-[0-9a-z]+$/);
    expect(claudeProjectName(other)).not.toBe(name);
    expect(claudeProjectName(long)).toBe(name);
  });
});

describe('readTranscriptEvidence: Claude Code', () => {
  it('finds the session JSONL under ~/.claude/projects/<project>/ and reports its last write', () => {
    const { home, workdir, input } = world('claude');
    const file = place(
      claudeTranscriptPath(join(home, '.claude'), workdir, CLAUDE_SESSION_ID),
      fixture('claude-2.1.197-session.jsonl', workdir),
      WRITTEN,
    );
    expect(readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC')).toEqual({
      kind: 'seen',
      file,
      writtenAt: WRITTEN,
      limit: null,
      conversationId: CLAUDE_SESSION_ID,
    });
  });

  it('respects CLAUDE_CONFIG_DIR', () => {
    const { home, workdir, input } = world('claude');
    const config = join(home, 'claude-config');
    place(
      claudeTranscriptPath(join(home, '.claude'), workdir, 'aaaaaaaa-0000-4000-8000-000000000000'),
      fixture('claude-2.1.197-session.jsonl', workdir),
      WRITTEN,
    );
    const file = place(
      claudeTranscriptPath(config, workdir, CLAUDE_SESSION_ID),
      fixture('claude-2.1.197-session.jsonl', workdir),
      WRITTEN - 1000,
    );
    const seen = readTranscriptEvidence(
      { ...input, env: { HOME: home, CLAUDE_CONFIG_DIR: config } },
      newTranscriptCache(),
      NOW,
      'UTC',
    );
    expect(seen).toMatchObject({ kind: 'seen', file });
  });

  it('reads a usage limit that is the newest record, with its reset as an instant with offset', () => {
    const { home, workdir, input } = world('claude');
    place(
      claudeTranscriptPath(join(home, '.claude'), workdir, CLAUDE_SESSION_ID),
      fixture('claude-2.1.197-session.jsonl', workdir) +
        fixture('claude-2.1.197-limit.jsonl', workdir),
      WRITTEN,
    );
    const seen = readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC');
    expect(seen).toMatchObject({
      kind: 'seen',
      limit: {
        at: Date.parse('2026-12-06T10:05:01.000Z'),
        text: "You've hit your session limit · resets 8pm (Asia/Dhaka)",
        // 8pm in Dhaka on the day the client wrote it (10:05 UTC = 16:05 in Dhaka).
        resetAt: '2026-12-06T20:00:00+06:00',
      },
    });
  });

  it('reads a usage limit without a reset as a limit with resetAt null', () => {
    const { home, workdir, input } = world('claude');
    place(
      claudeTranscriptPath(join(home, '.claude'), workdir, CLAUDE_SESSION_ID),
      fixture('claude-2.1.197-session.jsonl', workdir) +
        fixture('claude-2.1.197-limit-no-reset.jsonl', workdir),
      WRITTEN,
    );
    const seen = readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC');
    expect(seen).toMatchObject({
      kind: 'seen',
      limit: {
        text: "You've hit your usage limit · contact your admin to increase it",
        resetAt: null,
      },
    });
  });

  it('does not read the server throttling error (also "rate_limit") as a usage limit', () => {
    const { home, workdir, input } = world('claude');
    place(
      claudeTranscriptPath(join(home, '.claude'), workdir, CLAUDE_SESSION_ID),
      fixture('claude-2.1.197-session.jsonl', workdir) +
        fixture('claude-2.1.197-throttled.jsonl', workdir),
      WRITTEN,
    );
    expect(readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC')).toMatchObject({
      kind: 'seen',
      limit: null,
    });
  });

  it('drops the limit once a newer message follows it, and ignores a record still being written', () => {
    const { home, workdir, input } = world('claude');
    const file = place(
      claudeTranscriptPath(join(home, '.claude'), workdir, CLAUDE_SESSION_ID),
      fixture('claude-2.1.197-limit.jsonl', workdir),
      WRITTEN,
    );
    const cache = newTranscriptCache();
    // Half a record (no newline yet) after the limit: the limit is still the newest complete one.
    appendFileSync(file, '{"parentUuid":"0b8e7c1a","type":"user","message":{"role":"us');
    touch(file, WRITTEN + 1000);
    expect(readTranscriptEvidence(input, cache, NOW, 'UTC')).toMatchObject({
      limit: { resetAt: '2026-12-06T20:00:00+06:00' },
    });
    const prompt = fixture('claude-2.1.197-session.jsonl', workdir).split('\n')[0] ?? '';
    appendFileSync(file, `\n${prompt}\n`);
    touch(file, WRITTEN + 2000);
    expect(readTranscriptEvidence(input, cache, NOW + 1000, 'UTC')).toMatchObject({ limit: null });
  });

  it('takes the path the SessionStart signal named over a newer file in the folder', () => {
    const { home, workdir, input } = world('claude');
    const named = place(
      claudeTranscriptPath(join(home, '.claude'), workdir, CLAUDE_SESSION_ID),
      fixture('claude-2.1.197-session.jsonl', workdir),
      WRITTEN - 60_000,
    );
    place(
      claudeTranscriptPath(join(home, '.claude'), workdir, 'bbbbbbbb-0000-4000-8000-000000000000'),
      fixture('claude-2.1.197-limit.jsonl', workdir),
      WRITTEN,
    );
    expect(
      readTranscriptEvidence({ ...input, hintPath: named }, newTranscriptCache(), NOW, 'UTC'),
    ).toMatchObject({ kind: 'seen', file: named, limit: null, conversationId: CLAUDE_SESSION_ID });
  });

  it('ignores transcripts written before the session started, and says where it looked', () => {
    const { home, workdir, input } = world('claude');
    place(
      claudeTranscriptPath(join(home, '.claude'), workdir, CLAUDE_SESSION_ID),
      fixture('claude-2.1.197-session.jsonl', workdir),
      START - 3_600_000,
    );
    const seen = readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC');
    expect(seen.kind).toBe('absent');
    expect(seen.kind === 'absent' && seen.reason).toBe(
      `no Claude Code transcript written since 2026-12-06T09:59:00.000Z in ${join(home, '.claude', 'projects', claudeProjectName(workdir))}`,
    );
  });

  it('moves to a newer transcript (a restart, a /clear) at the next scan', () => {
    const { home, workdir, input } = world('claude');
    const first = place(
      claudeTranscriptPath(join(home, '.claude'), workdir, CLAUDE_SESSION_ID),
      fixture('claude-2.1.197-session.jsonl', workdir),
      WRITTEN,
    );
    const cache = newTranscriptCache();
    expect(readTranscriptEvidence(input, cache, NOW, 'UTC')).toMatchObject({ file: first });
    const second = place(
      claudeTranscriptPath(join(home, '.claude'), workdir, 'cccccccc-0000-4000-8000-000000000000'),
      fixture('claude-2.1.197-limit.jsonl', workdir),
      WRITTEN + 5_000,
    );
    expect(readTranscriptEvidence(input, cache, NOW + 60_000, 'UTC')).toMatchObject({
      file: second,
      conversationId: CLAUDE_SESSION_ID,
      limit: { resetAt: '2026-12-06T20:00:00+06:00' },
    });
  });
});

describe('readTranscriptEvidence: a transcript that goes away', () => {
  it('is absent for that tick, and the next tick looks again', () => {
    const { home, workdir, input } = world('claude');
    const first = place(
      claudeTranscriptPath(join(home, '.claude'), workdir, CLAUDE_SESSION_ID),
      fixture('claude-2.1.197-session.jsonl', workdir),
      WRITTEN,
    );
    const cache = newTranscriptCache();
    expect(readTranscriptEvidence(input, cache, NOW, 'UTC')).toMatchObject({ file: first });
    rmSync(first);
    expect(readTranscriptEvidence(input, cache, NOW + 1000, 'UTC')).toEqual({
      kind: 'absent',
      reason: `${first} cannot be read`,
    });
    const second = place(
      claudeTranscriptPath(join(home, '.claude'), workdir, 'eeeeeeee-0000-4000-8000-000000000000'),
      fixture('claude-2.1.197-session.jsonl', workdir),
      WRITTEN + 2000,
    );
    expect(readTranscriptEvidence(input, cache, NOW + 2000, 'UTC')).toMatchObject({
      kind: 'seen',
      file: second,
    });
  });
});

describe('readTranscriptEvidence: real captures (no credentials)', () => {
  it('Claude Code 2.1.197 `claude -p` not logged in: found, its id read, the auth error not a limit', () => {
    const { home, workdir, input } = world('claude');
    const file = place(
      claudeTranscriptPath(join(home, '.claude'), workdir, 'a366ae89-1200-406a-bc47-13f1be654959'),
      fixture('claude-2.1.197-real-not-logged-in.jsonl', workdir),
      WRITTEN,
    );
    expect(readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC')).toEqual({
      kind: 'seen',
      file,
      writtenAt: WRITTEN,
      limit: null,
      conversationId: 'a366ae89-1200-406a-bc47-13f1be654959',
    });
  });

  it('Codex 0.171.0 `codex exec` offline: found by the cwd in its session_meta', () => {
    const { home, workdir, input } = world('codex');
    const file = place(
      codexRolloutPath(
        join(home, '.codex'),
        '01a24904-7a97-71f0-8623-8039f10b1e0b',
        '2026-12-06T01-42-40',
      ),
      fixture('codex-0.171.0-real-exec-offline.jsonl', workdir),
      WRITTEN,
    );
    expect(readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC')).toEqual({
      kind: 'seen',
      file,
      writtenAt: WRITTEN,
      limit: null,
      conversationId: '01a24904-7a97-71f0-8623-8039f10b1e0b',
    });
  });
});

describe('readTranscriptEvidence: a real Gemini CLI capture (no network)', () => {
  it('Gemini CLI 0.61.0 `gemini -p` offline: found through projects.json, its session id read', () => {
    const { home, workdir, input } = world('gemini');
    const file = place(
      geminiChatPath(home, workdir, 'proj4', '154f7791-9d3f-472b-a847-81e6c944eb89'),
      fixture('gemini-0.61.0-real-offline.jsonl', workdir),
      WRITTEN,
    );
    expect(file.endsWith('/proj4/chats/session-2026-12-06T10-00-154f7791.jsonl')).toBe(true);
    expect(readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC')).toEqual({
      kind: 'seen',
      file,
      writtenAt: WRITTEN,
      limit: null,
      conversationId: '154f7791-9d3f-472b-a847-81e6c944eb89',
    });
  });

  it('finds the project folder by its .project_root marker when projects.json does not name it', () => {
    const { home, workdir, input } = world('gemini');
    const file = place(
      geminiChatPath(home, workdir, 'builder-1', GEMINI_SESSION_ID),
      fixture('gemini-0.61.0-session.jsonl', workdir),
      WRITTEN,
    );
    place(join(home, '.gemini', 'projects.json'), JSON.stringify({ projects: {} }));
    expect(readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC')).toMatchObject({
      kind: 'seen',
      file,
    });
  });
});

describe('readTranscriptEvidence: a large transcript', () => {
  it('reads only the tail when the file changed, and nothing when it did not', () => {
    const { home, workdir, input } = world('claude');
    const file = claudeTranscriptPath(join(home, '.claude'), workdir, CLAUDE_SESSION_ID);
    place(file, '');
    // 20 MB of conversation, then the limit.
    const session = fixture('claude-2.1.197-session.jsonl', workdir);
    const block = session.repeat(Math.ceil((1024 * 1024) / session.length));
    const fd = openSync(file, 'a');
    for (let i = 0; i < 20; i += 1) writeSync(fd, block);
    writeSync(fd, fixture('claude-2.1.197-limit.jsonl', workdir));
    closeSync(fd);
    utimesSync(file, WRITTEN / 1000, WRITTEN / 1000);

    const cache = newTranscriptCache();
    const first = readTranscriptEvidence(input, cache, NOW, 'UTC');
    expect(first).toMatchObject({ limit: { resetAt: '2026-12-06T20:00:00+06:00' } });
    expect(cache.bytesRead).toBe(TAIL_BYTES);

    // 100 ticks of an unchanged file: a stat each, not one byte read.
    for (let tick = 1; tick <= 100; tick += 1)
      expect(readTranscriptEvidence(input, cache, NOW + tick * 1000, 'UTC')).toEqual(first);
    expect(cache.bytesRead).toBe(TAIL_BYTES);

    // One record appended: one more tail read, and the limit is gone.
    appendFileSync(file, `${session.split('\n')[0] ?? ''}\n`);
    touch(file, WRITTEN + 1000);
    expect(readTranscriptEvidence(input, cache, NOW + 200_000, 'UTC')).toMatchObject({
      limit: null,
    });
    expect(cache.bytesRead).toBe(2 * TAIL_BYTES);
  });
});

describe('readTranscriptEvidence: Codex', () => {
  it("finds the rollout whose session_meta names the session's cwd, newest first", () => {
    const { home, workdir, input } = world('codex');
    const codexHome = join(home, '.codex');
    const file = place(
      codexRolloutPath(codexHome, CODEX_SESSION_ID),
      fixture('codex-0.171.0-rollout.jsonl', workdir),
      WRITTEN,
    );
    // Another project's rollout, written later, in the same day folder.
    place(
      codexRolloutPath(codexHome, '019aeb3c-0000-7000-8000-000000000000', '2026-12-06T10-01-00'),
      fixture('codex-0.171.0-rollout.jsonl', join(home, 'elsewhere')),
      WRITTEN + 10_000,
    );
    expect(readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC')).toEqual({
      kind: 'seen',
      file,
      writtenAt: WRITTEN,
      limit: null,
      conversationId: CODEX_SESSION_ID,
    });
  });

  it('respects CODEX_HOME and reads a reached rate limit with the reset it names', () => {
    const { home, workdir, input } = world('codex');
    const codexHome = join(home, 'codex-home');
    place(
      codexRolloutPath(codexHome, CODEX_SESSION_ID),
      fixture('codex-0.171.0-rollout.jsonl', workdir) +
        fixture('codex-0.171.0-limit.jsonl', workdir),
      WRITTEN,
    );
    const seen = readTranscriptEvidence(
      { ...input, env: { HOME: home, CODEX_HOME: codexHome } },
      newTranscriptCache(),
      NOW,
      'Europe/Berlin',
    );
    expect(seen).toMatchObject({
      kind: 'seen',
      conversationId: CODEX_SESSION_ID,
      limit: {
        at: Date.parse('2026-12-06T10:05:01.000Z'),
        text: 'rate limits: rate_limit_reached_type rate_limit_reached, primary window 100% used',
        resetAt: '2026-12-06T16:00:00+01:00',
      },
    });
  });

  it('says where it looked when no rollout matches', () => {
    const { home, input } = world('codex');
    const seen = readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC');
    expect(seen).toEqual({
      kind: 'absent',
      reason: `no Codex transcript written since 2026-12-06T09:59:00.000Z in ${join(home, '.codex', 'sessions')}`,
    });
  });
});

describe('readTranscriptEvidence: Gemini CLI', () => {
  it('finds the chat file through projects.json and reads the session id from its first line', () => {
    const { home, workdir, input } = world('gemini');
    const file = place(
      geminiChatPath(home, workdir, 'builder', GEMINI_SESSION_ID),
      fixture('gemini-0.61.0-session.jsonl', workdir),
      WRITTEN,
    );
    expect(readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC')).toEqual({
      kind: 'seen',
      file,
      writtenAt: WRITTEN,
      limit: null,
      conversationId: GEMINI_SESSION_ID,
    });
  });

  it('reads an exhausted quota in the error item, its wait counted from when it was written', () => {
    const { home, workdir, input } = world('gemini');
    place(
      geminiChatPath(home, workdir, 'builder', GEMINI_SESSION_ID),
      fixture('gemini-0.61.0-session.jsonl', workdir) +
        fixture('gemini-0.61.0-limit.jsonl', workdir),
      WRITTEN,
    );
    expect(readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC')).toMatchObject({
      limit: {
        at: Date.parse('2026-12-06T10:05:02.000Z'),
        text: '[API Error: You have exhausted your capacity on this model. Your quota will reset after 4h28m20s.]',
        resetAt: '2026-12-06T14:33:22Z',
      },
    });
  });
});

describe('readTranscriptEvidence: clients without a transcript file', () => {
  it('reports opencode and the sim agent as absent, with the reason', () => {
    for (const backend of ['opencode', 'sim'] as const) {
      const { input } = world(backend);
      const seen = readTranscriptEvidence(input, newTranscriptCache(), NOW, 'UTC');
      expect(seen.kind).toBe('absent');
      expect(seen.kind === 'absent' ? seen.reason : '').toMatch(/transcript/);
    }
  });
});
