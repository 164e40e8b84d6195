// `launch classify --evidence`: every source the watchdog weighs for a saved pane — the screen, its
// motion against an earlier capture, a signals file, a transcript — and the state it leads to.
import { copyFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderUnknownScreen } from '../../src/sim/unknown-screen.js';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

const NOW = '2026-12-06T10:10:00Z';
const FIXTURES = new URL('../fixtures/transcripts/', import.meta.url).pathname;

/** Two looks at the sim's "unknown" screen (what a new client release might draw), one second apart. */
function unknownFrames(busy: boolean): [string, string] {
  const frame = (seconds: number) =>
    renderUnknownScreen(
      {
        title: 'some future client',
        transcript: [{ kind: 'event', text: 'reading the plan' }],
        busySeconds: busy ? seconds : null,
        input: '',
      },
      { width: 100, height: 20 },
    ).join('\n');
  return [frame(41), frame(42)];
}

interface Evidence {
  readonly state: string;
  readonly why: string;
  readonly recognised: boolean;
  readonly resetAt: string | null;
  readonly evidence: { source: string; verdict: string; detail: string }[];
}

async function classify(
  dir: string,
  args: string[],
  backend = 'claude',
): Promise<{ exitCode: number; json: Evidence | null; stderr: string }> {
  const result = await runLaunch(['classify', '--backend', backend, '--now', NOW, ...args], {
    cwd: dir,
  });
  return {
    exitCode: result.exitCode,
    json: result.exitCode === 0 ? (JSON.parse(result.stdout) as Evidence) : null,
    stderr: result.stderr,
  };
}

const verdicts = (json: Evidence | null) =>
  Object.fromEntries((json?.evidence ?? []).map((item) => [item.source, item.verdict]));

describe('launch classify --evidence', () => {
  it('an unknown screen that moved is unrecognised, with motion as its only sign of work', async () => {
    const dir = tempDir();
    const [before, after] = unknownFrames(true);
    writeFileSync(join(dir, 'before.txt'), before);
    writeFileSync(join(dir, 'after.txt'), after);
    const { exitCode, json } = await classify(dir, [
      '--evidence',
      '--before',
      'before.txt',
      'after.txt',
    ]);
    expect(exitCode).toBe(0);
    expect(json?.recognised).toBe(false);
    expect(json?.state).toBe('unrecognised');
    expect(verdicts(json)).toMatchObject({
      screen: 'unknown',
      motion: 'working',
      signals: 'absent',
    });
  });

  it('its signals decide: a tool running → active; a Stop → idle', async () => {
    const dir = tempDir();
    const [, pane] = unknownFrames(false);
    writeFileSync(join(dir, 'pane.txt'), pane);
    const line = (event: string, ts: string) =>
      JSON.stringify({ ts, event, source: 'claude', raw: event });
    writeFileSync(
      join(dir, 'working.jsonl'),
      `${line('session-start', '2026-12-06T10:00:00Z')}\n${line('tool-start', '2026-12-06T10:09:50Z')}\n`,
    );
    writeFileSync(
      join(dir, 'stopped.jsonl'),
      `${line('tool-start', '2026-12-06T10:09:50Z')}\n${line('stop', '2026-12-06T10:09:55Z')}\n`,
    );
    const working = await classify(dir, ['--evidence', '--signals', 'working.jsonl', 'pane.txt']);
    expect(working.json?.state).toBe('active');
    expect(verdicts(working.json).signals).toBe('working');
    const stopped = await classify(dir, ['--evidence', '--signals', 'stopped.jsonl', 'pane.txt']);
    expect(stopped.json?.state).toBe('idle');
    expect(stopped.json?.why).toContain('Stop');
  });

  it('a usage limit in the transcript (Claude Code 2.1.197 record) makes it limited with its reset', async () => {
    const dir = tempDir();
    const [, pane] = unknownFrames(false);
    writeFileSync(join(dir, 'pane.txt'), pane);
    // The transcript's age comes from its file's time, which a fresh checkout sets to now: the copy
    // is dated when its record was written (10:05Z), five minutes before --now.
    const transcript = join(dir, 'limit.jsonl');
    copyFileSync(join(FIXTURES, 'claude-2.1.197-limit.jsonl'), transcript);
    const written = new Date('2026-12-06T10:05:00Z');
    utimesSync(transcript, written, written);
    const { json } = await classify(dir, [
      '--evidence',
      '--transcript',
      transcript,
      '--tz',
      'UTC',
      'pane.txt',
    ]);
    expect(json?.state).toBe('limited');
    // "resets 8pm (Asia/Dhaka)", written at 10:05Z: 14:00Z, in the zone the text names.
    expect(json?.resetAt).toBe('2026-12-06T20:00:00+06:00');
    expect(verdicts(json).transcript).toBe('idle');
  });

  it('refuses the evidence flags without --evidence, and a missing file, in one line (exit 2)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pane.txt'), 'x');
    const stray = await classify(dir, ['--signals', 'x.jsonl', 'pane.txt']);
    expect(stray.exitCode).toBe(2);
    expect(stray.stderr.trim()).toBe('launch: --signals goes with --evidence');
    const missing = await classify(dir, ['--evidence', '--signals', 'nope.jsonl', 'pane.txt']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('nope.jsonl: no such file');
  });
});
