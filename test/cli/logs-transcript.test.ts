// `launch logs <role> --transcript`: the clients' transcripts (fixtures shaped as Claude Code
// 2.1.197, Codex 0.171.0 and Gemini CLI 0.61.0 write them) rendered one line per message, tool
// call, result and error; control sequences removed; and the command as a user runs it against a
// temporary HOME: -n, --json, -f across a restart, and its errors (exit 2 usage, exit 1 nothing found).
import { appendFileSync, mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryLine, transcriptRenderer } from '../../src/cli/transcript-lines.js';
import type { TranscriptClient } from '../../src/evidence/transcript-entries.js';
import {
  CLAUDE_SESSION_ID,
  claudeTranscriptPath,
  fixture,
} from '../evidence/transcript-fixtures.js';
import { place } from '../evidence/transcript-fixtures.js';
import { runLaunch, spawnLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const TODAY = Date.parse('2026-12-06T18:00:00Z');
const WORKDIR = '/srv/work/builder';

function render(client: TranscriptClient, text: string): string[] {
  const renderer = transcriptRenderer(client, (entry) =>
    entryLine(entry, { zone: 'UTC', today: TODAY }),
  );
  return renderer(text.split('\n'));
}

describe('transcript lines', () => {
  it('Claude Code 2.1.197: messages, the tool call with its command, the result’s first line', () => {
    expect(render('claude', fixture('claude-2.1.197-session.jsonl', WORKDIR))).toEqual([
      '10:00:00  user      Read PLAN.md and start phase 2',
      "10:00:05  assistant I'll check the working tree first.",
      '10:00:05  tool      Bash  git status --short',
      '10:00:06  result    M src/app.ts (+1 lines)',
      "10:00:09  assistant Two files changed. I'll commit them next.",
    ]);
    expect(render('claude', fixture('claude-2.1.197-limit.jsonl', WORKDIR))).toEqual([
      '10:05:00  user      Continue with the next task',
      "10:05:01  error     You've hit your session limit · resets 8pm (Asia/Dhaka)",
    ]);
  });

  it('Codex 0.171.0: the user and agent messages once (not the response_item copies), the exec call', () => {
    expect(
      render(
        'codex',
        fixture('codex-0.171.0-rollout.jsonl', WORKDIR) +
          fixture('codex-0.171.0-limit.jsonl', WORKDIR),
      ),
    ).toEqual([
      '10:00:01  user      Read PLAN.md and start phase 2',
      '10:00:03  tool      exec_command  git status --short',
      '10:00:03  result    M src/app.ts (+1 lines)',
      '10:00:05  assistant Two files changed; committing them next.',
      '10:05:00  user      Continue with the next task',
      '10:05:01  error     rate limits: rate_limit_reached_type rate_limit_reached, primary window 100% used',
    ]);
  });

  it('Gemini CLI 0.61.0: a message appended again as it grows is printed once', () => {
    expect(
      render(
        'gemini',
        fixture('gemini-0.61.0-session.jsonl', WORKDIR) +
          fixture('gemini-0.61.0-limit.jsonl', WORKDIR),
      ),
    ).toEqual([
      '10:00:01  user      Read PLAN.md and start phase 2',
      '10:00:03  tool      Shell  git status --short',
      '10:00:03  result    M src/app.ts (+1 lines)',
      '10:00:05  assistant Two files changed; committing them next.',
      '10:05:00  user      Continue with the next task',
      '10:05:02  error     [API Error: You have exhausted your capacity on this model. Your quota will reset after 4h28m20s.]',
    ]);
  });

  it('real captures: Claude Code 2.1.197 not logged in, Codex 0.171.0 and Gemini CLI 0.61.0 offline', () => {
    expect(render('claude', fixture('claude-2.1.197-real-not-logged-in.jsonl', WORKDIR))).toEqual([
      '01:43:28  user      hello there',
      '01:43:29  error     Not logged in · Please run /login',
    ]);
    // The developer and context messages the client injects are not the user's words.
    expect(render('codex', fixture('codex-0.171.0-real-exec-offline.jsonl', WORKDIR))).toEqual([
      '01:42:40  user      hello there',
    ]);
    // The session context Gemini sets ($set) is not a message.
    expect(render('gemini', fixture('gemini-0.61.0-real-offline.jsonl', WORKDIR))).toEqual([
      '01:50:23  user      hello there',
    ]);
  });

  it('skips a content block of a shape it does not know, not the whole record', () => {
    const line = JSON.stringify({
      type: 'assistant',
      message: {
        role: 'assistant',
        content: [{ data: 'opaque' }, { type: 'text', text: 'still here' }],
      },
      timestamp: '2026-12-06T11:00:00.000Z',
    });
    expect(render('claude', line)).toEqual(['11:00:00  assistant still here']);
  });

  it('removes terminal control sequences, shows the date of another day, marks a failed result', () => {
    const lines = [
      JSON.stringify({
        type: 'user',
        message: {
          role: 'user',
          content: 'make it \u001b[31mred\u001b[0m\u0007 now\u001b]0;title\u0007',
        },
        timestamp: '2026-12-05T23:59:00.000Z',
      }),
      JSON.stringify({
        type: 'user',
        message: {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: 'exit 1\nboom',
              is_error: true,
            },
          ],
        },
        timestamp: '2026-12-06T00:00:01.000Z',
      }),
    ].join('\n');
    expect(render('claude', lines)).toEqual([
      'Dec 5 23:59:00  user      make it red now',
      '00:00:01  result    (failed) exit 1 (+1 lines)',
    ]);
  });
});

