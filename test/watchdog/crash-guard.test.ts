// The crash guard in a real Node process (it hooks process-wide events, so never in the test runner's
// own): an error nothing caught asks the loop to stop with the reason, a second error is only
// reported, the process ends with exit code 1 — and a stop that never finishes is forced.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const GUARD = fileURLToPath(new URL('../../dist/watchdog/crash-guard.js', import.meta.url));

/** A stand-in for the watchdog: a "loop" that runs until asked to stop, then takes `stopMs` to end. */
const PROCESS = `
const { installCrashGuard } = await import(process.argv[1]);
const stopMs = Number(process.argv[2]);
let stopAsked;
const stopped = new Promise((resolve) => (stopAsked = resolve));
const guard = installCrashGuard({
  stop: (reason) => { console.log('stop: ' + reason); stopAsked(); },
  report: (error) => console.log('report: ' + error.message),
  forceAfterMs: 300,
});
const loop = setInterval(() => undefined, 1000);
setTimeout(() => { throw new Error('boom in a timer'); }, 20);
setTimeout(() => { void Promise.reject(new Error('and a rejection')); }, 40);
await stopped;
await new Promise((resolve) => setTimeout(resolve, stopMs));
clearInterval(loop);
guard.dispose();
console.log('stopped in order after: ' + guard.crash()?.message);
process.exitCode = guard.crash() ? 1 : 0;
`;

const run = (stopMs: number) =>
  execa(process.execPath, ['--input-type=module', '-e', PROCESS, GUARD, String(stopMs)], {
    reject: false,
    timeout: 20_000,
  });

describe('the crash guard', () => {
  it('turns an uncaught error into an orderly stop with its reason, then exit code 1', async () => {
    const result = await run(100);
    expect(result.stdout.split('\n')).toEqual([
      'report: boom in a timer',
      'stop: crashed: boom in a timer',
      'report: and a rejection',
      'stopped in order after: boom in a timer',
    ]);
    expect(result.exitCode).toBe(1);
  });

  it('forces the exit when the stop does not finish in time', async () => {
    const result = await run(10_000);
    expect(result.stdout).not.toContain('stopped in order');
    expect(result.stdout).toContain('stop: crashed: boom in a timer');
    expect(result.exitCode).toBe(1);
  });

  it('reports a file write the disk refused but does not stop for it (a full disk never ends the run)', async () => {
    const script = `
const { installCrashGuard } = await import(process.argv[1]);
const guard = installCrashGuard({
  stop: (reason) => console.log('stop: ' + reason),
  report: (error) => console.log('report: ' + error.message),
  forceAfterMs: 300,
});
setTimeout(() => {
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
}, 20);
setTimeout(() => {
  guard.dispose();
  console.log('still running: ' + (guard.crash() === null));
}, 400);
`;
    const result = await execa(process.execPath, ['--input-type=module', '-e', script, GUARD], {
      reject: false,
      timeout: 20_000,
    });
    expect(result.stdout.split('\n')).toEqual([
      'report: ENOSPC: no space left on device, write',
      'still running: true',
    ]);
    expect(result.exitCode).toBe(0);
  });
});
