// decide over teams of any size: routes, per-role clients and thresholds, the orchestrator-kind
// role's wake, and the per-role heartbeat — pure, with a fake clock.
import { describe, expect, it } from 'vitest';
import type { Route } from '../../src/config/team.js';
import { commitTargets } from '../../src/watchdog/rules/handoff.js';
import { decide } from '../../src/watchdog/decide.js';
import { PING_CLAIM, PING_REVIEW } from '../../src/watchdog/messages.js';
import type { RoleTraits } from '../../src/watchdog/role-traits.js';
import type { WatchdogState } from '../../src/watchdog/state.js';
import type { DecideSettings, GitObservation } from '../../src/watchdog/types.js';
import { at, IDLE, iso, running, SETTINGS, snapshot, stateWith, T0 } from './fixtures.js';

function traits(name: string, over: Partial<RoleTraits> = {}): RoleTraits {
  return {
    name,
    backend: 'claude',
    kind: 'agent',
    watched: true,
    staleAfter: null,
    stallIdle: 300,
    startupGrace: 30,
    ...over,
  };
}

/** A team of `builders` builders (builder, builder-2, …), one reviewer and one lead. */
function team(builders: number): { settings: DecideSettings; names: string[] } {
  const names = Array.from({ length: builders }, (_, i) =>
    i === 0 ? 'builder' : `builder-${i + 1}`,
  );
  const routes: Route[] = [
    { kind: 'commit', on: 'claim', notify: ['reviewer'], text: null },
    { kind: 'commit', on: 'review', notify: names, text: null },
    {
      kind: 'inbox',
      file: 'LEAD-INBOX.md',
      notify: ['lead'],
      text: 'watchdog ping: read LEAD-INBOX.md',
    },
  ];
  return {
    names,
    settings: {
      ...SETTINGS,
      roles: [...names, 'reviewer', 'lead'],
      team: [
        ...names.map((name) => traits(name)),
        traits('reviewer', { backend: 'codex', stallIdle: 600 }),
        traits('lead', { kind: 'orchestrator' }),
      ],
      routes,
    },
  };
}

function git(
  head: string,
  subjects: string[],
  inboxes: Record<string, string | null> = {},
): GitObservation {
  return {
    kind: 'ok',
    head,
    newCommits: subjects.map((subject, i) => ({ sha: `${head}-${i}`, subject })),
    inboxes,
  };
}

function idleState(roles: readonly string[], over: Partial<WatchdogState> = {}): WatchdogState {
  const base = stateWith({ handoff: { lastSha: 'h0', inboxes: {}, pending: [] }, ...over });
  const sessions: WatchdogState['sessions'] = {};
  for (const role of roles)
    sessions[role] = {
      state: { kind: 'idle', since: iso(T0) },
      why: 'idle',
      restarts: [],
      backoffLevel: 0,
      startedAt: iso(T0 - 3_600_000),
      phaseIndex: 0,
      // Its screen as last seen, unchanged since T0 (a static screen is no sign of work).
      screen: { hash: 'static', changedAt: iso(T0) },
      lastActiveAt: null,
      unrecognisedLooks: 0,
      motionIgnoredAt: null,
      evidence: [],
    };
  return { ...base, sessions };
}

const pings = (actions: ReturnType<typeof decide>['actions']) =>
  actions.flatMap((action) =>
    action.kind === 'type' && action.purpose === 'ping' ? [[action.role, action.text]] : [],
  );