/** A plan folder (launch init) and a HOME holding the Builder's Claude Code transcript. */
async function planWithTranscript(): Promise<{ plan: string; home: string; file: string }> {
  const plan = realpathSync(tempDir());
  const home = tempDir('launch-home-');
  await runLaunch(['init', plan], { cwd: plan });
  const file = place(
    claudeTranscriptPath(join(home, '.claude'), plan, CLAUDE_SESSION_ID),
    fixture('claude-2.1.197-session.jsonl', plan),
  );
  return { plan, home, file };
}

/** Lines without the date a run on another day than the fixtures' shows. */
const withoutDate = (text: string): string[] =>
  text
    .trim()
    .split('\n')
    .map((line) => line.replace(/^[A-Z][a-z]{2} \d{1,2} /, ''));

function collect(child: ReturnType<typeof spawnLaunch>): () => string {
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => (out += chunk));
  return () => out;
}

describe('launch logs <role> --transcript', () => {
  it('prints the transcript found under HOME, -n lines of it, or JSON', async () => {
    const { plan, home } = await planWithTranscript();
    const all = await runLaunch(['logs', 'builder', '--transcript'], {
      cwd: plan,
      env: { HOME: home },
    });
    expect(all.stderr).toBe('');
    expect(all.exitCode).toBe(0);
    expect(withoutDate(all.stdout)).toEqual([
      '10:00:00  user      Read PLAN.md and start phase 2',
      "10:00:05  assistant I'll check the working tree first.",
      '10:00:05  tool      Bash  git status --short',
      '10:00:06  result    M src/app.ts (+1 lines)',
      "10:00:09  assistant Two files changed. I'll commit them next.",
    ]);

    const two = await runLaunch(['logs', 'builder', '--transcript', '-n', '2'], {
      cwd: plan,
      env: { HOME: home },
    });
    expect(withoutDate(two.stdout)).toEqual([
      '10:00:06  result    M src/app.ts (+1 lines)',
      "10:00:09  assistant Two files changed. I'll commit them next.",
    ]);

    const json = await runLaunch(['logs', 'builder', '--transcript', '--json', '-n', '2'], {
      cwd: plan,
      env: { HOME: home },
    });
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      {
        at: '2026-12-06T10:00:06.000Z',
        kind: 'result',
        text: ' M src/app.ts\n?? notes.md',
        isError: false,
      },
      {
        at: '2026-12-06T10:00:09.000Z',
        kind: 'assistant',
        text: "Two files changed.\nI'll commit them next.",
      },
    ]);
  });

  it("reads the transcript the session's SessionStart signal named", async () => {
    const { plan, home } = await planWithTranscript();
    // Elsewhere than the projects folder, and older than the file there: the signal decides.
    const named = place(
      join(home, 'elsewhere', 'named.jsonl'),
      fixture('claude-2.1.197-limit.jsonl', plan),
    );
    place(
      join(plan, '.launch', 'signals', 'loop-builder.jsonl'),
      `${JSON.stringify({
        ts: '2026-12-06T10:04:59.000Z',
        event: 'session-start',
        source: 'claude',
        raw: 'SessionStart',
        conversationId: CLAUDE_SESSION_ID,
        transcriptPath: named,
      })}\n`,
    );
    const result = await runLaunch(['logs', 'builder', '--transcript'], {
      cwd: plan,
      env: { HOME: home },
    });
    expect(result.exitCode).toBe(0);
    expect(withoutDate(result.stdout)).toEqual([
      '10:05:00  user      Continue with the next task',
      "10:05:01  error     You've hit your session limit · resets 8pm (Asia/Dhaka)",
    ]);
  });

  it('exits 1 with one line saying where it looked when there is no transcript', async () => {
    const plan = realpathSync(tempDir());
    const home = tempDir('launch-home-');
    await runLaunch(['init', plan], { cwd: plan });
    const result = await runLaunch(['logs', 'builder', '--transcript'], {
      cwd: plan,
      env: { HOME: home },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    const folder = join(home, '.claude', 'projects', plan.replace(/[^a-zA-Z0-9]/g, '-'));
    expect(result.stderr).toBe(
      `launch: no transcript for builder (claude): no Claude Code transcript in ${folder}`,
    );
  });

  it('rejects an unknown role, the watchdog and --raw with exit 2, before reading anything', async () => {
    const { plan, home } = await planWithTranscript();
    const bad = await runLaunch(['logs', 'bilder', '--transcript'], {
      cwd: plan,
      env: { HOME: home },
    });
    expect(bad.exitCode).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(
      /^launch: unknown log "bilder" \(did you mean builder\?\); expected one of builder, adversary, orchestrator, watchdog$/,
    );

    const watchdog = await runLaunch(['logs', 'watchdog', '--transcript'], {
      cwd: plan,
      env: { HOME: home },
    });
    expect(watchdog.exitCode).toBe(2);
    expect(watchdog.stderr).toBe(
      'launch: --transcript is for an agent (builder, adversary, orchestrator), not the watchdog',
    );

    const raw = await runLaunch(['logs', 'builder', '--transcript', '--raw'], {
      cwd: plan,
      env: { HOME: home },
    });
    expect(raw.exitCode).toBe(2);
    expect(raw.stderr).toBe('launch: --transcript and --raw cannot be used together');
  });

  it('-f prints what is appended and moves to the newer transcript of a restarted session', async () => {
    const { plan, home, file } = await planWithTranscript();
    const child = spawnLaunch(['logs', 'builder', '--transcript', '-f', '-n', '1'], {
      cwd: plan,
      env: { HOME: home },
    });
    const out = collect(child);
    try {
      await waitFor('the last line', () => out().includes('Two files changed.'), {
        timeoutMs: 15_000,
      });
      appendFileSync(file, fixture('claude-2.1.197-limit.jsonl', plan));
      await waitFor('the limit', () => out().includes("You've hit your session limit"), {
        timeoutMs: 15_000,
      });
      // The session restarts: Claude Code writes a new session file in the same project folder.
      const next = claudeTranscriptPath(
        join(home, '.claude'),
        plan,
        'dddddddd-0000-4000-8000-000000000000',
      );
      mkdirSync(join(next, '..'), { recursive: true });
      appendFileSync(next, fixture('claude-2.1.197-session.jsonl', plan).split('\n')[0] + '\n');
      await waitFor('the new transcript', () => out().includes(`── now following ${next}`), {
        timeoutMs: 15_000,
      });
      await waitFor(
        'its first line',
        () => /now following[^\n]*\n[^\n]*user {6}Read PLAN\.md/.test(out()),
        {
          timeoutMs: 15_000,
        },
      );
      expect(withoutDate(out())).toEqual([
        "10:00:09  assistant Two files changed. I'll commit them next.",
        '10:05:00  user      Continue with the next task',
        "10:05:01  error     You've hit your session limit · resets 8pm (Asia/Dhaka)",
        `── now following ${next}`,
        '10:00:00  user      Read PLAN.md and start phase 2',
      ]);
    } finally {
      child.kill('SIGTERM');
      await child;
    }
    expect((await child).exitCode).toBe(0);
  }, 60_000);
});
