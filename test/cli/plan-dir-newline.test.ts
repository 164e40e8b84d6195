// A plan dir whose path holds a newline, used as the current directory: one clear line, exit 2, and
// nothing started or written (no log dir, no tmux server).
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { uniqueSocketName } from '../helpers/private-tmux.js';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('a plan dir with a newline in its path', () => {
  it('start, status and watchdog say so in one line and exit 2, touching nothing', async () => {
    const plan = join(tempDir(), 'plan\nsecond line');
    mkdirSync(plan);
    const init = await runLaunch(['init', plan], { cwd: plan });
    expect(init.exitCode).toBe(0);
    const before = readdirSync(plan).sort();
    const socket = uniqueSocketName('nl');
    for (const args of [['start'], ['status'], ['status', '--json'], ['watchdog', '--once']]) {
      const result = await runLaunch(args, { cwd: plan, env: { LAUNCH_TMUX_SOCKET: socket } });
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toEqual([
        `launch: the plan dir ${JSON.stringify(plan)} holds a control character (a newline?); launch types paths into agent sessions, so rename the folder`,
      ]);
      expect(result.stdout).toBe('');
    }
    expect(readdirSync(plan).sort()).toEqual(before);
    expect(existsSync(join(plan, '.launch'))).toBe(false);
    const server = await execa('tmux', ['-L', socket, 'list-sessions'], { reject: false });
    expect(server.exitCode).not.toBe(0); // no server was ever started on the socket
  });
});
