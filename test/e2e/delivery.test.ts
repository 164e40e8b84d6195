// A delivery never holds the tick (issue 12 "Must show"): `bin/launch start` with the sim agent on a
// private tmux socket. The Builder's UI never shows its prompt, so a review ping to it waits the
// full 10 s ready wait (then the fallback typing, unconfirmed); meanwhile a claim pushed for the
// Adversary is pinged within about a second, as if nothing else were going on.
import { describe, expect, it } from 'vitest';
import { readLockHolder } from '../../src/adapters/watchdog-lock.js';
import { makeRig, ofType } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';

const ts = (event: LedgerEvent): number => Date.parse(event.ts);

describe('deliveries in the background, end to end', () => {
  it('pings a claim to one session within about a second while another waits 10 s for its UI', async () => {
    const rig = await makeRig({
      script: {
        // Never ready: no input box, no footer (the sim's readyDelayMs quirk).
        builder: { steps: [{ do: 'idle' }], quirks: { readyDelayMs: 600_000 } },
        adversary: {
          steps: [
            { do: 'wait', match: 'CLAIM', waitingUntilSeconds: 600 },
            { do: 'say', text: 'claim received' },
            { do: 'declare-wait', seconds: 600 },
          ],
        },
      },
      // Long enough that the silent Builder is not stall-rebooted during the test.
      config: { stallIdle: 600, stallGrace: 60 },
    });
    try {
      expect((await rig.launch(['start'])).exitCode).toBe(0);
      await rig.waitForEvent('baseline', (e) => e.type === 'handoff-baseline');

      // A review for the Builder: its delivery starts and waits for a UI that never comes.
      await rig.git.pushCommit(rig.outside, 'review(g1): PASS');
      const builderStarted = await rig.waitForEvent(
        'the builder delivery starts',
        (e) => e.type === 'delivery-started' && e.role === 'builder',
      );

      // A claim for the Adversary while the Builder's delivery is still waiting.
      await rig.git.pushCommit(rig.outside, 'claim(g1): parser ready');
      const pushedAt = Date.now();
      const claimPing = await rig.waitForEvent(
        'the claim pinged to the adversary',
        (e) => e.type === 'handoff-ping' && e.role === 'adversary',
      );
      const adversaryStarted = ofType(rig.events(), 'delivery-started', 'adversary')[0];
      const builderOutcome = await rig.waitForEvent(
        'the builder delivery gives up',
        (e) => e.type === 'message-not-delivered' && e.role === 'builder',
        60_000,
      );

      const toTyping = ts(adversaryStarted ?? claimPing) - pushedAt;
      const toPing = ts(claimPing) - pushedAt;
      const builderWait = ts(builderOutcome) - ts(builderStarted);
      console.log(
        `push → adversary delivery-started ${toTyping} ms; push → handoff-ping ${toPing} ms; ` +
          `builder delivery ${builderWait} ms (${String(builderOutcome.detail)})`,
      );
      // The claim was typed and confirmed while the Builder's delivery was still waiting.
      expect(ts(claimPing)).toBeLessThan(ts(builderOutcome));
      expect(builderWait).toBeGreaterThanOrEqual(10_000);
      expect(String(builderOutcome.detail)).toMatch(
        /^not delivered \((not-ready|unrecognised)\): .*(showed no ready prompt within 10000 ms|recognised .* screen for 10000 ms).*typed anyway/,
      );
      // "Within the usual second": the tick that saw the push started typing at once, and the
      // confirmed ping (typing, a pause before Enter, the re-read) followed; generous bounds.
      expect(toTyping).toBeLessThan(3_000);
      expect(toPing).toBeLessThan(5_000);
      expect(claimPing).toMatchObject({ reason: 'claim(g1): parser ready', confirmedBy: 'screen' });
      expect(String(claimPing.key)).toMatch(/^ping:adversary:/);
      expect(adversaryStarted?.key).toBe(claimPing.key);
      // One ping each: the in-flight Builder ping was never typed a second time meanwhile.
      const builderStarts = ofType(rig.events(), 'delivery-started', 'builder');
      expect(builderStarts.filter((e) => ts(e) <= ts(builderOutcome))).toHaveLength(1);
      expect(ofType(rig.events(), 'handoff-ping', 'adversary')).toHaveLength(1);
      expect(await rig.capture('adversary')).toContain('claim received');
    } finally {
      await rig.dispose();
    }
  }, 180_000);

  it('a watchdog killed mid-delivery says so on restart and sends the ping again; a stop records what was still typing', async () => {
    const rig = await makeRig({
      script: {
        builder: { steps: [{ do: 'idle' }], quirks: { readyDelayMs: 600_000 } },
        adversary: { steps: [{ do: 'declare-wait', seconds: 600 }] },
      },
      config: { stallIdle: 600, stallGrace: 60 },
    });
    try {
      expect((await rig.launch(['start'])).exitCode).toBe(0);
      await rig.waitForEvent('baseline', (e) => e.type === 'handoff-baseline');
      await rig.git.pushCommit(rig.outside, 'review(g1): PASS');
      const intent = await rig.waitForEvent(
        'the builder delivery starts',
        (e) => e.type === 'delivery-started' && e.role === 'builder',
      );
      // kill -9 while it waits for the Builder's UI: no outcome line can be written.
      const holder = readLockHolder(rig.logDir);
      process.kill(holder?.pid ?? 0, 'SIGKILL');
      await waitFor('the watchdog is dead', () => readLockHolder(rig.logDir)?.pid !== holder?.pid);
      const uncertain = await rig.waitForEvent(
        'the restarted watchdog notes the unfinished delivery',
        (e) => e.type === 'delivery-uncertain' && e.key === intent.key,
        60_000,
      );
      expect(String(uncertain.reason)).toMatch(
        /stopped while typing it .* may have arrived: sending it again once/,
      );
      const again = await rig.waitForEvent(
        'the ping is typed again',
        (e) => e.type === 'delivery-started' && e.key === intent.key && ts(e) > ts(uncertain),
      );

      // A stop while that delivery waits: a bounded wait, then it is recorded as not delivered.
      const stopAsked = Date.now();
      const stop = await rig.launch(['stop'], 60_000);
      expect(stop.exitCode, stop.stderr).toBe(0);
      const cancelled = await rig.waitForEvent(
        'the unfinished delivery is recorded at the stop',
        (e) => e.type === 'delivery-cancelled' && e.key === intent.key && ts(e) > ts(again),
      );
      expect(String(cancelled.detail)).toMatch(/cancelled.*watchdog stopped/);
      const stopped = await rig.waitForEvent('stopped', (e) => e.type === 'watchdog-stopped');
      expect(ts(stopped)).toBeGreaterThanOrEqual(ts(cancelled));
      console.log(`stop → delivery-cancelled ${ts(cancelled) - stopAsked} ms`);
      expect(ts(cancelled) - stopAsked).toBeLessThan(15_000);
    } finally {
      await rig.dispose();
    }
  }, 180_000);
});