describe('decide over teams of any size', () => {
  it.each([1, 2, 3, 5, 8])(
    '%i builders: each claim pings the one reviewer once; each review pings the builder it names',
    (n) => {
      const { settings, names } = team(n);
      const subjects = [
        ...names.map((name) => `claim(${name}/gate-1): ready`),
        ...names.map((name) => `review(${name}): PASS gate-1`),
      ];
      const state = idleState(settings.roles);
      const observed = snapshot(
        at(10),
        settings.roles.map((role) => running(role, IDLE, { screenHash: 'static' })),
        { git: git('h1', subjects) },
      );
      const result = decide(observed, state, settings);
      const typed = pings(result.actions);
      expect(typed.filter(([role]) => role === 'reviewer')).toEqual([['reviewer', PING_CLAIM]]);
      const reviewer = result.state.handoff.pending.find((ping) => ping.role === 'reviewer');
      expect([reviewer?.cause, ...(reviewer?.also ?? [])].join(' | ')).toBe(
        names.map((name) => `claim(${name}/gate-1): ready`).join(' | '),
      );
      for (const name of names) {
        expect(typed.filter(([role]) => role === name)).toEqual([[name, PING_REVIEW]]);
        expect(result.state.handoff.pending.find((ping) => ping.role === name)?.cause).toBe(
          `review(${name}): PASS gate-1`,
        );
      }
      expect(typed.filter(([role]) => role === 'lead')).toEqual([]);
    },
  );

  it('a review that names no builder goes to every builder of the route', () => {
    expect(commitTargets('review: PASS gate-3', ['builder', 'builder-2'])).toEqual([
      'builder',
      'builder-2',
    ]);
    expect(commitTargets('review(gate-3, builder-2): FAIL', ['builder', 'builder-2'])).toEqual([
      'builder-2',
    ]);
    expect(commitTargets('Review(builder): ok', ['builder', 'builder-2'])).toEqual(['builder']);
  });

  it('an INBOX route pings its reader with its own text; a removed file is forgotten', () => {
    const { settings } = team(2);
    const state = idleState(settings.roles);
    const first = decide(
      snapshot(
        at(10),
        settings.roles.map((role) => running(role)),
        {
          git: git('h0', [], { 'LEAD-INBOX.md': 'abc' }),
        },
      ),
      state,
      settings,
    );
    expect(pings(first.actions)).toEqual([['lead', 'watchdog ping: read LEAD-INBOX.md']]);
    expect(first.state.handoff.inboxes).toEqual({ 'LEAD-INBOX.md': 'abc' });
    const gone = decide(
      snapshot(
        at(20),
        settings.roles.map((role) => running(role)),
        {
          git: git('h0', [], { 'LEAD-INBOX.md': null }),
        },
      ),
      { ...first.state, handoff: { ...first.state.handoff, pending: [] } },
      settings,
    );
    expect(gone.state.handoff.inboxes).toEqual({});
  });

  it('each role stalls on its own threshold; the orchestrator-kind role never stall-reboots', () => {
    const { settings } = team(2);
    const state = idleState(settings.roles, { lastHeavyAt: iso(at(400)) });
    const observed = snapshot(
      at(400),
      settings.roles.map((role) => running(role, IDLE, { screenHash: 'static' })),
    );
    const restarted = decide(observed, state, settings)
      .actions.filter((action) => action.kind === 'restart-session')
      .map((action) => action.role);
    // 400 s idle: past the builders' 300 s, short of the reviewer's 600 s; the lead is never rebooted.
    expect(restarted.sort()).toEqual(['builder', 'builder-2']);
    const later = decide(
      snapshot(
        at(700),
        settings.roles.map((role) => running(role, IDLE, { screenHash: 'static' })),
      ),
      state,
      settings,
    )
      .actions.filter((action) => action.kind === 'restart-session')
      .map((action) => action.role);
    expect(later.sort()).toEqual(['builder', 'builder-2', 'reviewer']);
  });

  it('a role with watched: false is never stall-rebooted', () => {
    const settings: DecideSettings = {
      ...SETTINGS,
      roles: ['builder', 'helper'],
      team: [traits('builder'), traits('helper', { watched: false })],
    };
    const result = decide(
      snapshot(
        at(1000),
        settings.roles.map((role) => running(role, IDLE, { screenHash: 'static' })),
      ),
      idleState(settings.roles),
      settings,
    );
    expect(
      result.actions.filter((action) => action.kind === 'restart-session').map((a) => a.role),
    ).toEqual(['builder']);
  });

  it('the wake goes to the orchestrator-kind role, whatever its name', () => {
    const { settings } = team(2);
    const state = idleState(settings.roles, { wake: { lastAt: iso(T0) } });
    const result = decide(
      snapshot(
        at(settings.orchWakeInterval + 1),
        settings.roles.map((role) => running(role, IDLE, { screenHash: 'static' })),
      ),
      state,
      settings,
    );
    const wakes = result.actions.flatMap((action) =>
      action.kind === 'type' && action.purpose === 'wake' ? [action.role] : [],
    );
    expect(wakes).toEqual(['lead']);
  });
});

