// decide with a shared account window (pure, injected clock): two runs, "shop" and "blog", whose
// sessions spend one account. The window "file" is applied the way the adapter does it.
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/config/roles.js';
import { applyAccountChange, type AccountWindow } from '../../src/fleet/account-window.js';
import { decide } from '../../src/watchdog/decide.js';
import type { QuotaSettings } from '../../src/watchdog/rules/account.js';
import type { WatchdogState } from '../../src/watchdog/state.js';
import type {
  Action,
  Decision,
  DecideSettings,
  SessionObservation,
} from '../../src/watchdog/types.js';
import {
  ACTIVE,
  IDLE,
  SETTINGS,
  at,
  iso,
  reading,
  running,
  snapshot,
  stateWith,
} from './fixtures.js';

const ACCOUNT = { key: 'claude:/home/ada/.claude', label: 'claude:~/.claude' };
const BANNER = reading({
  limited: true,
  resetAt: iso(at(3600)),
  matched: '5-hour limit reached ∙ resets 11am',
});

class Run {
  state: WatchdogState = stateWith();
  readonly settings: DecideSettings;
  constructor(
    readonly name: string,
    readonly world: { window: AccountWindow | null; alive: (pid: number) => boolean },
    readonly pid: number,
  ) {
    const quota: QuotaSettings = {
      self: { run: `/plans/${name}/.launch`, name, pid },
      accounts: { builder: ACCOUNT, adversary: ACCOUNT },
      resumeGap: 20,
    };
    this.settings = { ...SETTINGS, quota };
  }

  tick(now: number, sessions: SessionObservation[], ownerAlive = true): Decision<WatchdogState> {
    const decision = decide(
      snapshot(now, sessions, {
        accounts: [{ ...ACCOUNT, window: this.world.window, ownerAlive, movedAside: null }],
      }),
      this.state,
      this.settings,
    );
    for (const action of decision.actions)
      if (action.kind === 'account-update')
        this.world.window = applyAccountChange(
          this.world.window,
          action.change,
          { run: `/plans/${this.name}/.launch`, name: this.name, role: action.role, pid: this.pid },
          now,
          action.account,
          this.world.alive,
        );
    this.state = decision.state;
    return decision;
  }
}

const typed = (
  decision: Decision<WatchdogState>,
  role?: Role,
): Extract<Action, { kind: 'type' }>[] =>
  decision.actions.flatMap((action) =>
    action.kind === 'type' && (role === undefined || action.role === role) ? [action] : [],
  );
const types = (decision: Decision<WatchdogState>): string[] =>
  decision.events.map((event) => event.type);
const reboots = (decision: Decision<WatchdogState>): Action[] =>
  decision.actions.filter(
    (action) => action.kind === 'restart-session' || action.kind === 'start-session',
  );

function twoRuns() {
  const world = { window: null as AccountWindow | null, alive: (_pid: number) => true };
  return { world, shop: new Run('shop', world, 100), blog: new Run('blog', world, 200) };
}

