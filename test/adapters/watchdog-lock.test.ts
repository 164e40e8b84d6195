import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { acquireLock, lockPath, readLockHolder } from '../../src/adapters/watchdog-lock.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A live process whose command line says "watchdog", like a real one. */
function fakeWatchdog() {
  return execa(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'watchdog'], {
    reject: false,
  });
}

describe('watchdog lock', () => {
  it('is taken, refused to a second holder while the first lives, and released', async () => {
    const logDir = tempDir();
    const holder = fakeWatchdog();
    try {
      const pid = holder.pid ?? 0;
      const first = acquireLock(logDir, new Date(), pid);
      expect(first.ok).toBe(true);
      expect(readLockHolder(logDir)?.pid).toBe(pid);
      const second = acquireLock(logDir, new Date(), process.pid);
      expect(second).toMatchObject({ ok: false, error: { reason: 'held', holder: { pid } } });
      if (first.ok) first.value.release();
      expect(readLockHolder(logDir)).toBeNull();
    } finally {
      holder.kill();
      await holder;
    }
  });

  it('takes over a lock whose holder died', async () => {
    const logDir = tempDir();
    const dead = fakeWatchdog();
    const pid = dead.pid ?? 0;
    dead.kill('SIGKILL');
    await dead;
    writeFileSync(
      lockPath(logDir),
      JSON.stringify({ pid, startedAt: new Date().toISOString(), host: hostname() }),
    );
    expect(readLockHolder(logDir)).toBeNull();
    expect(acquireLock(logDir, new Date(), process.pid).ok).toBe(true);
  });

  it('does not trust a recycled pid that now runs something else', () => {
    const logDir = tempDir();
    // This test process is alive but is not a watchdog.
    writeFileSync(
      lockPath(logDir),
      JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), host: hostname() }),
    );
    expect(readLockHolder(logDir)).toBeNull();
  });

  it('treats a damaged lock file as stale', () => {
    const logDir = tempDir();
    writeFileSync(lockPath(logDir), 'not json');
    expect(acquireLock(logDir, new Date(), process.pid).ok).toBe(true);
  });
});
