// Right on screens it has never seen (issue 12, end to end): `bin/launch start` with sim agents that
// draw a screen no dialect knows, on a private tmux socket. A busy one (its spinner animates, no
// signals) is not rebooted over 3 × STALL_IDLE and takes a claim, confirmed; once silent (static,
// no signals) it is rebooted after STALL_IDLE. One whose signals say it works (Claude-Code-style
// hooks) is active, not rebooted; its Stop makes it idle, and a reboot follows STALL_IDLE later.
import { describe, expect, it } from 'vitest';
import { makeRig, ofType } from '../helpers/launch-rig.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';

const STALL_IDLE = 5;
const WORK = 3 * STALL_IDLE + 3;
const ts = (event: LedgerEvent): number => Date.parse(event.ts);

describe('screens no dialect knows, end to end', () => {
  it('trusts motion and signals, reboots only when every source is idle', async () => {
    const rig = await makeRig({
      script: {
        builder: {
          screen: 'unknown',
          steps: [
            { do: 'work', seconds: WORK, note: 'long tool call' },
            { do: 'say', text: 'tool finished' },
            { do: 'idle' },
          ],
        },
        adversary: {
          screen: 'unknown',
          signals: false,
          steps: [
            { do: 'work', seconds: WORK, note: 'reviewing' },
            { do: 'wait', match: 'CLAIM', timeoutSeconds: 60 },
            { do: 'say', text: 'claim received' },
            { do: 'idle' },
          ],
        },
      },
      // Motion alone holds off a stall for MOTION_BOUND windows: more than the adversary's work.
      config: { stallIdle: STALL_IDLE, stallGrace: 2, watchInterval: 1, motionBound: 6 },
      phases: ['p1'],
    });
    try {
      const start = await rig.launch(['start']);
      expect(start.exitCode, start.stderr).toBe(0);
      const started = Date.now();
      await rig.waitForEvent('baseline', (e) => e.type === 'handoff-baseline');

      // While both work: the adversary's screen is reported unrecognised; the builder is active on
      // its signals. A claim pushed now is typed into the busy unknown-screen adversary.
      await rig.waitForEvent(
        'the adversary reported unrecognised',
        (e) => e.type === 'session-unrecognised' && e.role === 'adversary',
      );
      await rig.git.pushCommit(rig.outside, 'claim(g1): parser ready');
      const ping = await rig.waitForEvent(
        'the claim delivered to the unknown screen',
        (e) => e.type === 'handoff-ping' && e.role === 'adversary',
        60_000,
      );
      expect(ping.confirmedBy).toBe('screen');

      // The builder's Stop makes it idle; STALL_IDLE later (every source idle) it is rebooted.
      const idle = await rig.waitForEvent(
        'the builder idle at its Stop signal',
        (e) =>
          e.type === 'session-state' &&
          e.role === 'builder' &&
          e.to === 'idle' &&
          /turn complete/.test(String(e.reason)),
        60_000,
      );
      const builderReboot = await rig.waitForEvent(
        'the builder rebooted after STALL_IDLE',
        (e) => e.type === 'session-restarted' && e.role === 'builder',
        60_000,
      );
      // The silent adversary (static screen, no signals) is rebooted after STALL_IDLE too.
      const adversaryReboot = await rig.waitForEvent(
        'the adversary rebooted when silent',
        (e) => e.type === 'session-restarted' && e.role === 'adversary',
        60_000,
      );

      const events = rig.events();
      // Motion was never discounted: both screens moved because they worked.
      expect(ofType(events, 'motion-ignored')).toEqual([]);
      // Neither was rebooted while it worked: not before 3 × STALL_IDLE of work had passed.
      const firstReboot = Math.min(ts(builderReboot), ts(adversaryReboot));
      expect(firstReboot - started).toBeGreaterThan(3 * STALL_IDLE * 1000);
      expect(ofType(events, 'session-restarted').filter((e) => ts(e) < ts(idle))).toEqual([]);
      // The builder was active on its signals, never unrecognised while its turn was open.
      const builderStates = ofType(events, 'session-state', 'builder');
      expect(
        builderStates.some((e) => e.to === 'active' && /^signals:/.test(String(e.reason))),
      ).toBe(true);
      // Each reboot is a stall with every source named; the builder's only after STALL_IDLE idle.
      for (const reboot of [builderReboot, adversaryReboot]) {
        expect(reboot.reason).toBe('stall');
        const evidence = reboot.evidence as Record<string, string>;
        expect(Object.keys(evidence)).toEqual(
          expect.arrayContaining(['screen', 'motion', 'signals', 'transcript']),
        );
        expect(evidence.screen).toMatch(/^unknown/);
        expect(evidence.motion).toMatch(/^idle: static/);
      }
      expect((builderReboot.evidence as Record<string, string>).signals).toMatch(
        /^idle: turn complete/,
      );
      expect((adversaryReboot.evidence as Record<string, string>).signals).toMatch(/^absent/);
      expect(ts(builderReboot) - ts(idle)).toBeGreaterThanOrEqual(STALL_IDLE * 1000 - 1000);
      // The claim reached the adversary while it was still working, and it took it.
      expect(await rig.capture('adversary')).toMatch(/claim received|CLAIM/);
      // status --json says it too.
      const status = JSON.parse((await rig.launch(['status', '--json'])).stdout) as {
        sessions: { role: string; evidence: { source: string }[] }[];
      };
      expect(status.sessions.find((s) => s.role === 'builder')?.evidence.length).toBeGreaterThan(0);
    } finally {
      await rig.dispose();
    }
  }, 240_000);
});
