// The compiled sim agent in another client's look, as a plain process: a look refuses a dialog its
// client does not have (one line, exit 2, nothing drawn); a good start draws that client's screen.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { AGENT_JS } from './sim-session.js';

const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC' };

describe('sim agent --look', () => {
  it('refuses a prompt kind the imitated client has no dialog for, and an unknown look', async () => {
    const dir = tempDir();
    const script = join(dir, 'sim.json');
    writeFileSync(
      script,
      JSON.stringify({ builder: { steps: [{ do: 'prompt', kind: 'trust' }] } }),
    );
    const missing = await execa(
      process.execPath,
      [AGENT_JS, '--role', 'builder', '--look', 'opencode', '--script', script, '--', 'go'],
      { reject: false, env: ENV, extendEnv: false, input: '' },
    );
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe(
      'launch sim: the opencode look has no trust prompt (it draws: permission)',
    );
    expect(missing.stdout).toBe('');
    const unknown = await execa(
      process.execPath,
      [AGENT_JS, '--role', 'builder', '--look', 'cursor', '--', 'go'],
      { reject: false, env: ENV, extendEnv: false, input: '' },
    );
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toBe(
      'launch sim: --look must be one of claude, codex, gemini, opencode, got "cursor"',
    );
    expect(unknown.stdout).toBe('');
  });

  it("draws the imitated client's screen and takes a piped line", async () => {
    const dir = tempDir();
    const script = join(dir, 'sim.json');
    writeFileSync(
      script,
      JSON.stringify({
        builder: {
          steps: [
            { do: 'wait', match: 'hello' },
            { do: 'say', text: 'got it' },
          ],
        },
      }),
    );
    const child = execa(
      process.execPath,
      [AGENT_JS, '--role', 'builder', '--look', 'codex', '--script', script, '--', 'go'],
      { reject: false, env: ENV, extendEnv: false },
    );
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    await waitFor(
      'the codex composer',
      () => (out.includes('› Ask Codex to do anything') ? true : undefined),
      {
        timeoutMs: 15_000,
        intervalMs: 100,
      },
    );
    child.stdin?.write('hello there\n');
    await waitFor(
      'the reply as a Codex agent message',
      () => (out.includes('• got it') ? true : undefined),
      {
        timeoutMs: 15_000,
        intervalMs: 100,
      },
    );
    expect(out).toContain('› hello there');
    child.kill('SIGTERM');
    expect((await child).exitCode).toBe(0);
  });
});
