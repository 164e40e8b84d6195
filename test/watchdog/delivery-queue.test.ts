// The delivery queue's bookkeeping with plain functions (no tmux here; typing on real tmux is in
// delivery-act.test.ts): FIFO per session, sessions independent, held until released, one delivery
// in flight per identity until its outcome is taken, cancel and shutdown. Plus settle's folding of
// queued / cancelled / confirmed outcomes and the restart reconciliation, as pure functions.
import { describe, expect, it } from 'vitest';
import { pingKey } from '../../src/watchdog/rules/handoff.js';
import {
  DeliveryQueue,
  deliveryIdentity,
  type TypedOutcome,
  type TypingAction,
} from '../../src/watchdog/delivery-queue.js';
import { recoverDeliveries } from '../../src/watchdog/delivery-recovery.js';
import { causeOfPingKey, settle, MAX_PING_ATTEMPTS } from '../../src/watchdog/settle.js';
import { initialState, type PendingPing, type WatchdogState } from '../../src/watchdog/state.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { at, iso } from './fixtures.js';

const typing = (
  role: TypingAction['role'],
  key: string,
  purpose: TypingAction['purpose'] = 'ping',
): TypingAction => ({
  kind: 'type',
  role,
  text: `text for ${key}`,
  purpose,
  key,
});

