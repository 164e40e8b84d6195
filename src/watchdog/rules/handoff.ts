// Handoff signalling (SPEC "Behaviour" 6) along the team's routes: new commits on origin/main whose
// subject starts with a route's word ping its roles (by default `claim` the Adversary, `review` the
// Builder; a scope naming roles, `review(builder-2): …`, narrows it to them); an INBOX file new or
// changed on origin/main pings its readers, a removed one is forgotten. The first look (or a lost
// cursor) baselines silently.
// Pings are queued and delivered by `pingDeliveryRule` when the reader can take them.
import type { Role } from '../../config/roles.js';
import { DEFAULT_ROUTES, inboxFiles, type Route } from '../../config/team.js';
import { PING_CLAIM, PING_REVIEW, pingCommit, pingInbox } from '../messages.js';
import type { PendingPing, SessionRecord, WatchdogState } from '../state.js';
import { toIso } from '../time.js';
import type { Action, GitObservation, LedgerEvent } from '../types.js';

type Handoff = WatchdogState['handoff'];

export interface HandoffResult {
  readonly handoff: Handoff;
  readonly events: readonly LedgerEvent[];
}

/** A commit route's subject test: the prefix word at the start, any case (`claim`, `Claim(g2)`). */
const startsWith = (word: string): RegExp =>
  new RegExp(`^${word.replace(/[^A-Za-z0-9_]/g, (c) => `\\${c}`)}`, 'i');

/** The words in a subject's scope: `review(builder-2, gate-3): …` → builder-2, gate-3. */
function scopeWords(subject: string): string[] {
  const scope = /^[A-Za-z0-9_-]+\(([^)]*)\)/.exec(subject)?.[1] ?? '';
  return scope.split(/[\s,/:]+/).filter(Boolean);
}

/**
 * Who a commit pings: the route's roles that its scope names (`review(builder-2): PASS` goes to
 * builder-2 only), or every role of the route when the scope names none of them.
 */
export function commitTargets(subject: string, notify: readonly Role[]): readonly Role[] {
  const named = new Set(scopeWords(subject));
  const picked = notify.filter((role) => named.has(role));
  return picked.length > 0 ? picked : notify;
}

/** The text a route types: its own, else today's texts for claim / review / the INBOX files. */
function routeText(route: Route): string {
  if (route.text !== null) return route.text;
  if (route.kind === 'inbox') return pingInbox(route.file);
  if (route.on.toLowerCase() === 'claim') return PING_CLAIM;
  if (route.on.toLowerCase() === 'review') return PING_REVIEW;
  return pingCommit(route.on);
}

function enqueue(
  pending: PendingPing[],
  role: Role,
  text: string,
  cause: string,
  now: number,
): void {
  const index = pending.findIndex((ping) => ping.role === role && ping.text === text);
  const same = pending[index];
  // One ping tells the reader to pull; a second identical one adds nothing — but the ledger says
  // which handoffs it answered (its key stays the same: a ping on its way is not typed twice).
  if (same) {
    pending[index] = { ...same, also: [...same.also, cause] };
    return;
  }
  pending.push({ role, text, cause, since: toIso(now), attempts: 0, also: [] });
}

/** What a delivered ping answered, for the ledger: its cause and the handoffs it took in since. */
export const pingReason = (ping: PendingPing): string => [ping.cause, ...ping.also].join('; ');

export function handoffRule(
  git: GitObservation | null,
  handoff: Handoff,
  now: number,
  roles: readonly Role[],
  routes: readonly Route[] = DEFAULT_ROUTES,
): HandoffResult {
  if (git === null || git.kind === 'failed') return { handoff, events: [] };
  const ts = toIso(now);
  const events: LedgerEvent[] = [];
  const pending = [...handoff.pending];

  let lastSha = handoff.lastSha;
  if (lastSha === null || git.newCommits === null) {
    events.push({
      ts,
      type: 'handoff-baseline',
      head: git.head,
      reason:
        lastSha === null
          ? 'first look at origin/main'
          : `cursor ${lastSha.slice(0, 12)} no longer known to git`,
    });
    lastSha = git.head;
  } else if (git.head !== lastSha) {
    // Per route, per reader: the matching subjects, in commit order (one ping names them all).
    for (const route of routes) {
      if (route.kind !== 'commit') continue;
      const test = startsWith(route.on);
      const byReader = new Map<Role, string[]>();
      for (const commit of git.newCommits) {
        if (!test.test(commit.subject)) continue;
        for (const reader of commitTargets(commit.subject, route.notify)) {
          if (!roles.includes(reader)) continue;
          byReader.set(reader, [...(byReader.get(reader) ?? []), commit.subject]);
        }
      }
      for (const [reader, subjects] of byReader)
        enqueue(pending, reader, routeText(route), subjects.join(' | '), now);
    }
    lastSha = git.head;
  }

  const inboxes: Record<string, string> = { ...handoff.inboxes };
  for (const file of inboxFiles(routes)) {
    const hash = git.inboxes[file];
    // Not looked at (an observer without this file): keep what was known.
    if (hash === undefined) continue;
    if (hash === null) {
      delete inboxes[file];
      continue;
    }
    if (hash !== inboxes[file]) {
      for (const route of routes) {
        if (route.kind !== 'inbox' || route.file !== file) continue;
        for (const reader of route.notify) {
          if (!roles.includes(reader)) continue;
          enqueue(
            pending,
            reader,
            routeText(route),
            `${file} ${inboxes[file] ? 'changed' : 'new'}`,
            now,
          );
        }
      }
    }
    inboxes[file] = hash;
  }
  return { handoff: { ...handoff, lastSha, inboxes, pending }, events };
}

/** Kinds of session that can take a ping now; the others hold it (limited: until the window lifts). */
const TAKES_PINGS = new Set(['active', 'idle', 'waiting']);

export const pingKey = (ping: PendingPing): string =>
  `ping:${ping.role}:${ping.since}:${ping.cause}`;

/** Type every held ping whose reader can take it; `restarting` sessions get theirs next tick. */
export function pingDeliveryRule(
  pending: readonly PendingPing[],
  records: Partial<Record<Role, SessionRecord>>,
  restarting: ReadonlySet<Role>,
): Action[] {
  return pending
    .filter((ping) => {
      const record = records[ping.role];
      return (
        record !== undefined && TAKES_PINGS.has(record.state.kind) && !restarting.has(ping.role)
      );
    })
    .map((ping) => ({
      kind: 'type',
      role: ping.role,
      text: ping.text,
      purpose: 'ping',
      key: pingKey(ping),
    }));
}
