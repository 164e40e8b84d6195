// The respawner's pieces beyond the policy: a SIGHUP nobody asked for is respawned (exit 129); an
// adopter tells a killed watchdog from one that stopped by itself; the respawner's record; the
// start lock. Real processes and files, no mocks.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { appendEvents } from '../../src/adapters/ledger.js';
import { lockPath } from '../../src/adapters/watchdog-lock.js';
import { START_LOCK_FILE, takeStartLock } from '../../src/cli/start-lock.js';
import { awaitAdopted } from '../../src/watchdog/respawn-adopt.js';
import { afterChildExit, EXIT_HANGUP } from '../../src/watchdog/respawn-policy.js';
import {
  clearRespawnerRecord,
  readLiveRespawner,
  readRespawnerRecord,
  writeRespawnerRecord,
} from '../../src/watchdog/respawn-record.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A live process whose argv holds `words` (what the pid checks look for in /proc/<pid>/cmdline). */
function sleeper(...words: string[]) {
  const child = execa(process.execPath, ['-e', 'setTimeout(() => {}, 120000)', ...words], {
    reject: false,
  });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  return child;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a SIGHUP nobody sent through the respawner', () => {
  it('is answered by starting the watchdog again, named as a hang-up', () => {
    const decision = afterChildExit({
      exit: { code: EXIT_HANGUP, signal: null },
      stopping: false,
      otherHolder: null,
      ranMs: 60_000,
      failures: 0,
    });
    expect(decision).toMatchObject({ kind: 'respawn', delayMs: 2_000, why: 'hung up (SIGHUP)' });
  });
});

describe('an adopter waiting for a watchdog it did not start', () => {
  it('a kill -9 (its lock left behind) is a death: respawn', async () => {
    const logDir = tempDir();
    const watchdog = sleeper('watchdog');
    await settle(200);
    const pid = watchdog.pid ?? 0;
    writeFileSync(lockPath(logDir), JSON.stringify({ pid, startedAt: '', host: 'h' }));
    const waiting = awaitAdopted(pid, logDir, () => false, 50);
    watchdog.kill('SIGKILL');
    await watchdog;
    const exit = await waiting;
    expect(exit.code).toBeNull();
    expect(
      afterChildExit({ exit, stopping: false, otherHolder: null, ranMs: 1, failures: 0 }),
    ).toMatchObject({ kind: 'respawn' });
  });

  it('a clean stop (lock released, watchdog-stopped) ends it; a crash stop respawns', async () => {
    for (const [reason, code] of [
      ['signal SIGTERM', 0],
      ['crashed: boom', 1],
    ] as const) {
      const logDir = tempDir();
      const watchdog = sleeper('watchdog');
      await settle(200);
      const pid = watchdog.pid ?? 0;
      const waiting = awaitAdopted(pid, logDir, () => false, 50);
      appendEvents(logDir, [
        { ts: new Date().toISOString(), type: 'watchdog-stopped', pid, reason },
      ]);
      watchdog.kill('SIGTERM');
      await watchdog;
      expect(await waiting, reason).toEqual({ code, signal: null });
    }
  });
});

describe("the respawner's record", () => {
  it('is read back while its process lives, ignored once it is gone, cleared only by its owner', () => {
    const logDir = tempDir();
    writeRespawnerRecord(logDir, {
      startedAt: '2026-03-01T12:00:00.000Z',
      watchdogPid: 4211,
      nextStartAt: null,
    });
    // This process is not a `launch watchdog --respawn`: a record naming it is not live.
    expect(readRespawnerRecord(logDir)?.pid).toBe(process.pid);
    expect(readLiveRespawner(logDir)).toBeNull();
    clearRespawnerRecord(logDir, process.pid + 1);
    expect(readRespawnerRecord(logDir)).not.toBeNull();
    clearRespawnerRecord(logDir);
    expect(readRespawnerRecord(logDir)).toBeNull();
  });

  it('never throws on an unwritable log dir', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    expect(() =>
      writeRespawnerRecord(join(file, 'logs'), {
        startedAt: '',
        watchdogPid: null,
        nextStartAt: null,
      }),
    ).not.toThrow();
  });
});

describe('the start lock', () => {
  it('refuses while another live start holds it, naming its pid (exit 1)', async () => {
    const logDir = tempDir();
    const other = sleeper('start');
    await settle(200);
    writeFileSync(
      join(logDir, START_LOCK_FILE),
      JSON.stringify({ pid: other.pid, host: hostname(), startedAt: '' }),
    );
    expect(() => takeStartLock(logDir, new Date())).toThrow(
      expect.objectContaining({
        exitCode: 1,
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest's matcher
        message: expect.stringMatching(
          new RegExp(`^another \`launch start\` \\(pid ${other.pid}\\) is starting this run`),
        ),
      }),
    );
  });

  it("takes over a lock whose start died, never another host's, and releases only its own", () => {
    const logDir = tempDir();
    const file = join(logDir, START_LOCK_FILE);
    const dead = 2 ** 22 + 17; // above the default pid_max: no such process
    writeFileSync(file, JSON.stringify({ pid: dead, host: 'another-host', startedAt: '' }));
    expect(() => takeStartLock(logDir, new Date())).toThrow(/another `launch start`/);
    writeFileSync(file, JSON.stringify({ pid: dead, host: hostname(), startedAt: '' }));
    const release = takeStartLock(logDir, new Date());
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    release();
    expect(existsSync(file)).toBe(false);
  });
});
