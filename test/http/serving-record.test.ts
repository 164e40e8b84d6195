// Why a watchdog serves no dashboard, on real files: never read back for a pid that is no live
// watchdog, and worded for people ("port 45999 in use: the watchdog serves no dashboard").
import { describe, expect, it } from 'vitest';
import {
  clearServingProblem,
  readServingProblem,
  servingProblemWords,
  writeServingProblem,
  type ServingProblem,
} from '../../src/http/serving-record.js';
import { tempDir } from '../helpers/temp-dir.js';

const problem = (over: Partial<ServingProblem> = {}): ServingProblem => ({
  pid: process.pid,
  host: '127.0.0.1',
  port: 45999,
  reason:
    'cannot serve HTTP on 127.0.0.1:45999: the address is in use (another program, or another watchdog, serves there)',
  code: 'in-use',
  at: '2026-03-02T12:00:00.000Z',
  ...over,
});

describe('the serving problem record', () => {
  it('names a process that is no watchdog: not read back (pid reuse); cleared: gone', () => {
    // (Read back while a real watchdog lives: test/http/dashboard-cli.test.ts, `status --url`.)
    const logDir = tempDir();
    writeServingProblem(logDir, problem());
    expect(readServingProblem(logDir)).toBeNull(); // this test runner is not a launch watchdog
    clearServingProblem(logDir);
    expect(readServingProblem(logDir)).toBeNull();
  });

  it('is history, not news, when its watchdog is gone', () => {
    const logDir = tempDir();
    writeServingProblem(logDir, problem({ pid: 2 ** 22 + 17 }));
    expect(readServingProblem(logDir)).toBeNull();
  });

  it('words a taken port, and other failures with their reason', () => {
    expect(servingProblemWords(problem())).toBe(
      'port 45999 in use: the watchdog serves no dashboard',
    );
    expect(
      servingProblemWords(
        problem({
          code: 'other',
          reason: 'cannot serve HTTP on 10.9.9.9:4777: no such address on this machine',
        }),
      ),
    ).toBe(
      'cannot serve on 10.9.9.9:4777: no such address on this machine: the watchdog serves no dashboard',
    );
  });
});
