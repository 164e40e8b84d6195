// `launch status` on a live run, answered by its watchdog (the built bundles, a real watchdog on a
// private tmux socket): the same words and exit code as status run by the caller itself, and the
// caller runs it itself whenever the watchdog would print otherwise (another time zone).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRig, WAITING_AGENTS, type Rig } from '../helpers/launch-rig.js';
import { runLaunch } from '../helpers/run-launch.js';

describe('status served by the watchdog', { timeout: 120_000 }, () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await makeRig({ script: WAITING_AGENTS });
    const start = await rig.launch(['start'], 90_000);
    expect(start.exitCode, start.stderr).toBe(0);
    await rig.waitForEvent('both agents waiting', () =>
      ['builder', 'adversary'].every((role) =>
        rig
          .events()
          .some(
            (event) =>
              event.type === 'session-state' && event.role === role && event.to === 'waiting',
          ),
      ),
    );
  }, 120_000);
  afterAll(async () => {
    await rig?.dispose();
  });

  const status = (args: readonly string[], env: Record<string, string> = {}) =>
    runLaunch(['status', ...args], { cwd: rig.plan, env: { ...rig.env, ...env } });

  /**
   * Status JSON without what moves between two calls a moment apart: the last tick's time, and the
   * evidence's ages and verdicts ("static for 1s", "turn complete 0s ago") — its sources stay.
   */
  const steady = (stdout: string): unknown => {
    const view = JSON.parse(stdout) as {
      watchdog: Record<string, unknown>;
      sessions: { evidence: { source: string }[] }[];
    };
    return {
      ...view,
      watchdog: { ...view.watchdog, lastTick: null },
      sessions: view.sessions.map((session) => ({
        ...session,
        evidence: session.evidence.map((item) => item.source),
      })),
    };
  };

  it('prints what status run here prints, and says so when asked', async () => {
    const served = await status(['--json'], { LAUNCH_SERVED_STATUS: 'report' });
    const here = await status(['--json'], { LAUNCH_SERVED_STATUS: '0' });
    expect(served.stderr).toBe('launch: status served by the watchdog');
    expect(served.exitCode).toBe(0);
    expect(here.stderr).toBe('');
    expect(steady(served.stdout)).toEqual(steady(here.stdout));
    // The caller's environment, not the watchdog's, decides what status says.
    const zoned = await status(['--json'], {
      LAUNCH_SERVED_STATUS: 'report',
      LIMIT_TZ: 'Asia/Tokyo',
    });
    expect(zoned.stderr).toBe('launch: status served by the watchdog');
    expect(zoned.stdout).toMatch(/\+09:00"/);
    expect(served.stdout).not.toMatch(/\+09:00"/);
    const text = await status([], { LAUNCH_SERVED_STATUS: 'report' });
    expect(text.stderr).toBe('launch: status served by the watchdog');
    expect(text.stdout).toMatch(/^builder +\S+-builder +waiting/m);
  });

  it('gives the same help, and the same error and exit code for a bad flag', async () => {
    const help = await status(['--help'], { LAUNCH_SERVED_STATUS: 'report' });
    const helpHere = await status(['--help'], { LAUNCH_SERVED_STATUS: '0' });
    expect(help.stderr).toBe('launch: status served by the watchdog');
    expect(help.stdout).toBe(helpHere.stdout);
    expect(help.stdout).toMatch(/^Usage: launch status/);
    expect(help.exitCode).toBe(helpHere.exitCode);
    const served = await status(['--bogus'], { LAUNCH_SERVED_STATUS: 'report' });
    const here = await status(['--bogus'], { LAUNCH_SERVED_STATUS: '0' });
    expect(served.stderr).toBe(`launch: status served by the watchdog\n${here.stderr}`);
    expect(served.exitCode).toBe(here.exitCode);
    expect(here.exitCode).toBe(2);
  });

  it('runs here when the watchdog would print otherwise: another time zone, a login link', async () => {
    const tokyo = await status(['--json'], { LAUNCH_SERVED_STATUS: 'report', TZ: 'Asia/Tokyo' });
    expect(tokyo.stderr).toBe('launch: status run here (the watchdog: another TZ)');
    expect(JSON.parse(tokyo.stdout)).toMatchObject({ watchdog: { running: true } });
    // Times in the caller's zone, as status run there always showed them.
    expect(tokyo.stdout).toMatch(/\+09:00"/);
    const url = await status(['--url'], { LAUNCH_SERVED_STATUS: 'report' });
    expect(url.stderr).toMatch(/^launch: status run here \(a live view or a login link\)$/m);
  });

  it('refuses a mistyped LAUNCH_SERVED_STATUS in one line, exit 2', async () => {
    const result = await status([], { LAUNCH_SERVED_STATUS: 'no' });
    expect(result).toMatchObject({
      exitCode: 2,
      stdout: '',
      stderr: 'launch: LAUNCH_SERVED_STATUS must be 0, report or unset, got "no"',
    });
  });
});
