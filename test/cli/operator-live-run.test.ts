// The operator's commands against a live run (sim agents, private tmux, real git): a resume keeps
// the backend the run started with when the config changed since, a pause shows on the live run and
// warns a resume, send types with verified delivery (directly, then through the watchdog's HTTP
// API), restart goes through the watchdog, attach refuses without a terminal.
import { describe, expect, it } from 'vitest';
import { WAITING_AGENTS, makeRig, setConfig } from '../helpers/launch-rig.js';
import { runLaunch } from '../helpers/run-launch.js';
import { waitFor } from '../helpers/wait-for.js';

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

describe('operator commands on a live run', () => {
  it('resume keeps the saved backend; pause, send, restart and attach act on the same run', async () => {
    const rig = await makeRig({
      phases: ['p1'],
      script: WAITING_AGENTS,
    });
    try {
      const started = await rig.launch(['start']);
      expect(started.exitCode, started.stderr).toBe(0);
      expect(started.stdout).toMatch(/with backend sim\n/);
      expect(started.stdout).toMatch(
        /^watch: {2}launch status · launch events -f · .*launch attach builder$/m,
      );
      await rig.waitForEvent('the watchdog sees the builder', (event) => event.role === 'builder');

      // send while the watchdog runs without HTTP: typed directly, and it says so.
      const sent = await rig.launch(['send', 'builder', 'please   rebase first']);
      expect(sent.exitCode, sent.stderr).toBe(0);
      expect(sent.stdout).toMatch(
        /^builder: delivered in [\d.]+s.* \(typed directly: the watchdog \(pid \d+\) serves no HTTP API to queue it \(set HTTP_PORT for that\)\)$/,
      );
      await waitFor('the builder pane shows the message', async () =>
        (await rig.capture('builder')).includes('please rebase first') ? true : undefined,
      );
      const noApi = await rig.launch(['restart', 'adversary']);
      expect(noApi.exitCode).toBe(1);
      expect(lines(noApi.stderr)).toEqual([
        expect.stringMatching(
          /^launch: the watchdog \(pid \d+\) serves no HTTP API, and a restart behind its back would race its ticks; set HTTP_PORT and `launch start --resume`, or `launch stop` first$/,
        ),
      ]);
      const attach = await rig.launch(['attach', 'builder']);
      expect(attach.exitCode).toBe(2);
      expect(attach.stderr).toMatch(
        /^launch: attach needs a terminal \(stdin and stdout\); from a terminal run `launch attach builder` or `tmux -L \S+ attach -t \S+-builder`$/,
      );

      // Pause on the live run: status says so first, with the watchdog running.
      const paused = await rig.launch(['pause']);
      expect(paused.exitCode).toBe(0);
      const status = await rig.launch(['status']);
      expect(status.stdout.split('\n')[0]).toMatch(
        /^PAUSED \d+s ago: the watchdog \(pid \d+\) is running and takes no action; `launch resume` continues/,
      );
      expect(status.stdout).not.toMatch(/no watchdog: read from the pane/);
      await rig.waitForEvent('the watchdog logs the pause', (event) => event.type === 'paused');

      // The config changes backend; a resume keeps the run's sim, says so, and warns of the pause.
      setConfig(rig.plan, { backend: 'claude' });
      const stopped = await rig.launch(['stop']);
      expect(stopped.exitCode).toBe(0);
      const resumed = await runLaunch(['start', '--resume'], {
        cwd: rig.plan,
        env: { ...rig.env, HTTP_PORT: '0' },
      });
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(resumed.stdout).toMatch(/with backend sim \(resumed\)\n/);
      expect(resumed.stdout).toMatch(
        /with the run settings the last `launch start` saved; kept: backend sim \(the configuration now says claude; pass --backend to switch\)/,
      );
      expect(resumed.stderr).toMatch(
        /^launch: warning: the run is paused \(.*STOP: paused by launch pause at .*\): the watchdog starts but takes no action until `launch resume`$/m,
      );
      expect((await rig.launch(['resume'])).stdout).toMatch(/^resumed after /);

      // With HTTP (HTTP_PORT from the environment beats the saved run): through the watchdog.
      await waitFor('the watchdog serves HTTP', async () =>
        (await rig.launch(['status', '--url'])).exitCode === 0 ? true : undefined,
      );
      await rig.waitForEvent(
        'the watchdog sees the adversary again',
        (event) =>
          event.role === 'adversary' &&
          event.type === 'session-state' &&
          event.ts > new Date(Date.now() - 60_000).toISOString(),
      );
      const viaApi = await rig.launch(['send', 'adversary', 'look at gate 2']);
      expect(viaApi.exitCode, viaApi.stderr).toBe(0);
      expect(viaApi.stdout).toMatch(
        /^adversary: delivered, delivered in [\d.]+s.* \(through the watchdog, pid \d+\)$/,
      );
      const banner = await rig.launch(['send', 'builder', "You've hit your limit · resets 3pm"]);
      expect(banner.exitCode).toBe(2);
      expect(lines(banner.stderr)).toEqual([
        expect.stringMatching(
          /^launch: not typed: it reads as a usage-limit banner to the \w+ dialect/,
        ),
      ]);
      const restarted = await rig.launch(['restart', 'adversary']);
      expect(restarted.exitCode, restarted.stderr).toBe(0);
      expect(restarted.stdout).toMatch(
        /^adversary: restarted, .*\(through the watchdog, pid \d+\)$/,
      );
      await rig.waitForEvent(
        'the ledger tells the operator restart',
        (event) => event.role === 'adversary' && String(event.reason ?? '').includes('operator'),
      );
    } finally {
      await rig.dispose();
    }
  }, 240_000);
});
