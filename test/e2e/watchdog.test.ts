// The watchdog end to end: `bin/launch start` with the sim agent on a private tmux socket, real git
// clones of a bare origin, short intervals; every assertion waits for the ledger (or the panes).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLiveRespawner } from '../../src/watchdog/respawn-record.js';
import { readLockHolder } from '../../src/adapters/watchdog-lock.js';
import { readState } from '../../src/adapters/state-store.js';
import { git } from '../helpers/git-world.js';
import { makeRig, ofType, type Rig } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';

const ts = (event: LedgerEvent | undefined): number => Date.parse(event?.ts ?? '');

async function pushFrom(
  rig: Rig,
  subject: string,
  files: Record<string, string> = {},
): Promise<void> {
  await rig.git.pushCommit(rig.outside, subject, files);
}

describe('the watchdog, end to end', () => {
  it('pings handoffs, honours waits and limits, restarts fatal, stalled and dead sessions, walks the phases', async () => {
    const rig = await makeRig({
      script: {
        builder: {
          phases: {
            p1: [
              // time for the watchdog's first tick (its silent handoff baseline) before the claim
              // lands, even on a loaded machine: a claim pushed before it would be baselined
              { do: 'work', seconds: 3 },
              { do: 'commit', subject: 'claim(g1): parser ready' },
              { do: 'wait', match: 'review', waitingUntilSeconds: 120 },
              { do: 'declare-wait', seconds: 8 },
              { do: 'limit', resetSeconds: 10 },
              { do: 'fatal' },
              { do: 'say', text: 'back after the fatal error' },
              { do: 'idle' },
              { do: 'work', seconds: 1 },
              { do: 'done' },
            ],
            // Long enough for the re-ping of the unconsumed INBOX to reach the restarted Adversary
            // before p2 is DONE, also on a loaded 2-core machine.
            p2: [{ do: 'work', seconds: 10 }, { do: 'done' }],
          },
        },
        adversary: {
          phases: {
            p1: [
              { do: 'wait', match: 'CLAIM', waitingUntilSeconds: 300 },
              { do: 'work', seconds: 1 },
              { do: 'commit', subject: 'review(g1): PASS' },
              { do: 'wait', match: 'ADVERSARY-INBOX', waitingUntilSeconds: 300 },
              { do: 'say', text: 'inbox read' },
              { do: 'declare-wait', seconds: 600 },
            ],
            p2: [{ do: 'declare-wait', seconds: 600 }],
          },
        },
      },
    });
    try {
      const start = await rig.launch(['start']);
      expect(start.exitCode, start.stderr).toBe(0);

      // claim → Adversary, review → Builder
      const claimPing = await rig.waitForEvent(
        'claim pinged to the adversary',
        (e) => e.type === 'handoff-ping' && e.role === 'adversary',
      );
      expect(claimPing.reason).toMatch(/claim\(g1\): parser ready/);
      const reviewPing = await rig.waitForEvent(
        'review pinged to the builder',
        (e) => e.type === 'handoff-ping' && e.role === 'builder',
      );
      expect(reviewPing.reason).toBe('review(g1): PASS');

      // INBOX → its reader
      await pushFrom(rig, 'docs: note for the adversary', {
        'machine-docs/ADVERSARY-INBOX.md': 'please re-check g1\n',
      });
      const inboxPing = await rig.waitForEvent(
        'INBOX pinged to the adversary',
        (e) =>
          e.type === 'handoff-ping' && e.role === 'adversary' && /INBOX/.test(String(e.reason)),
      );
      expect(inboxPing.reason).toBe('ADVERSARY-INBOX.md new');

      // a killed session comes back
      await waitFor(
        'the adversary read its inbox',
        async () => (await rig.capture('adversary')).includes('inbox read'),
        { describe: rig.describe },
      );
      await rig.tmux.killSession(rig.session('adversary'));
      const dead = await rig.waitForEvent(
        'the killed adversary is restarted',
        (e) => e.type === 'session-restarted' && e.role === 'adversary',
      );
      expect(dead.reason).toBe('dead');

      // declared wait (longer than STALL_IDLE) honoured, then the limit, probe, resume. The agent
      // may react to the ping before its confirmation is recorded (typing runs in the background):
      // its wait comes after the ping's typing began.
      const reviewTyping = ofType(rig.events(), 'delivery-started', 'builder').find(
        (e) => e.key === reviewPing.key,
      );
      const waiting = await rig.waitForEvent(
        'the builder declares a wait',
        (e) =>
          e.type === 'session-state' &&
          e.role === 'builder' &&
          e.to === 'waiting' &&
          ts(e) > ts(reviewTyping),
      );
      const armed = await rig.waitForEvent(
        'the builder is limited',
        (e) => e.type === 'limit-armed' && e.role === 'builder',
      );
      expect(ts(armed) - ts(waiting)).toBeGreaterThanOrEqual(7_000);
      expect(armed.resetAt).not.toBeNull();
      const probe = await rig.waitForEvent(
        'a probe at the window end',
        (e) => e.type === 'limit-probe' && e.role === 'builder',
      );
      expect(ts(probe)).toBeGreaterThanOrEqual(Date.parse(String(armed.resetAt)) + 1_000);
      const lifted = await rig.waitForEvent(
        'the builder resumes',
        (e) => e.type === 'limit-lifted' && e.role === 'builder',
      );
      expect(lifted.reason).toBe('working again');

      // fatal → restart, then a stall → restart
      const fatal = await rig.waitForEvent(
        'fatal restart',
        (e) => e.type === 'session-restarted' && e.role === 'builder' && e.reason === 'fatal',
      );
      const stall = await rig.waitForEvent(
        'stall restart',
        (e) => e.type === 'session-restarted' && e.role === 'builder' && e.reason === 'stall',
      );
      expect(ts(stall)).toBeGreaterThan(ts(fatal));

      // DONE → phase 2 with its kickoff → DONE → sequence complete, the watchdog exits
      const advanced = await rig.waitForEvent('phase advance', (e) => e.type === 'phase-advanced');
      expect(advanced).toMatchObject({ from: 'p1', to: 'p2' });
      await rig.waitForEvent(
        'the builder starts phase 2',
        (e) => e.type === 'session-started' && e.role === 'builder',
      );
      await rig.waitForEvent('sequence complete', (e) => e.type === 'sequence-complete');
      await rig.waitForEvent('the watchdog exits', (e) => e.type === 'watchdog-stopped');
      expect(readFileSync(join(rig.logDir, 'SEQUENCE-COMPLETE'), 'utf8')).toMatch(
        /phase sequence complete at \S+\nphases: p1 p2\n/,
      );
      expect(
        readFileSync(join(rig.logDir, `.kickoff-${rig.session('builder')}.txt`), 'utf8'),
      ).toMatch(/^\*\*\* PHASE p2 \(2\/2\)/);
      await waitFor('the watchdog released its lock', () => readLockHolder(rig.logDir) === null);
      await waitFor('the agent sessions are gone', async () => {
        const panes = await rig.tmux.listPanes();
        return (
          panes.ok &&
          panes.value.every(
            (pane) => !pane.session.endsWith('-builder') && !pane.session.endsWith('-adv'),
          )
        );
      });

      // The invariants, over the whole run.
      const events = rig.events();
      const builderRestarts = ofType(events, 'session-restarted', 'builder').map((e) => e.reason);
      expect(builderRestarts).toEqual(['fatal', 'stall']);
      const restartsInWindow = ofType(events, 'session-restarted', 'builder').filter(
        (e) => ts(e) >= ts(armed) && ts(e) <= ts(lifted),
      );
      expect(restartsInWindow).toEqual([]);
      // Phase 1: the claim and the INBOX. The INBOX file was never consumed (deleted), so after the
      // phase change reset the handoff memory it is pinged once more, as the original did.
      const adversaryPings = ofType(events, 'handoff-ping', 'adversary');
      expect(adversaryPings.filter((e) => ts(e) < ts(advanced)).map((e) => e.reason)).toEqual([
        'claim(g1): parser ready',
        'ADVERSARY-INBOX.md new',
      ]);
      expect(adversaryPings.filter((e) => ts(e) > ts(advanced)).map((e) => e.reason)).toEqual([
        'ADVERSARY-INBOX.md new',
      ]);
      expect(ofType(events, 'handoff-ping', 'builder')).toHaveLength(1);
      expect(ofType(events, 'phase-advanced')).toHaveLength(1);
    } finally {
      await rig.dispose();
    }
  }, 240_000);

  it('refuses a second watchdog; after a kill -9 the watchdog is started again, keeps the limit window and pings a claim pushed while it was down', async () => {
    const rig = await makeRig({
      script: {
        builder: {
          steps: [
            { do: 'limit', resetSeconds: 40 },
            { do: 'declare-wait', seconds: 600 },
          ],
        },
        adversary: {
          steps: [
            { do: 'wait', match: 'CLAIM', waitingUntilSeconds: 600 },
            { do: 'declare-wait', seconds: 600 },
          ],
        },
      },
    });
    try {
      expect((await rig.launch(['start'])).exitCode).toBe(0);
      const armed = await rig.waitForEvent(
        'the builder is limited',
        (e) => e.type === 'limit-armed' && e.role === 'builder',
      );
      // The tick logs its decisions before it acts and writes state.json: wait for the write.
      const until = await waitFor('the limit window is in state.json', () => {
        const before = readState(rig.logDir);
        const state = before.ok ? before.value.sessions.builder?.state : undefined;
        return state?.kind === 'limited' ? state : undefined;
      });
      expect(until).toMatchObject({ kind: 'limited' });

      const second = await rig.launch(['watchdog']);
      expect(second.exitCode).toBe(1);
      const holder = readLockHolder(rig.logDir);
      expect(second.stderr.trim()).toBe(
        `launch: another watchdog is running (pid ${holder?.pid}) for log dir ${rig.logDir}`,
      );

      // kill -9: no tick finished, no state saved, no watchdog-stopped. --respawn (what `launch
      // start` runs) starts it again after 2 s; the claim is pushed in that gap.
      process.kill(holder?.pid ?? 0, 'SIGKILL');
      await waitFor('the watchdog is dead', () => readLockHolder(rig.logDir)?.pid !== holder?.pid);
      await pushFrom(rig, 'claim(g7): pushed while the watchdog was down');
      const respawned = await rig.waitForEvent(
        'the watchdog is started again',
        (e) => e.type === 'watchdog-respawned',
      );
      expect(respawned.reason).toMatch(/killed by SIGKILL.*again in 2s/);
      const ping = await rig.waitForEvent(
        'the claim is pinged after the restart',
        (e) => e.type === 'handoff-ping' && e.role === 'adversary',
      );
      expect(ping.reason).toMatch(/claim\(g7\)/);
      expect(ofType(rig.events(), 'watchdog-started')).toHaveLength(2);
      const restarted = readLockHolder(rig.logDir);
      expect(restarted?.pid).not.toBe(holder?.pid);
      // The window survived: not re-armed, same end, and the builder was not touched.
      expect(ofType(rig.events(), 'limit-armed', 'builder')).toEqual([armed]);
      const after = readState(rig.logDir);
      expect(after.ok && after.value.sessions.builder?.state).toEqual(until);
      expect(ofType(rig.events(), 'session-restarted', 'builder')).toEqual([]);
      expect(ofType(rig.events(), 'handoff-baseline')).toHaveLength(1);

      // A SIGHUP nobody sent through the respawner (a vanished terminal) is not an operator's stop:
      // the tick ends, the state is saved, the lock released, and the respawner starts it again.
      process.kill(restarted?.pid ?? 0, 'SIGHUP');
      await rig.waitForEvent('the watchdog logs its stop', (e) => e.type === 'watchdog-stopped');
      const hungUp = await rig.waitForEvent(
        'the hung-up watchdog is started again',
        (e) => e.type === 'watchdog-respawned' && /hung up/.test(String(e.reason)),
      );
      expect(hungUp.reason).toMatch(/hung up \(SIGHUP\)/);
      await waitFor('a third watchdog holds the lock', () => {
        const pid = readLockHolder(rig.logDir)?.pid;
        return pid !== undefined && pid !== restarted?.pid;
      });
      // The operator's stop goes to the respawner: it passes it on and starts no other.
      const respawner = readLiveRespawner(rig.logDir);
      expect(respawner).not.toBeNull();
      process.kill(respawner?.pid ?? 0, 'SIGTERM');
      await waitFor('the respawner ends', () => readLiveRespawner(rig.logDir) === null);
      await waitFor('the watchdog ends', () => readLockHolder(rig.logDir) === null);
      expect(ofType(rig.events(), 'watchdog-respawned')).toHaveLength(2);
    } finally {
      await rig.dispose();
    }
  }, 180_000);

  it('reports a ping the agent never accepts as not delivered', async () => {
    const rig = await makeRig({
      script: {
        builder: { steps: [{ do: 'declare-wait', seconds: 600 }] },
        adversary: { steps: [{ do: 'declare-wait', seconds: 600 }], quirks: { ignoreInput: true } },
      },
    });
    try {
      expect((await rig.launch(['start'])).exitCode).toBe(0);
      await rig.waitForEvent('baseline', (e) => e.type === 'handoff-baseline');
      await pushFrom(rig, 'claim(g1): ready');
      const failed = await rig.waitForEvent(
        'not delivered',
        (e) => e.type === 'message-not-delivered' && e.role === 'adversary',
      );
      expect(failed).toMatchObject({ purpose: 'ping', reason: 'claim(g1): ready' });
      expect(String(failed.detail)).toMatch(/^not delivered \(not-echoed\)/);
      expect(ofType(rig.events(), 'handoff-ping')).toEqual([]);
    } finally {
      await rig.dispose();
    }
  }, 120_000);

  it('pauses while the STOP file exists', async () => {
    const rig = await makeRig({
      script: {
        builder: { steps: [{ do: 'idle' }] },
        adversary: { steps: [{ do: 'declare-wait', seconds: 600 }] },
      },
    });
    try {
      const { mkdirSync, writeFileSync, rmSync } = await import('node:fs');
      mkdirSync(rig.logDir, { recursive: true });
      writeFileSync(join(rig.logDir, 'STOP'), '');
      expect((await rig.launch(['start'])).exitCode).toBe(0);
      const paused = await rig.waitForEvent('paused', (e) => e.type === 'paused');
      // The idle builder would be stall-restarted after STALL_IDLE (4 s). Wait until the watchdog
      // has kept ticking (it rewrites state.json every tick) well past that, then look.
      const { statSync } = await import('node:fs');
      await waitFor(
        'ticks past STALL_IDLE while paused',
        () => statSync(join(rig.logDir, 'state.json')).mtimeMs > ts(paused) + 7_000,
        { timeoutMs: 30_000 },
      );
      expect(ofType(rig.events(), 'session-restarted')).toEqual([]);
      rmSync(join(rig.logDir, 'STOP'));
      await rig.waitForEvent('resumed', (e) => e.type === 'resumed');
      await rig.waitForEvent(
        'the idle builder is restarted once paused no more',
        (e) => e.type === 'session-restarted' && e.role === 'builder',
      );
      expect(existsSync(join(rig.logDir, 'STOP'))).toBe(false);
    } finally {
      await rig.dispose();
    }
  }, 120_000);
});

describe('launch watchdog --once and --dry-run', () => {
  it('--dry-run prints what it would do and changes nothing; --once runs one tick', async () => {
    const rig = await makeRig({ script: {} });
    try {
      // Nothing runs: the heavy tick would start every session.
      const dry = await rig.launch(['watchdog', '--dry-run']);
      expect(dry.exitCode, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/^would: start builder \(dead: session gone\)$/m);
      expect(dry.stdout).toMatch(/^would: start adversary \(dead: session gone\)$/m);
      expect(existsSync(join(rig.logDir, 'state.json'))).toBe(false);
      expect(await rig.tmux.listPanes()).toEqual({ ok: true, value: [] });

      const once = await rig.launch(['watchdog', '--once']);
      expect(once.exitCode, once.stderr).toBe(0);
      expect(ofType(rig.events(), 'session-restarted').map((e) => [e.role, e.reason])).toEqual([
        ['builder', 'dead'],
        ['adversary', 'dead'],
      ]);
      expect(readLockHolder(rig.logDir)).toBeNull();
      await git(rig.git.builder, ['status', '--short']);
    } finally {
      await rig.dispose();
    }
  }, 120_000);
});
