// A short command's output straight to its pipe: whole and in order, partial writes resumed; a
// pipe that would block hands the rest, and everything after, to Node's stream, in order; a reader
// that left ends the command quietly (a 750 kB `events | head -1` in operator-safety.test.ts).
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { directWriter } from '../../src/cli/io.js';
import { packagePath } from '../../src/util/package-root.js';
import { LAUNCH_BIN, baseEnv } from '../helpers/run-launch.js';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('directWriter', () => {
  it('resumes partial writes and keeps the order when a full pipe hands over to the stream', () => {
    const written: string[] = [];
    const streamed: string[] = [];
    let calls = 0;
    let guarded = 0;
    const write = (_fd: number, bytes: Uint8Array, offset: number): number => {
      calls++;
      if (calls === 3) throw errno('EAGAIN');
      // Two bytes at a time: the writer must loop on partial writes.
      const part = Buffer.from(bytes.subarray(offset, offset + 2)).toString('utf8');
      written.push(part);
      return Buffer.byteLength(part);
    };
    const out = directWriter(
      1,
      () => ({
        write: (chunk: string | Uint8Array) => streamed.push(Buffer.from(chunk).toString()) > 0,
      }),
      () => guarded++,
      write,
    );
    out('abcdef');
    out('gh');
    expect(written.join('')).toBe('abcd');
    expect(streamed.join('')).toBe('efgh');
    expect(guarded).toBe(1);
    expect(calls).toBe(3); // after the hand-over, nothing is written past the stream
  });

  it('lets other errors through', () => {
    const out = directWriter(
      1,
      () => ({ write: () => true }),
      () => undefined,
      () => {
        throw errno('EBADF');
      },
    );
    expect(() => out('x')).toThrow('EBADF');
  });
});

describe('a short command writing to a pipe', () => {
  it('writes the whole help to a pipe, and nothing to stderr when the reader leaves early', () => {
    const env = baseEnv();
    const help = spawnSync(LAUNCH_BIN, ['--help'], { env, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: launch /);
    expect(help.stdout.trimEnd().split('\n').length).toBeGreaterThan(20);
    // `launch --help | head -c 10`: the reader leaves after ten bytes.
    const piped = spawnSync('sh', ['-c', `"${LAUNCH_BIN}" --help | head -c 10`], {
      env,
      encoding: 'utf8',
    });
    expect(piped.stdout).toBe('Usage: lau');
    expect(piped.stderr).toBe('');
  });
});

describe('a short command writing to /dev/null', () => {
  it('writes straight to it, without making the stream a terminal would get', () => {
    // /dev/null is a character device, as a terminal is: only its device number tells them apart.
    const script = `
      const { processIo } = await import(${JSON.stringify(pathToFileURL(packagePath('dist', 'cli', 'io.js')).href)});
      const io = processIo({});
      io.out('dropped\\n');
      process.stderr.write(JSON.stringify({
        isTTY: io.isTTY,
        streams: process.moduleLoadList.filter((name) => /sync_write_stream|tty_wrap/.test(name)),
      }));`;
    const devNull = openSync('/dev/null', 'w');
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', devNull, 'pipe'],
      encoding: 'utf8',
    });
    closeSync(devNull);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stderr)).toEqual({ isTTY: false, streams: [] });
  });
});
