// One quota per account, end to end: two runs (two plan dirs, two watchdogs, two private tmux
// sockets) whose sessions spend one account (`account` in both configs) and share one state dir.
// One Builder hits the limit → the other run's sessions are parked without a probe of their own;
// after the reset ONE probe, then everyone resumes, one at a time, ACCOUNT_RESUME_GAP apart.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRig, ofType, type Rig } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';

const GAP = 3;
const ts = (event: LedgerEvent): number => Date.parse(event.ts);

interface StatusJson {
  sessions: { role: string; state: string; limitedUntil: string | null; why: string }[];
  accounts: { account: string; state: string; probeBy: string; line: string }[];
}

describe('one quota per account, two runs', () => {
  it('parks the other run without a probe of its own, probes once, resumes everyone staggered', async () => {
    const stateHome = mkdtempSync(join(tmpdir(), 'launch-quota-state-'));
    const shared = {
      env: { XDG_STATE_HOME: stateHome },
      config: { account: 'team', accountResumeGap: GAP },
    };
    const quiet = { phases: { p1: [{ do: 'declare-wait' as const, seconds: 900 }] } };
    const rigs: Rig[] = [];
    try {
      const shop = await makeRig({
        ...shared,
        phases: ['p1'],
        script: {
          builder: {
            phases: {
              p1: [
                { do: 'work', seconds: 2 },
                { do: 'limit', resetSeconds: 14 },
                { do: 'declare-wait', seconds: 900 },
              ],
            },
          },
          adversary: quiet,
        },
      });
      rigs.push(shop);
      const blog = await makeRig({
        ...shared,
        phases: ['p1'],
        script: { builder: quiet, adversary: quiet },
      });
      rigs.push(blog);

      const [startShop, startBlog] = await Promise.all([
        shop.launch(['start']),
        blog.launch(['start']),
      ]);
      expect(startShop.exitCode, startShop.stderr).toBe(0);
      expect(startBlog.exitCode, startBlog.stderr).toBe(0);
      // Each run as `launch ls` names it (both plan dirs are folders called plan: "plan" and
      // "plan-2", whichever registered first).
      const runName = (logDir: string): string =>
        (JSON.parse(readFileSync(join(logDir, 'registry-entry.json'), 'utf8')) as { name: string })
          .name;
      const shopRun = runName(shop.logDir);
      const blogRun = runName(blog.logDir);
      expect([shopRun, blogRun].sort()).toEqual(['plan', 'plan-2']);

      // shop's Builder is limited and owns the account's window; blog's Builder is parked by it.
      const armed = await shop.waitForEvent(
        'shop builder arms the account window',
        (e) => e.type === 'account-armed' && e.role === 'builder',
        60_000,
      );
      expect(armed.account).toBe('sim/team');
      const parked = await blog.waitForEvent(
        'blog builder parked',
        (e) => e.type === 'account-parked' && e.role === 'builder',
        60_000,
      );
      expect(parked.by).toBe(`${shopRun}:builder`);
      expect(ts(parked)).toBeGreaterThanOrEqual(ts(armed));

      // While parked: `limited` with the window's end, WHY names the account and who limited it, and
      // the account's window shows once under the table.
      const view = await waitFor(
        'blog status shows its Builder parked',
        async () => {
          const status = await blog.launch(['status', '--json']);
          if (status.exitCode !== 0) throw new Error(status.stderr);
          const parsed = JSON.parse(status.stdout) as StatusJson;
          const row = parsed.sessions.find((session) => session.role === 'builder');
          return row?.state === 'limited' && parsed.accounts.length > 0 ? parsed : undefined;
        },
        { timeoutMs: 30_000, describe: blog.describe },
      );
      const builder = view.sessions.find((session) => session.role === 'builder');
      expect(builder?.limitedUntil).not.toBeNull();
      expect(builder?.why).toBe(`account sim/team limited by ${shopRun}:builder`);
      expect(view.accounts).toHaveLength(1);
      expect(view.accounts[0]).toMatchObject({
        account: 'sim/team',
        state: 'limited',
        probeBy: `${shopRun}:builder`,
      });
      const text = await blog.launch(['status']);
      expect(text.stdout.match(/^account sim\/team: limited until /gm)).toHaveLength(1);

      // After the reset: one probe (shop's Builder), the window lifts.
      const lifted = await shop.waitForEvent(
        'the account window lifts',
        (e) => e.type === 'account-lifted' && e.role === 'builder',
        90_000,
      );
      const order = lifted.order as string[];
      expect([...order].sort()).toEqual(
        [`${shopRun}:adversary`, `${blogRun}:builder`, `${blogRun}:adversary`].sort(),
      );

      // Everyone resumes: shop's Adversary, blog's Builder and Adversary, GAP seconds apart.
      await waitFor(
        'three resumes',
        () =>
          ofType(shop.events(), 'account-resumed').length +
            ofType(blog.events(), 'account-resumed').length >=
          3,
        {
          timeoutMs: 60_000,
          describe: async () => `${await shop.describe()}\n${await blog.describe()}`,
        },
      );
      const resumes = [
        ...ofType(shop.events(), 'account-resumed').map((e) => ({ ...e, run: 'shop' })),
        ...ofType(blog.events(), 'account-resumed').map((e) => ({ ...e, run: 'blog' })),
      ].sort((a, b) => ts(a) - ts(b));
      expect(resumes).toHaveLength(3);
      expect(ts(resumes[0]!) - ts(lifted)).toBeGreaterThanOrEqual(GAP * 1000);
      for (let i = 1; i < resumes.length; i++)
        expect(ts(resumes[i]!) - ts(resumes[i - 1]!), `resume ${i + 1}`).toBeGreaterThanOrEqual(
          GAP * 1000,
        );
      // In the order they were parked (the lift's order), each named by its role.
      expect(
        resumes.map((e) => `${e.run === 'shop' ? shopRun : blogRun}:${String(e.role)}`),
      ).toEqual(order);
      expect(
        resumes
          .filter((e) => e.run === 'blog')
          .map((e) => e.role)
          .sort(),
      ).toEqual(['adversary', 'builder']);

      // ONE probe for the whole account, by shop's Builder; blog never probed, armed or rebooted.
      const probes = [...shop.events(), ...blog.events()].filter((e) => e.type === 'limit-probe');
      expect(probes.map((e) => e.role)).toEqual(['builder']);
      expect(ofType(shop.events(), 'limit-probe', 'builder')).toHaveLength(1);
      for (const type of ['limit-probe', 'limit-armed', 'account-probe', 'session-restarted'])
        expect(ofType(blog.events(), type), type).toEqual([]);
      expect(
        blog.events().filter((e) => typeof e.key === 'string' && e.key.startsWith('probe:')),
      ).toEqual([]);

      // Every session ran on: the window file is gone once everyone resumed.
      await waitFor(
        'the account file is removed',
        () =>
          readdirSync(join(stateHome, 'launch', 'accounts')).filter((f) => f.endsWith('.json'))
            .length === 0,
        { timeoutMs: 20_000 },
      );
    } finally {
      await Promise.all(rigs.map((rig) => rig.dispose()));
      rmSync(stateHome, { recursive: true, force: true });
    }
  }, 300_000);
});