describe('per-role heartbeat', () => {
  const settings: DecideSettings = {
    ...SETTINGS,
    roles: ['builder', 'adversary'],
    team: [traits('builder', { staleAfter: 120 }), traits('adversary')],
  };

  it('a role quiet for staleAfter is reported stale once, and fresh when its screen moves', () => {
    let state = idleState(settings.roles);
    const look = (seconds: number, hash: string) =>
      decide(
        snapshot(
          at(seconds),
          settings.roles.map((role) => running(role, IDLE, { screenHash: hash })),
        ),
        state,
        settings,
      );
    const types = (result: ReturnType<typeof decide>) =>
      result.events
        .filter((event) => event.type.startsWith('role-'))
        .map((event) => [event.type, event.role]);
    let result = look(0, 'a');
    expect(types(result)).toEqual([]);
    state = result.state;
    result = look(60, 'a');
    expect(types(result)).toEqual([]);
    state = result.state;
    result = look(120, 'a');
    expect(types(result)).toEqual([['role-stale', 'builder']]);
    expect(result.events.find((event) => event.type === 'role-stale')?.reason).toBe(
      'no signal, screen change or commit for 120s (staleAfter 120s)',
    );
    expect(result.state.heartbeats?.builder?.staleSince).toBe(iso(at(120)));
    state = result.state;
    result = look(150, 'a');
    expect(types(result)).toEqual([]);
    state = result.state;
    result = look(160, 'b');
    expect(types(result)).toEqual([['role-fresh', 'builder']]);
    // The adversary has no staleAfter: no heartbeat kept for it.
    expect(result.state.heartbeats?.adversary).toBeUndefined();
  });

  it('a commit in its clone or a signal counts as a sign of life', () => {
    let state = idleState(settings.roles);
    const observe = (seconds: number, commitAt: number | null) =>
      snapshot(
        at(seconds),
        settings.roles.map((role) => running(role, IDLE, { screenHash: 'same', commitAt })),
      );
    state = decide(observe(0, null), state, settings).state;
    const result = decide(observe(130, at(100)), state, settings);
    expect(result.events.filter((event) => event.type === 'role-stale')).toEqual([]);
    expect(result.state.heartbeats?.builder?.lastSignAt).toBe(iso(at(100)));
  });

  it('stale is reported before a stall reboot, even when staleAfter is longer than the stall window', () => {
    const long: DecideSettings = {
      ...settings,
      team: [traits('builder', { staleAfter: 3600 }), traits('adversary')],
    };
    let state = idleState(long.roles);
    state = decide(
      snapshot(
        at(0),
        long.roles.map((role) => running(role, IDLE, { screenHash: 's' })),
      ),
      state,
      long,
    ).state;
    const result = decide(
      snapshot(
        at(400),
        long.roles.map((role) => running(role, IDLE, { screenHash: 's' })),
      ),
      { ...state, lastHeavyAt: iso(at(400)) },
      long,
    );
    const order = result.events
      .filter(
        (event) =>
          event.role === 'builder' &&
          (event.type === 'role-stale' ||
            event.type === 'session-restart-asked' ||
            event.type.startsWith('session')),
      )
      .map((event) => event.type);
    expect(order[0]).toBe('role-stale');
    expect(result.events.find((event) => event.type === 'role-stale')?.reason).toBe(
      'no signal, screen change or commit for 400s: stalled, about to be rebooted (before staleAfter 3600s)',
    );
    expect(
      result.actions.some(
        (action) => action.kind === 'restart-session' && action.role === 'builder',
      ),
    ).toBe(true);
  });

  it('without a team (today’s settings) decide keeps no heartbeat state', () => {
    const state = idleState(SETTINGS.roles);
    const result = decide(
      snapshot(
        at(10),
        SETTINGS.roles.map((role) => running(role)),
      ),
      state,
      SETTINGS,
    );
    expect('heartbeats' in result.state).toBe(false);
  });
});
