// The compiled sim agent as a plain process: start-up errors, lines from a pipe, clean exit on signals.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { TERMINAL_RESTORE } from '../../src/sim/terminal.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { AGENT_JS } from './sim-session.js';

const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC' };

describe('sim agent process', () => {
  it('refuses a bad script with one line naming the file and place, exit 2', async () => {
    const dir = tempDir();
    const script = join(dir, 'sim.json');
    writeFileSync(script, '{"builder": {"steps": [{"do": "wrok"}]}}');
    const result = await execa(
      process.execPath,
      [AGENT_JS, '--role', 'builder', '--script', script],
      {
        reject: false,
        env: ENV,
        extendEnv: false,
        input: '',
      },
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      `launch sim: ${script}:1:31: builder.steps[0].do must be one of work, say, commit, pull, wait, limit, idle, declare-wait, fatal, prompt, exit, done, got "wrok" (did you mean "work"?)`,
    );
    const badRole = await execa(process.execPath, [AGENT_JS, '--role', 'boss'], {
      reject: false,
      env: ENV,
      extendEnv: false,
      input: '',
    });
    expect(badRole.exitCode).toBe(2);
    expect(badRole.stderr).toBe(
      'launch sim: --role must be one of builder, adversary, orchestrator, got "boss"',
    );
  });

  it.each(['SIGTERM', 'SIGHUP'] as const)(
    'reads lines from a pipe and exits cleanly on %s, restoring the terminal',
    async (signal) => {
      const dir = tempDir();
      const script = join(dir, 'sim.json');
      writeFileSync(
        script,
        JSON.stringify({
          adversary: {
            steps: [{ do: 'wait', match: 'hello' }, { do: 'say', text: 'got it' }, { do: 'idle' }],
          },
        }),
      );
      const child = execa(process.execPath, [AGENT_JS, '--role', 'adversary', '--script', script], {
        reject: false,
        env: { ...ENV, LAUNCH_LOG_DIR: join(dir, 'logs'), LAUNCH_SESSION: 'pipe-adv' },
        extendEnv: false,
        cwd: dir,
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      await waitFor('ready', () => output.includes('? for shortcuts'));
      child.stdin.write('hello there\n');
      await waitFor('line received', () => output.includes('⏺ got it'), {
        describe: () => output.slice(-2000),
      });
      child.kill(signal);
      const result = await child;
      expect(result.exitCode).toBe(0);
      expect(output).toContain(TERMINAL_RESTORE);
    },
  );
});
