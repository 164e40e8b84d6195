// `launch signal` as a client's hook runs it: the built bin/launch, a payload on stdin (or, for
// Codex, as the last argument), the LAUNCH_* environment of the session.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runSignal } from '../../src/cli/commands/signal.js';
import { signalsFile } from '../../src/evidence/types.js';
import { baseEnv, LAUNCH_BIN, runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

const PRE_TOOL_USE = JSON.stringify({
  session_id: 'c-1',
  transcript_path: '/t/c-1.jsonl',
  cwd: '/work',
  permission_mode: 'bypassPermissions',
  hook_event_name: 'PreToolUse',
  tool_name: 'Bash',
  tool_input: { command: 'ls' },
  tool_use_id: 'toolu_1',
});

function hook(args: string[], env: Record<string, string>, input?: string) {
  return execa(process.execPath, [LAUNCH_BIN, 'signal', ...args], {
    env: baseEnv(env),
    extendEnv: false,
    reject: false,
    ...(input === undefined ? {} : { input }),
    timeout: 20_000,
  });
}

const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    : [];

describe('launch signal (the built command)', () => {
  it('appends one line from a Claude hook payload, exits 0 and prints nothing', async () => {
    const logDir = tempDir();
    const env = { LAUNCH_LOG_DIR: logDir, LAUNCH_SESSION: 'loop-builder' };
    const result = await hook(['claude'], env, PRE_TOOL_USE);
    expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(lines(signalsFile(logDir, 'loop-builder'))).toEqual([
      {
        ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        event: 'tool-start',
        source: 'claude',
        raw: 'PreToolUse',
        conversationId: 'c-1',
        transcriptPath: '/t/c-1.jsonl',
        tool: 'Bash',
      },
    ]);
  });

  it('takes Codex’s payload from the last argument', async () => {
    const logDir = tempDir();
    const payload = JSON.stringify({
      type: 'agent-turn-complete',
      'thread-id': 'th-1',
      'turn-id': '3',
      cwd: '/w',
      'input-messages': [],
      'last-assistant-message': null,
    });
    const result = await hook(['codex', payload], { LAUNCH_LOG_DIR: logDir, LAUNCH_SESSION: 's' });
    expect(result).toMatchObject({ exitCode: 0, stdout: '' });
    expect(lines(signalsFile(logDir, 's'))).toMatchObject([
      { event: 'stop', source: 'codex', conversationId: 'th-1' },
    ]);
  });

  it('a huge payload is capped and still gives its line, quickly', async () => {
    const logDir = tempDir();
    const huge = JSON.stringify({
      hook_event_name: 'PostToolUse',
      session_id: 'c-2',
      tool_name: 'Read',
      tool_response: { content: 'z'.repeat(8 * 1024 * 1024) },
    });
    const result = await hook(['claude'], { LAUNCH_LOG_DIR: logDir, LAUNCH_SESSION: 's' }, huge);
    expect(result).toMatchObject({ exitCode: 0, stdout: '' });
    expect(lines(signalsFile(logDir, 's'))).toMatchObject([{ event: 'tool-end', tool: 'Read' }]);
  });

  it('garbage, a wrong environment, an unknown source: exit 0, nothing on stdout, nothing written', async () => {
    const logDir = tempDir();
    const env = { LAUNCH_LOG_DIR: logDir, LAUNCH_SESSION: 's' };
    const cases = [
      hook(['claude'], env, '\u0000\u00ff garbage {{{'),
      hook(['claude'], { LAUNCH_LOG_DIR: 'relative/dir', LAUNCH_SESSION: 's' }, PRE_TOOL_USE),
      hook(['claude'], { LAUNCH_LOG_DIR: logDir, LAUNCH_SESSION: '../escape' }, PRE_TOOL_USE),
      hook(['claude'], {}, PRE_TOOL_USE),
      hook(['nonsense'], env, PRE_TOOL_USE),
      hook([], env, PRE_TOOL_USE),
    ];
    for (const result of await Promise.all(cases))
      expect(result).toMatchObject({ exitCode: 0, stdout: '' });
    expect(existsSync(signalsFile(logDir, 's'))).toBe(false);
    expect(existsSync(signalsFile(logDir, '../escape'))).toBe(false);
  });

  it('a client that never closes stdin does not keep it alive', async () => {
    const logDir = tempDir();
    const child = execa(process.execPath, [LAUNCH_BIN, 'signal', 'claude'], {
      env: baseEnv({ LAUNCH_LOG_DIR: logDir, LAUNCH_SESSION: 's' }),
      extendEnv: false,
      reject: false,
      stdin: 'pipe',
      timeout: 20_000,
    });
    child.stdin.write(PRE_TOOL_USE);
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(result.timedOut).toBe(false);
    expect(lines(signalsFile(logDir, 's'))).toMatchObject([{ event: 'tool-start' }]);
  });

  it('is hidden from the help', async () => {
    const help = await runLaunch(['--help'], { cwd: tempDir() });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).not.toMatch(/^\s+signal\b/m);
  });

  it('costs little more than starting node (figures printed)', async () => {
    const logDir = tempDir();
    const env = { LAUNCH_LOG_DIR: logDir, LAUNCH_SESSION: 's' };
    const time = async (run: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await run();
        samples.push(performance.now() - started);
      }
      return samples.sort((a, b) => a - b)[2] ?? 0;
    };
    const bare = await time(() => execa(process.execPath, ['-e', '0']));
    const signal = await time(() => hook(['claude'], env, PRE_TOOL_USE));
    console.log(`launch signal: median ${signal.toFixed(0)} ms; bare node: ${bare.toFixed(0)} ms`);
    expect(lines(signalsFile(logDir, 's'))).toHaveLength(5);
    // Generous (a loaded 2-core machine): the whole CLI takes several times bare node.
    expect(signal).toBeLessThan(bare * 3 + 300);
  });
});

describe('runSignal (in process)', () => {
  it('never throws: an unwritable log dir is a reason, not an error', async () => {
    // A log dir that is a file: every write fails.
    const notADir = join(tempDir(), 'file');
    writeFileSync(notADir, 'x');
    const outcome = await runSignal({
      args: ['claude'],
      env: { LAUNCH_LOG_DIR: notADir, LAUNCH_SESSION: 's' },
      readStdin: () => Promise.resolve(PRE_TOOL_USE),
      now: () => new Date(),
    });
    expect(outcome.written).toBe(false);
  });

  it('a terminal on stdin is not read: the event argument alone makes the line', async () => {
    const logDir = tempDir();
    const outcome = await runSignal({
      args: ['claude', 'Stop'],
      env: { LAUNCH_LOG_DIR: logDir, LAUNCH_SESSION: 's' },
      readStdin: () => Promise.resolve(null),
      now: () => new Date('2026-12-06T01:00:00Z'),
    });
    expect(outcome).toEqual({ written: true, file: signalsFile(logDir, 's') });
    expect(lines(signalsFile(logDir, 's'))).toEqual([
      { ts: '2026-12-06T01:00:00.000Z', event: 'stop', source: 'claude', raw: 'Stop' },
    ]);
  });
});
