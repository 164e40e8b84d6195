// The tmux runner against real programs in tmux's place (the binary is an option): what it passes
// (argv, stdin, environment) and what it answers when the program fails, hangs or is missing.
import { describe, expect, it } from 'vitest';
import { createTmuxRunner } from '../../src/adapters/tmux-runner.js';

describe('tmux runner', () => {
  it('passes the socket and the argv as given, with no shell between', async () => {
    const run = createTmuxRunner({ bin: 'echo', socket: 'sock', configFile: '/dev/null' });
    const result = await run(['[%s]', '$(touch nope); x *']);
    expect(result).toEqual({
      exitCode: 0,
      stdout: '-L sock -f /dev/null [%s] $(touch nope); x *\n',
      stderr: '',
      timedOut: false,
    });
  });

  it('feeds the input on stdin and keeps the output exactly (no trimming)', async () => {
    const result = await createTmuxRunner({ bin: 'cat' })([], { input: 'line one\nline two\n\n' });
    expect(result.stdout).toBe('line one\nline two\n\n');
  });

  it('clears TMUX so tmux never refuses to nest', async () => {
    const result = await createTmuxRunner({ bin: 'env' })([]);
    expect(result.stdout.split('\n')).toContain('TMUX=');
  });

  it('answers a non-zero exit with its status and stderr, without rejecting', async () => {
    const result = await createTmuxRunner({ bin: 'ls' })(['/definitely/not/here']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/No such file or directory/);
    expect(result.timedOut).toBe(false);
  });

  it('answers a program that cannot be started with exit 1', async () => {
    const result = await createTmuxRunner({ bin: 'launch-no-such-tmux-binary' })(['ls']);
    expect(result).toMatchObject({ exitCode: 1, stdout: '', timedOut: false });
  });

  it('stops a program that outlives the timeout and says so (exit 124)', async () => {
    const started = Date.now();
    const result = await createTmuxRunner({ bin: 'sleep', timeoutMs: 200 })(['30']);
    expect(result).toMatchObject({ exitCode: 124, timedOut: true });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('does not fail when the program exits without reading its input', async () => {
    const result = await createTmuxRunner({ bin: 'true' })([], { input: 'x'.repeat(1 << 20) });
    expect(result.exitCode).toBe(0);
  });
});