describe('one quota per account (decide)', () => {
  it('a limited Builder parks every other session on the account, in its run (same tick) and the other', () => {
    const { world, shop, blog } = twoRuns();
    blog.tick(at(0), [running('builder', IDLE), running('adversary', IDLE)]);
    const first = shop.tick(at(10), [running('builder', BANNER), running('adversary', IDLE)]);
    expect(types(first)).toEqual(
      expect.arrayContaining(['limit-armed', 'account-armed', 'account-parked']),
    );
    expect(world.window?.probe.owner).toMatchObject({ name: 'shop', role: 'builder' });
    expect(shop.state.sessions.adversary?.state).toMatchObject({
      kind: 'limited',
      account: ACCOUNT.label,
    });
    expect(shop.state.sessions.adversary?.why).toBe(
      'account claude:~/.claude limited by shop:builder',
    );

    const parked = blog.tick(at(20), [running('builder', IDLE), running('adversary', IDLE)]);
    const event = parked.events.find((e) => e.type === 'account-parked' && e.role === 'builder');
    expect(event).toMatchObject({
      by: 'shop:builder',
      account: 'claude:~/.claude',
      until: world.window?.until,
    });
    expect(blog.state.sessions.builder?.state).toMatchObject({
      kind: 'limited',
      until: iso(at(3600 + 45)),
      probes: 0,
      account: ACCOUNT.label,
    });
    expect(world.window?.parked.map((entry) => `${entry.name}:${entry.role}`)).toEqual([
      'shop:adversary',
      'blog:builder',
      'blog:adversary',
    ]);
    // Parked once: later ticks add no event and no change.
    const again = blog.tick(at(50), [running('builder', IDLE), running('adversary', IDLE)]);
    expect(again.events).toEqual([]);
    expect(again.actions).toEqual([]);
  });

  it('parked: no stall reboot, no ping typed, no probe of its own — for hours, past its window end', () => {
    const { shop, blog } = twoRuns();
    shop.tick(at(0), [running('builder', BANNER), running('adversary', IDLE)]);
    blog.tick(at(1), [running('builder', IDLE), running('adversary', IDLE)]);
    blog.state = {
      ...blog.state,
      handoff: {
        ...blog.state.handoff,
        pending: [
          {
            role: 'builder',
            text: 'watchdog ping',
            cause: 'review(g1)',
            since: iso(at(1)),
            attempts: 0,
            also: [],
          },
        ],
      },
    };
    for (let t = 30; t <= 3 * 3600; t += 30) {
      // The owner's watchdog is slow to probe: blog keeps waiting, never probes itself.
      const decision = blog.tick(at(t), [running('builder', BANNER), running('adversary', IDLE)]);
      expect(reboots(decision), `t=${t}`).toEqual([]);
      expect(typed(decision), `t=${t}`).toEqual([]);
      expect(types(decision)).not.toContain('limit-probe');
    }
    expect(blog.state.handoff.pending).toHaveLength(1);
  });

  it('one probe by the owner; after it works, the others resume one every gap seconds, held pings then', () => {
    const { world, shop, blog } = twoRuns();
    shop.tick(at(0), [running('builder', BANNER), running('adversary', IDLE)]);
    blog.tick(at(1), [running('builder', IDLE), running('adversary', IDLE)]);
    blog.state = {
      ...blog.state,
      handoff: {
        ...blog.state.handoff,
        pending: [
          {
            role: 'builder',
            text: 'watchdog ping',
            cause: 'review(g1)',
            since: iso(at(1)),
            attempts: 0,
            also: [],
          },
        ],
      },
    };
    const end = 3600 + 45;
    const probe = shop.tick(at(end), [running('builder', BANNER), running('adversary', IDLE)]);
    expect(typed(probe).map((action) => [action.role, action.purpose])).toEqual([
      ['builder', 'probe'],
    ]);
    expect(types(probe)).toContain('account-probe');
    expect(
      typed(blog.tick(at(end), [running('builder', IDLE), running('adversary', IDLE)])),
    ).toEqual([]);
    expect(world.window?.probe.probes).toBe(1);

    const lifted = shop.tick(at(end + 30), [
      running('builder', ACTIVE),
      running('adversary', IDLE),
    ]);
    expect(lifted.events.find((e) => e.type === 'account-lifted')).toMatchObject({
      order: ['shop:adversary', 'blog:builder', 'blog:adversary'],
      gap: 20,
    });
    expect(world.window?.state).toBe('lifted');

    // Slot 1 (shop's Adversary) at +20 s, slot 2 (blog's Builder) at +40 s, slot 3 at +60 s.
    const resumedAt: Record<string, number> = {};
    for (let t = end + 30; t <= end + 30 + 90; t += 5) {
      for (const run of [shop, blog]) {
        const decision = run.tick(at(t), [
          running('builder', run === shop ? ACTIVE : IDLE),
          running('adversary', IDLE),
        ]);
        for (const event of decision.events)
          if (event.type === 'account-resumed') resumedAt[`${run.name}:${String(event.role)}`] = t;
        if (
          run === blog &&
          decision.events.some((e) => e.type === 'account-resumed' && e.role === 'builder')
        )
          expect(typed(decision, 'builder').map((action) => action.text)).toEqual([
            'watchdog ping',
          ]);
      }
    }
    expect(resumedAt).toEqual({
      'shop:adversary': end + 50,
      'blog:builder': end + 70,
      'blog:adversary': end + 90,
    });
    expect(world.window).toBeNull();
    expect(blog.state.sessions.builder?.state.kind).not.toBe('limited');
  });

  it('a parked session showing its own banner gets a short resume line at its slot, not a probe of its own', () => {
    const { world, shop, blog } = twoRuns();
    shop.tick(at(0), [running('builder', BANNER), running('adversary', IDLE)]);
    blog.tick(at(1), [running('builder', BANNER), running('adversary', IDLE)]);
    expect(
      types(blog.tick(at(2), [running('builder', BANNER), running('adversary', IDLE)])),
    ).toEqual([]);
    shop.tick(at(3645), [running('builder', BANNER), running('adversary', IDLE)]);
    shop.tick(at(3650), [running('builder', ACTIVE), running('adversary', IDLE)]);
    expect(world.window?.state).toBe('lifted');
    const slot = Date.parse(
      world.window?.resume.find((entry) => entry.name === 'blog' && entry.role === 'builder')?.at ??
        '',
    );
    const early = blog.tick(slot - 1000, [running('builder', BANNER), running('adversary', IDLE)]);
    expect(typed(early)).toEqual([]);
    const resumed = blog.tick(slot, [running('builder', BANNER), running('adversary', IDLE)]);
    expect(typed(resumed, 'builder').map((action) => action.key)).toEqual([
      `resume:builder:${iso(slot)}`,
    ]);
    expect(resumed.events.find((e) => e.type === 'account-resumed')).toMatchObject({
      role: 'builder',
      line: true,
    });
  });

  it("the owner's watchdog is gone: a parked session takes the probe over and sends it at the window end", () => {
    const { world, shop, blog } = twoRuns();
    shop.tick(at(0), [running('builder', BANNER), running('adversary', IDLE)]);
    world.alive = (pid) => pid !== 100;
    const taken = blog.tick(at(60), [running('builder', IDLE), running('adversary', IDLE)], false);
    expect(taken.events.filter((e) => e.type === 'account-probe-taken').map((e) => e.role)).toEqual(
      ['builder'],
    );
    expect(world.window?.probe.owner).toMatchObject({ name: 'blog', role: 'builder' });
    expect(
      typed(blog.tick(at(120), [running('builder', IDLE), running('adversary', IDLE)])),
    ).toEqual([]);
    const probe = blog.tick(at(3645), [running('builder', IDLE), running('adversary', IDLE)]);
    expect(typed(probe).map((action) => [action.role, action.purpose])).toEqual([
      ['builder', 'probe'],
    ]);
    expect(world.window?.probe.probes).toBe(1);
    // The probe worked (no banner): lifted, and blog's Adversary resumes after the gap.
    const lifted = blog.tick(at(3675), [running('builder', ACTIVE), running('adversary', IDLE)]);
    expect(types(lifted)).toContain('account-lifted');
    const resumed = blog.tick(at(3695), [running('builder', ACTIVE), running('adversary', IDLE)]);
    expect(resumed.events.filter((e) => e.type === 'account-resumed').map((e) => e.role)).toEqual([
      'adversary',
    ]);
  });

  it('a phase DONE while the account is limited holds the parked sessions (restarted once resumed)', () => {
    const { shop, blog } = twoRuns();
    shop.tick(at(0), [running('builder', BANNER), running('adversary', IDLE)]);
    blog.tick(at(1), [running('builder', IDLE), running('adversary', IDLE)]);
    const done = decide(
      snapshot(at(30), [running('builder', IDLE), running('adversary', IDLE)], {
        status: { kind: 'done', file: '/b/STATUS-p1.md' },
        accounts: [{ ...ACCOUNT, window: shop.world.window, ownerAlive: true, movedAside: null }],
      }),
      blog.state,
      blog.settings,
    );
    expect(reboots(done)).toEqual([]);
    expect(done.events.filter((e) => e.type === 'phase-start-held').map((e) => e.role)).toEqual([
      'builder',
      'adversary',
    ]);
  });

  it('a garbage account file: one ledger line; a session parked on it resumes', () => {
    const { shop, blog } = twoRuns();
    shop.tick(at(0), [running('builder', BANNER), running('adversary', IDLE)]);
    blog.tick(at(1), [running('builder', IDLE), running('adversary', IDLE)]);
    const decision = decide(
      snapshot(at(30), [running('builder', IDLE), running('adversary', IDLE)], {
        accounts: [
          {
            ...ACCOUNT,
            window: null,
            ownerAlive: true,
            movedAside: {
              file: '/s/accounts/a.json',
              to: '/s/accounts/a.json.bad-1',
              reason: 'not JSON',
            },
          },
        ],
      }),
      blog.state,
      blog.settings,
    );
    expect(decision.events.filter((e) => e.type === 'account-file-moved-aside')).toEqual([
      expect.objectContaining({
        reason:
          '/s/accounts/a.json was not an account window (not JSON): moved aside to /s/accounts/a.json.bad-1, read as no window',
      }),
    ]);
    expect(decision.events.filter((e) => e.type === 'account-resumed').map((e) => e.role)).toEqual([
      'builder',
      'adversary',
    ]);
  });

  it('without quota settings (or windows not looked at) nothing changes', () => {
    const plain = decide(
      snapshot(at(0), [running('builder', BANNER), running('adversary', IDLE)]),
      stateWith(),
      SETTINGS,
    );
    expect(plain.actions.filter((action) => action.kind === 'account-update')).toEqual([]);
    expect(plain.state.sessions.adversary?.state.kind).toBe('idle');
  });
});
