// Fault injection (issue 13, item 1): the log dir of a live sim run refuses writes — full until
// ENOSPC, then read-only, then an immutable events.jsonl (chattr +i) — for
// LAUNCH_FAULT_OUTAGE_SECONDS (60) each, then takes writes again. The watchdog must go on supervising (a claim pushed during the outage is pinged), say so once per outage (one
// notification, `launch status` shows it), and catch the ledger up in order afterwards, with the
// same watchdog process throughout and no temp files left behind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRig, ofType, type Rig } from '../helpers/launch-rig.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { waitFor } from '../helpers/wait-for.js';
import { hasOpenWriter, mountTmpfsLogDir, type TmpfsLogDir } from './disk-helpers.js';

const chattr = async (flag: '+i' | '-i', file: string): Promise<void> => {
  await execa('chattr', [flag, file]);
};

const OUTAGE_MS = Number(process.env.LAUNCH_FAULT_OUTAGE_SECONDS ?? '60') * 1000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const waitClaim = (n: number) => [
  { do: 'wait' as const, match: 'CLAIM', waitingUntilSeconds: 900 },
  { do: 'say' as const, text: `got claim ${n}` },
];

describe('a log dir that refuses writes (fault injection)', () => {
  it('full, read-only, then an immutable ledger, a minute each: supervision goes on, the ledger catches up, one notification each', async () => {
    const receiver = await startReceiver((_request, _body, response) => {
      response.writeHead(200).end('ok');
    });
    const rig: Rig = await makeRig({
      phases: ['p1'],
      config: { notifyWebhook: receiver.url },
      script: {
        builder: { phases: { p1: [{ do: 'declare-wait', seconds: 3600 }] } },
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
    let disk: TmpfsLogDir | null = null;
    cleanups.push(async () => {
      await rig.launch(['stop'], 60_000).catch(() => undefined);
      await rig.tmux.killServer();
      await chattr('-i', join(rig.logDir, 'events.jsonl')).catch(() => undefined);
      await disk?.unmount();
      await rig.dispose();
    });
    disk = await mountTmpfsLogDir(rig.logDir);
    const paneLog = join(rig.logDir, `${rig.session('adversary')}.log`);
    const kinds = (kind: string): number =>
      receiver.bodies.filter((body) => (JSON.parse(body) as { kind?: string }).kind === kind)
        .length;

    const start = await rig.launch(['start']);
    expect(start.exitCode, start.stderr).toBe(0);
    const started = await rig.waitForEvent(
      'the watchdog started',
      (e) => e.type === 'watchdog-started',
    );
    await rig.waitForEvent('the first look baselined', (e) => e.type === 'handoff-baseline');
    await rig.git.pushCommit(rig.outside, 'claim(g1): before any outage');
    await rig.waitForEvent(
      'claim 1 pinged',
      (e) => e.type === 'handoff-ping' && e.role === 'adversary',
    );

    const outages = [
      { name: 'full', begin: () => disk.fill(), end: () => disk.unfill(), claim: 2 },
      { name: 'read-only', begin: () => disk.readOnly(), end: () => disk.writable(), claim: 3 },
      {
        name: 'immutable ledger',
        begin: () => chattr('+i', join(rig.logDir, 'events.jsonl')),
        end: () => chattr('-i', join(rig.logDir, 'events.jsonl')),
        claim: 4,
      },
    ];
    for (const [index, outage] of outages.entries()) {
      const began = Date.now();
      await outage.begin();
      // A claim pushed during the outage is pinged: supervision goes on. (An immutable ledger is
      // only noticed at the first line the watchdog writes, here the ping's.)
      await rig.git.pushCommit(
        rig.outside,
        `claim(g${outage.claim}): during the ${outage.name} outage`,
      );
      await waitFor(
        `claim ${outage.claim} typed into the adversary during the outage`,
        async () =>
          (await rig.capture('adversary')).includes(`got claim ${outage.claim}`) || undefined,
        { timeoutMs: 45_000, describe: rig.describe },
      );
      await waitFor(
        `the ${outage.name} outage notified`,
        () => kinds('log-dir-unwritable') === index + 1 || undefined,
        { timeoutMs: 30_000, describe: rig.describe },
      );
      const status = await rig.launch(['status']);
      expect(status.stdout, status.stderr).toMatch(/disk: the log dir refuses writes/);
      // the rest of the minute
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, began + OUTAGE_MS - Date.now())),
      );
      expect(kinds('log-dir-unwritable')).toBe(index + 1);
      await outage.end();

      await rig.waitForEvent(
        `the ledger caught up after the ${outage.name} outage`,
        () => ofType(rig.events(), 'log-dir-recovered').length === index + 1,
        60_000,
      );
      const events = rig.events();
      const at = (predicate: (e: (typeof events)[number]) => boolean): number =>
        events.findIndex(predicate);
      const down = events.filter((e) => e.type === 'log-dir-unwritable')[index]!;
      const ping = at(
        (e) => e.type === 'handoff-ping' && String(e.reason).includes(`claim(g${outage.claim})`),
      );
      const up = events.filter((e) => e.type === 'log-dir-recovered')[index]!;
      // the ping went into the ledger with the outage's held lines (the line that met an immutable
      // ledger comes just before the outage's own line), in order, before the recovery
      const previousUp = events.filter((e) => e.type === 'log-dir-recovered')[index - 1];
      expect(ping).toBeGreaterThan(previousUp ? events.indexOf(previousUp) : 0);
      expect(ping).toBeGreaterThanOrEqual(events.indexOf(down) - 1);
      expect(ping).toBeLessThan(events.indexOf(up));
      expect(events.indexOf(down)).toBeLessThan(events.indexOf(up));
      await waitFor(
        'the recovery notified',
        () => kinds('log-dir-recovered') === index + 1 || undefined,
        {
          timeoutMs: 30_000,
        },
      );
      expect(disk.tempFiles()).toEqual([]);
      // a full disk ends the panes' log pipes (`cat` dies on ENOSPC): they are attached again
      await rig.waitForEvent(
        `the pane log pipes attached again after the ${outage.name} outage`,
        () => ofType(rig.events(), 'log-pipes-reattached').length === index + 1,
      );
      await waitFor(
        'a writer on the adversary pane log again',
        () => hasOpenWriter(paneLog) || undefined,
        {
          timeoutMs: 30_000,
        },
      );
    }

    // one watchdog all along, never respawned; one notification per outage; every line in order
    const events = rig.events();
    expect(ofType(events, 'watchdog-started')).toEqual([started]);
    expect(ofType(events, 'watchdog-respawned')).toEqual([]);
    expect(ofType(events, 'tick-failed')).toEqual([]);
    expect(kinds('log-dir-unwritable')).toBe(outages.length);
    expect(kinds('log-dir-recovered')).toBe(outages.length);
    const seqs = events.map((event) => Number(event.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // Times follow the order too, but for a delivery's outcome, folded into the next tick a moment
    // after that tick took its clock (the delivery queue): never more than a few seconds back.
    const times = events.map((event) => Date.parse(event.ts));
    const backwards = times.filter((time, i) => time < Math.max(...times.slice(0, i + 1)) - 5_000);
    expect(backwards).toEqual([]);
    expect(ofType(events, 'handoff-ping', 'adversary')).toHaveLength(outages.length + 1);
    const status = await rig.launch(['status']);
    expect(status.stdout).not.toMatch(/refuses writes/);
    await waitFor(
      'the adversary pane log written again after the full disk',
      () => readFileSync(paneLog, 'utf8').includes('got claim 3') || undefined,
      { timeoutMs: 30_000, describe: rig.describe },
    );
  });
});
