// A tick a file watcher causes is an ordinary tick: the decisions of a run do not depend on when the
// ticks come. The same world (pushes, an INBOX, DONE lines) is run through decide + settle under
// polling alone, polling plus a watcher tick right after each change, and polling plus bursts of
// watcher ticks — same decisions, every ping exactly once.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/watchdog/decide.js';
import { settle } from '../../src/watchdog/settle.js';
import type { WatchdogState } from '../../src/watchdog/state.js';
import type { Action, Commit, LedgerEvent, Outcome } from '../../src/watchdog/types.js';
import { SETTINGS, at, gitOk, running, snapshot, stateWith } from './fixtures.js';

interface Change {
  readonly at: number;
  readonly commit?: Commit;
  readonly inbox?: string;
  readonly done?: string;
}

/** Seconds after T0. Phase 2's claim comes well after its advance (and its baseline). */
const WORLD: readonly Change[] = [
  { at: 41, commit: { sha: 'c1', subject: 'claim(g1): parser ready' } },
  { at: 41.2, commit: { sha: 'c2', subject: 'docs: notes' } },
  { at: 77, commit: { sha: 'c3', subject: 'review(g1): PASS' } },
  { at: 93, commit: { sha: 'c4', subject: 'docs: inbox' }, inbox: 'h1' },
  { at: 130, done: 'p1' },
  { at: 250, commit: { sha: 'c5', subject: 'claim(g2): cache ready' } },
  { at: 301, commit: { sha: 'c6', subject: 'review(g2): finding' } },
  { at: 333, done: 'p2' },
];

function worldAt(t: number) {
  const seen = WORLD.filter((change) => change.at <= t);
  const commits = seen.flatMap((change) => (change.commit ? [change.commit] : []));
  const inbox = seen.filter((change) => change.inbox).at(-1)?.inbox ?? null;
  const done = new Set(seen.flatMap((change) => (change.done ? [change.done] : [])));
  return { commits, inbox, done };
}

function observe(t: number, state: WatchdogState) {
  const world = worldAt(t);
  const head = world.commits.at(-1)?.sha ?? 'c0';
  const cursor = state.handoff.lastSha;
  const index = world.commits.findIndex((commit) => commit.sha === cursor);
  const newCommits =
    cursor === null ? null : cursor === 'c0' ? world.commits : world.commits.slice(index + 1);
  const phase = SETTINGS.phaseIds[state.phaseIndex] ?? 'p2';
  return snapshot(at(t), [running('builder'), running('adversary')], {
    git: gitOk(head, newCommits, { 'ADVERSARY-INBOX.md': world.inbox }),
    status: {
      kind: world.done.has(phase) ? 'done' : 'in-progress',
      file: `/b/STATUS-${phase}.md`,
    },
  });
}

/** What act reports for each action: every typing delivered, every start fine. */
function outcomes(actions: readonly Action[]): Outcome[] {
  return actions.flatMap((action): Outcome[] => {
    switch (action.kind) {
      case 'type':
      case 'submit':
        return [{ ...action, kind: 'typed', delivered: true, detail: 'delivered in 0.4s' }];
      case 'start-session':
        return [{ ...action, kind: 'started', ok: true, detail: 'kickoff' }];
      case 'restart-session':
      case 'account-update':
      case 'stop-session':
      case 'write-sequence-complete':
      case 'exit':
      case 'answer':
        return [];
    }
  });
}

/** Runs the world through a tick schedule; returns the decisions as the ledger would hold them. */
function runSchedule(ticks: readonly number[]): string[] {
  let state = stateWith({ lastHeavyAt: null });
  const ledger: LedgerEvent[] = [];
  for (const t of [...ticks].sort((a, b) => a - b)) {
    if (state.sequenceComplete) break;
    const decision = decide(observe(t, state), state, SETTINGS);
    ledger.push(...decision.events);
    const settled = settle(decision.state, outcomes(decision.actions), at(t));
    ledger.push(...settled.events);
    state = settled.state;
  }
  const kept = new Set(['handoff-baseline', 'handoff-ping', 'phase-advanced', 'session-started']);
  return ledger
    .filter((event) => kept.has(event.type))
    .map((event) => `${event.type} ${event.role ?? ''} ${String(event.reason ?? '')}`.trim())
    .concat(
      ledger.some((event) => event.type === 'sequence-complete') ? ['sequence-complete'] : [],
    );
}

const polls = Array.from({ length: 14 }, (_, index) => index * 30);
/** A watcher tick 0.3 s after each change, and one right after each phase advance. */
const watcherTicks = WORLD.flatMap((change) =>
  change.done ? [change.at + 0.3, change.at + 0.4] : [change.at + 0.3],
);

describe('tick schedule', () => {
  it('polling alone, polling with watcher ticks, and bursts of watcher ticks decide the same', () => {
    const polling = runSchedule(polls);
    const events = runSchedule([...polls, ...watcherTicks]);
    // a watcher tick, then more watcher ticks and the next poll seeing the very same push
    const bursts = runSchedule([
      ...polls,
      ...watcherTicks.flatMap((t) => [t, t + 0.1, t + 0.5, t + 1]),
    ]);
    const expected = [
      'handoff-baseline  first look at origin/main',
      'handoff-ping adversary claim(g1): parser ready',
      'handoff-ping builder review(g1): PASS',
      'handoff-ping adversary ADVERSARY-INBOX.md new',
      'phase-advanced',
      'session-started builder phase',
      'session-started adversary phase',
      // the advance baselined the cursor at the head its tick saw: no second first look
      // the INBOX was never consumed: the new phase's fresh handoff memory pings it once more
      'handoff-ping adversary ADVERSARY-INBOX.md new',
      'handoff-ping adversary claim(g2): cache ready',
      'handoff-ping builder review(g2): finding',
      'sequence-complete',
    ];
    expect(polling).toEqual(expected);
    expect(events).toEqual(expected);
    expect(bursts).toEqual(expected);
  });
});
