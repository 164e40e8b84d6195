// Handoff signalling (SPEC "Behaviour" 6): new commits on origin/main whose subject starts with
// `claim` ping the Adversary, `review` the Builder; an INBOX file new or changed on origin/main pings
// its reader, a removed one is forgotten. The first look (or a lost cursor) baselines silently.
// Pings are queued and delivered by `pingDeliveryRule` when the reader can take them.
import type { Role } from '../../config/roles.js';
import { INBOXES, PING_CLAIM, PING_REVIEW, pingInbox } from '../messages.js';
import type { PendingPing, SessionRecord, WatchdogState } from '../state.js';
import { toIso } from '../time.js';
import type { Action, GitObservation, LedgerEvent } from '../types.js';

type Handoff = WatchdogState['handoff'];

export interface HandoffResult {
  readonly handoff: Handoff;
  readonly events: readonly LedgerEvent[];
}

const CLAIM = /^claim/i;
const REVIEW = /^review/i;

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
    const claims = git.newCommits.filter((commit) => CLAIM.test(commit.subject));
    const reviews = git.newCommits.filter((commit) => REVIEW.test(commit.subject));
    const subjects = (commits: typeof claims): string =>
      commits.map((commit) => commit.subject).join(' | ');
    if (claims.length > 0 && roles.includes('adversary'))
      enqueue(pending, 'adversary', PING_CLAIM, subjects(claims), now);
    if (reviews.length > 0 && roles.includes('builder'))
      enqueue(pending, 'builder', PING_REVIEW, subjects(reviews), now);
    lastSha = git.head;
  }

  const inboxes: Record<string, string> = { ...handoff.inboxes };
  for (const inbox of INBOXES) {
    const hash = git.inboxes[inbox.file];
    if (hash === null) {
      delete inboxes[inbox.file];
      continue;
    }
    if (hash !== inboxes[inbox.file] && roles.includes(inbox.reader)) {
      enqueue(
        pending,
        inbox.reader,
        pingInbox(inbox.file),
        `${inbox.file} ${inboxes[inbox.file] ? 'changed' : 'new'}`,
        now,
      );
    }
    inboxes[inbox.file] = hash;
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