/** A run function whose deliveries finish when the test says so. */
function controlled() {
  const calls: {
    action: TypingAction;
    signal: AbortSignal;
    finish: (delivered: boolean) => void;
  }[] = [];
  const run = (action: TypingAction, signal: AbortSignal): Promise<TypedOutcome> =>
    new Promise((resolve) => {
      const finish = (delivered: boolean): void =>
        resolve({
          kind: 'typed',
          role: action.role,
          purpose: action.purpose,
          key: action.key,
          delivered,
          detail: delivered ? 'delivered' : signal.aborted ? 'not delivered (cancelled)' : 'no',
        });
      signal.addEventListener('abort', () => finish(false), { once: true });
      calls.push({ action, signal, finish });
    });
  return { calls, run };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('DeliveryQueue', () => {
  it('holds pushed deliveries until released, then runs each session FIFO and sessions side by side', async () => {
    const { calls, run } = controlled();
    let settled = 0;
    const queue = new DeliveryQueue({ run, onSettled: () => settled++ });
    expect(queue.push('s-builder', typing('builder', 'b1'))).toEqual({ queued: true, behind: 0 });
    expect(queue.push('s-builder', typing('builder', 'b2'))).toEqual({ queued: true, behind: 1 });
    expect(queue.push('s-adversary', typing('adversary', 'a1'))).toEqual({
      queued: true,
      behind: 0,
    });
    await tick();
    expect(calls).toHaveLength(0); // the intent is recorded before anything is typed
    queue.release();
    await tick();
    // b1 and a1 type at the same time; b2 waits for b1.
    expect(calls.map((call) => call.action.key)).toEqual(['b1', 'a1']);
    calls[1]?.finish(true); // the adversary finishes while the builder still waits for its UI
    await tick();
    expect(queue.takeFinished().map((outcome) => [outcome.key, outcome.delivered])).toEqual([
      ['a1', true],
    ]);
    expect(settled).toBe(1);
    calls[0]?.finish(false);
    await tick();
    expect(calls.map((call) => call.action.key)).toEqual(['b1', 'a1', 'b2']);
    calls[2]?.finish(true);
    await tick();
    expect(queue.takeFinished().map((outcome) => outcome.key)).toEqual(['b1', 'b2']);
    expect(queue.unfinished).toBe(0);
  });

  it('refuses a second copy of a delivery until the first outcome is taken', async () => {
    const { calls, run } = controlled();
    const queue = new DeliveryQueue({ run });
    expect(queue.push('s', typing('adversary', 'ping-1')).queued).toBe(true);
    expect(queue.push('s', typing('adversary', 'ping-1')).queued).toBe(false);
    // A wake (or probe) is one per session whatever tick issued it: its key changes every tick.
    expect(queue.push('o', typing('orchestrator', 'wake:t1', 'wake')).queued).toBe(true);
    expect(queue.push('o', typing('orchestrator', 'wake:t2', 'wake')).queued).toBe(false);
    queue.release();
    await tick();
    calls.forEach((call) => call.finish(true));
    await tick();
    // Finished but not yet folded into the state: still refused (decide has not seen the outcome).
    expect(queue.push('s', typing('adversary', 'ping-1')).queued).toBe(false);
    expect(queue.inFlight(typing('adversary', 'ping-1'))).toBe(true);
    expect(queue.takeFinished()).toHaveLength(2);
    expect(queue.inFlight(typing('adversary', 'ping-1'))).toBe(false);
    expect(queue.push('s', typing('adversary', 'ping-1')).queued).toBe(true);
    expect(deliveryIdentity(typing('orchestrator', 'wake:t1', 'wake'))).toBe('orchestrator:wake');
  });

  it('cancel drops a session’s queued deliveries and aborts the one typing, leaving others alone', async () => {
    const { calls, run } = controlled();
    const queue = new DeliveryQueue({ run });
    queue.push('s-builder', typing('builder', 'b1'));
    queue.push('s-builder', typing('builder', 'b2'));
    queue.push('s-adversary', typing('adversary', 'a1'));
    queue.release();
    await tick();
    expect(await queue.cancel('s-builder', 'restarted (stall)')).toBe(2);
    await tick();
    const outcomes = queue.takeFinished();
    expect(outcomes.map((o) => [o.key, o.delivered, o.cancelled])).toEqual([
      ['b2', false, true],
      ['b1', false, true],
    ]);
    expect(outcomes[0]?.detail).toBe('not delivered (cancelled): restarted (stall)');
    expect(calls[1]?.signal.aborted).toBe(false);
    calls[1]?.finish(true);
    await tick();
    expect(queue.takeFinished().map((o) => [o.key, o.delivered])).toEqual([['a1', true]]);
  });

  it('close waits a bounded time, then records what is still typing as cancelled', async () => {
    const { calls, run } = controlled();
    const queue = new DeliveryQueue({ run });
    queue.push('fast', typing('builder', 'fast'));
    queue.push('slow', typing('adversary', 'slow'));
    queue.release();
    queue.push('never', typing('orchestrator', 'held', 'wake')); // pushed, never released
    await tick();
    setTimeout(() => calls[0]?.finish(true), 50);
    const started = Date.now();
    await queue.close(300, 'the watchdog stopped');
    expect(Date.now() - started).toBeLessThan(2_000);
    const outcomes = queue.takeFinished();
    expect(outcomes.map((o) => [o.key, o.delivered, o.cancelled ?? false]).sort()).toEqual([
      ['fast', true, false],
      ['held', false, true],
      ['slow', false, true],
    ]);
    expect(calls).toHaveLength(2); // the held one never started
    expect(queue.push('x', typing('builder', 'late')).queued).toBe(false);
  });

  it('other typing into a session (an operator message) waits its turn, never interleaving', async () => {
    const { calls, run } = controlled();
    const queue = new DeliveryQueue({ run });
    queue.push('s', typing('builder', 'b1'));
    queue.release();
    await tick();
    const order: string[] = [];
    const operator = queue.exclusive('s', () => {
      order.push('operator typing');
      return Promise.resolve('typed');
    });
    const elsewhere = queue.exclusive('other', () => {
      order.push('other session');
      return Promise.resolve('typed');
    });
    await elsewhere;
    await tick();
    expect(order).toEqual(['other session']); // b1 still holds session s
    order.push('b1 done');
    calls[0]?.finish(true);
    expect(await operator).toBe('typed');
    expect(order).toEqual(['other session', 'b1 done', 'operator typing']);
    // and a delivery queued after it waits for the operator's typing to end
    queue.takeFinished();
    let release!: () => void;
    const slow = queue.exclusive('s', () => new Promise<void>((resolve) => (release = resolve)));
    queue.push('s', typing('builder', 'b2'));
    queue.release();
    await tick();
    expect(calls).toHaveLength(1);
    release();
    await slow;
    await tick();
    expect(calls.map((call) => call.action.key)).toEqual(['b1', 'b2']);
  });

  it('turns a delivery that throws into a not-delivered outcome', async () => {
    const queue = new DeliveryQueue({
      run: () => Promise.reject(new Error('tmux exploded')),
    });
    queue.push('s', typing('builder', 'k'));
    queue.release();
    await tick();
    await tick();
    expect(queue.takeFinished()).toMatchObject([
      { key: 'k', delivered: false, detail: 'not delivered (tmux-error): tmux exploded' },
    ]);
  });
});

const ping = (over: Partial<PendingPing> = {}): PendingPing => ({
  role: 'adversary',
  text: 'watchdog ping',
  cause: 'claim(g1): ready',
  since: iso(at(0)),
  attempts: 0,
  also: [],
  ...over,
});

function withPing(p: PendingPing): WatchdogState {
  const state = initialState(0);
  return { ...state, handoff: { ...state.handoff, pending: [p] } };
}

describe('settle folds background deliveries', () => {
  const held = ping();
  const key = pingKey(held);

  it('records the intent (delivery-started, with the key and cause) and keeps the ping held', () => {
    const { state, events } = settle(
      withPing(held),
      [
        {
          kind: 'queued',
          role: 'adversary',
          purpose: 'ping',
          key,
          behind: 0,
          detail: 'typing started',
        },
      ],
      at(1),
    );
    expect(state.handoff.pending).toEqual([held]);
    expect(events).toEqual([
      {
        ts: iso(at(1)),
        type: 'delivery-started',
        role: 'adversary',
        purpose: 'ping',
        key,
        reason: 'claim(g1): ready',
        detail: 'typing started',
      },
    ]);
  });

  it('a delivered ping leaves the queue with its key and what confirmed it', () => {
    const { state, events } = settle(
      withPing(held),
      [
        {
          kind: 'typed',
          role: 'adversary',
          purpose: 'ping',
          key,
          delivered: true,
          detail: 'delivered in 1.0s',
          confirmedBy: 'signal',
        },
      ],
      at(2),
    );
    expect(state.handoff.pending).toEqual([]);
    expect(events).toMatchObject([{ type: 'handoff-ping', key, confirmedBy: 'signal' }]);
  });

  it('a cancelled ping stays held without counting an attempt', () => {
    const tried = ping({ attempts: MAX_PING_ATTEMPTS - 1 });
    const { state, events } = settle(
      withPing(tried),
      [
        {
          kind: 'typed',
          role: 'adversary',
          purpose: 'ping',
          key: pingKey(tried),
          delivered: false,
          detail: 'not delivered (cancelled): restarted',
          cancelled: true,
        },
      ],
      at(2),
    );
    expect(state.handoff.pending).toEqual([tried]);
    expect(events).toMatchObject([{ type: 'delivery-cancelled', key: pingKey(tried) }]);
  });

  it('a ping confirmed after the held list let go of it (a phase change) keeps its cause', () => {
    const { events } = settle(
      initialState(0),
      [{ kind: 'typed', role: 'adversary', purpose: 'ping', key, delivered: true, detail: 'ok' }],
      at(2),
    );
    expect(events).toMatchObject([{ type: 'handoff-ping', key, reason: 'claim(g1): ready' }]);
    expect(causeOfPingKey(pingKey(ping({ cause: 'x: a:b ; c' })))).toBe('x: a:b ; c');
    expect(causeOfPingKey('wake:2026')).toBeNull();
  });

  it('a delivered probe gets a line of its own (every delivery-started is closed by one)', () => {
    const { events } = settle(
      initialState(0),
      [
        {
          kind: 'typed',
          role: 'builder',
          purpose: 'probe',
          key: 'probe:builder:1',
          delivered: true,
          detail: 'delivered in 1.0s',
          confirmedBy: 'screen',
        },
      ],
      at(2),
    );
    expect(events).toMatchObject([{ type: 'probe-delivered', key: 'probe:builder:1' }]);
  });
});

describe('recoverDeliveries (after a kill mid-delivery)', () => {
  const held = ping();
  const key = pingKey(held);
  const started: LedgerEvent = {
    ts: iso(at(1)),
    type: 'delivery-started',
    role: 'adversary',
    purpose: 'ping',
    key,
  };

  it('an intent with no outcome and the ping still held: sent again once, with a note', () => {
    const { state, events } = recoverDeliveries(withPing(held), [started], at(5));
    expect(state.handoff.pending).toEqual([held]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'delivery-uncertain', key, role: 'adversary' });
    expect(String(events[0]?.reason)).toMatch(/may have arrived: sending it again once/);
  });

  it('a ping the ledger shows delivered but the state still holds: let go, not sent twice', () => {
    const delivered: LedgerEvent = { ts: iso(at(2)), type: 'handoff-ping', role: 'adversary', key };
    const { state, events } = recoverDeliveries(withPing(held), [started, delivered], at(5));
    expect(state.handoff.pending).toEqual([]);
    expect(events).toMatchObject([{ type: 'delivery-reconciled', key }]);
  });

  it('an unfinished ping the agent signalled it took is recorded delivered, exactly once', () => {
    const coalesced = { ...held, also: ['claim(g2): later'] };
    const tookPrompt = (role: string, since: number) => role === 'adversary' && since <= at(1);
    const { state, events } = recoverDeliveries(withPing(coalesced), [started], at(5), tookPrompt);
    expect(state.handoff.pending).toEqual([]);
    expect(events).toMatchObject([
      {
        type: 'handoff-ping',
        key,
        role: 'adversary',
        confirmedBy: 'signal',
        reason: 'claim(g1): ready; claim(g2): later',
      },
    ]);
    // No signal since the typing began: sent again once, as before.
    const unsure = recoverDeliveries(withPing(held), [started], at(5), () => false);
    expect(unsure.events).toMatchObject([{ type: 'delivery-uncertain', key }]);
  });

  it('a finished delivery (any outcome line) needs nothing; a wake intent is noted', () => {
    const failed: LedgerEvent = { ts: iso(at(2)), type: 'message-not-delivered', key };
    const wake: LedgerEvent = {
      ts: iso(at(3)),
      type: 'delivery-started',
      role: 'orchestrator',
      purpose: 'wake',
      key: 'wake:x',
    };
    const start = withPing(held);
    const { state, events } = recoverDeliveries(start, [started, failed, wake], at(5));
    expect(state).toBe(start);
    expect(events).toMatchObject([{ type: 'delivery-uncertain', purpose: 'wake', key: 'wake:x' }]);
  });
});
