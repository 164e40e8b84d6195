// The short name for a path: stable, 16 hex digits, different for near paths; and the two files
// named by it refuse to speak for another path when names clash.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nameHash } from '../../src/util/name-hash.js';
import {
  clearDiskProblem,
  diskProblemPath,
  readDiskProblem,
  writeDiskProblem,
} from '../../src/status/disk-problem.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('nameHash', () => {
  it('is FNV-1a 64 in hex: stable, 16 digits, and apart for near paths', () => {
    // The published FNV-1a 64 test vectors.
    expect(nameHash('')).toBe('cbf29ce484222325');
    expect(nameHash('a')).toBe('af63dc4c8601ec8c');
    expect(nameHash('foobar')).toBe('85944171f73967e8');
    const names = new Set(
      Array.from({ length: 1000 }, (_, i) => nameHash(`/home/me/plans/p${i}/.launch`)),
    );
    expect(names.size).toBe(1000);
    expect(nameHash('/tmp/é')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('the disk-problem file', () => {
  it("is read for its own log dir only, even where another's has its name", () => {
    const logDir = tempDir();
    writeDiskProblem(logDir, { pid: process.pid, since: 'now', detail: 'ENOSPC', held: 3 });
    try {
      expect(readDiskProblem(logDir)).toMatchObject({ pid: process.pid, held: 3 });
      // A clash: the file under this name says it is another log dir's.
      const file = diskProblemPath(logDir);
      writeFileSync(
        file,
        JSON.stringify({ pid: process.pid, since: 'now', detail: 'x', held: 0, logDir: '/else' }),
      );
      expect(readDiskProblem(logDir)).toBeNull();
    } finally {
      clearDiskProblem(logDir);
    }
  });
});
