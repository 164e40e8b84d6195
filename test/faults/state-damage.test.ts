// Fault injection (issue 13, item 3): the watchdog of a live sim run is killed (-9), its state.json
// damaged in several ways and a claim pushed while it is down; the respawner starts it again. Every
// field that validates must be salvaged — the Builder's limit window above all, never a reboot inside
// it — the phase never taken from a field that failed, and the claim pushed in the gap pinged (the
// cursor from the file, or else from the ledger's last ping), with `state-recovered` saying which.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLockHolder } from '../../src/adapters/watchdog-lock.js';
import { makeRig, ofType, type Rig } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const waitClaim = (n: number) => [
  { do: 'wait' as const, match: 'CLAIM', waitingUntilSeconds: 900 },
  { do: 'say' as const, text: `got claim ${n}` },
];

/** The parent of a process (the respawner of the watchdog). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

type Damage = (text: string) => string;
const DAMAGES: readonly {
  name: string;
  damage: Damage;
  cursorFrom: string;
  keepsLimit: boolean;
}[] = [
  {
    name: 'a cursor of the wrong type and garbage notices',
    damage: (text) => {
      const state = JSON.parse(text) as { handoff: { lastSha: unknown }; notices: unknown };
      state.handoff.lastSha = 12345;
      state.notices = ['garbage'];
      return JSON.stringify(state);
    },
    cursorFrom: 'ledger',
    keepsLimit: true,
  },
  {
    name: 'a phase index that fails validation',
    damage: (text) => {
      const state = JSON.parse(text) as { phaseIndex: unknown };
      state.phaseIndex = '7';
      return JSON.stringify(state);
    },
    cursorFrom: 'state',
    keepsLimit: true,
  },
  {
    name: 'a file torn in the middle',
    damage: (text) => text.slice(0, Math.floor(text.length / 2)),
    cursorFrom: 'ledger',
    keepsLimit: false,
  },
];

describe('a damaged state.json (fault injection)', () => {
  it('salvages what validates and pings the claims pushed while the watchdog was down', async () => {
    const rig: Rig = await makeRig({
      phases: ['p1', 'p2'],
      script: {
        builder: { phases: { p1: [{ do: 'limit', resetSeconds: 1800 }] } },
        adversary: {
          phases: {
            p1: [
              ...waitClaim(1),
              ...waitClaim(2),
              ...waitClaim(3),
              ...waitClaim(4),
              { do: 'declare-wait', seconds: 3600 },
            ],
          },
        },
      },
    });
    cleanups.push(() => rig.dispose());
    const statePath = join(rig.logDir, 'state.json');
    const start = await rig.launch(['start']);
    expect(start.exitCode, start.stderr).toBe(0);
    await rig.waitForEvent('the first look baselined', (e) => e.type === 'handoff-baseline');
    await rig.waitForEvent('the builder limited', (e) => e.type === 'limit-armed');
    await rig.git.pushCommit(rig.outside, 'claim(g1): before any damage');
    await rig.waitForEvent(
      'claim 1 pinged',
      (e) => e.type === 'handoff-ping' && e.role === 'adversary',
    );

    for (const [index, { name, damage, cursorFrom, keepsLimit }] of DAMAGES.entries()) {
      const claim = index + 2;
      const holder = readLockHolder(rig.logDir);
      expect(holder, name).not.toBeNull();
      const watchdog = holder!.pid;
      const respawner = parentOf(watchdog);
      // Hold the respawner while the watchdog is down, so the push lands in the gap for sure.
      process.kill(respawner, 'SIGSTOP');
      try {
        process.kill(watchdog, 'SIGKILL');
        await waitFor('the watchdog gone', () => readLockHolder(rig.logDir) === null || undefined);
        writeFileSync(statePath, damage(readFileSync(statePath, 'utf8')));
        await rig.git.pushCommit(
          rig.outside,
          `claim(g${claim}): pushed while the watchdog was down`,
        );
      } finally {
        process.kill(respawner, 'SIGCONT');
      }
      await rig.waitForEvent(
        `state recovered after ${name}`,
        () => ofType(rig.events(), 'state-recovered').length === index + 1,
        60_000,
      );
      const event = ofType(rig.events(), 'state-recovered')[index]!;
      expect(event.cursorFrom, name).toBe(cursorFrom);
      if (keepsLimit) expect(event.salvaged, name).toContain('sessions.builder');
      // never another phase on the strength of a damaged field
      expect(event.phaseIndex, name).toBe(0);
      await rig.waitForEvent(
        `claim ${claim} pinged after ${name}`,
        (e) => e.type === 'handoff-ping' && String(e.reason).includes(`claim(g${claim})`),
      );
      await waitFor(
        `the adversary got claim ${claim}`,
        async () => (await rig.capture('adversary')).includes(`got claim ${claim}`) || undefined,
        { timeoutMs: 30_000, describe: rig.describe },
      );
    }

    const events = rig.events();
    // the limit window was never rebooted into, and each claim was pinged once
    expect(ofType(events, 'session-restarted', 'builder')).toEqual([]);
    for (let claim = 1; claim <= DAMAGES.length + 1; claim++)
      expect(
        events.filter(
          (e) => e.type === 'handoff-ping' && String(e.reason).includes(`claim(g${claim})`),
        ),
        `claim ${claim}`,
      ).toHaveLength(1);
    expect(ofType(events, 'phase-advanced')).toEqual([]);
  });
});
