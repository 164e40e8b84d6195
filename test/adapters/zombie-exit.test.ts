// How an exited, unreaped process ended, read from /proc, on real zombies: a shell's background
// child whose parent then execs `sleep`, which never reaps it.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { zombieExit } from '../../src/adapters/zombie-exit.js';
import { waitFor } from '../helpers/wait-for.js';

const keepers: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const keeper of keepers.splice(0)) keeper.kill('SIGKILL');
});

/**
 * The pid of a zombie that ran `script`, kept unreaped by a parent that sleeps. The child waits for
 * its parent to become `sleep` first: a shell reaps a child that ends before it execs.
 */
async function zombie(script: string): Promise<number> {
  const wait = 'while [ "$(cat /proc/$PPID/comm)" != sleep ]; do :; done';
  const keeper = spawn('sh', ['-c', `sh -c '${wait}; ${script}' & echo $!; exec sleep 30`]);
  keepers.push(keeper);
  const pid = await new Promise<number>((resolve) =>
    keeper.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  await waitFor('the child exited, unreaped', () => zombieExit(pid) !== null);
  return pid;
}

describe('zombieExit', () => {
  it('reads the exit status of an unreaped process', async () => {
    expect(zombieExit(await zombie('exit 5'))).toEqual({ status: 5, signal: null });
  });

  it('reads the signal that ended one', async () => {
    expect(zombieExit(await zombie('kill -HUP $$'))).toEqual({ status: null, signal: 1 });
  });

  it('says nothing of a running process, a gone one, or a bad pid', () => {
    expect(zombieExit(process.pid)).toBeNull();
    expect(zombieExit(2 ** 22 + 1)).toBeNull();
    expect(zombieExit(0)).toBeNull();
    expect(zombieExit(-3)).toBeNull();
  });
});
