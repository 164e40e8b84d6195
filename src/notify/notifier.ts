// Sends notifications off the watchdog's critical path: `notify(events)` only queues and returns;
// each channel (webhook, command) drains its own bounded queue in order, every attempt with a
// timeout, a few retries with backoff, and a failing channel reported once per failure streak
// (and once when it works again). Nothing here can block or throw into a tick.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SendFailure } from '../adapters/webhook.js';
import type { Result } from '../util/result.js';
import type { LedgerEvent } from '../watchdog/types.js';
import { notifyDocument, type NotifyDocument, type RunIdentity } from './document.js';
import { notifyKindOf, type NotifyKind } from './kinds.js';

export interface NotifyChannel {
  /** "webhook" or "command", for reports. */
  readonly name: string;
  readonly send: (
    document: NotifyDocument,
    signal: AbortSignal,
  ) => Promise<Result<unknown, SendFailure>>;
}

export type NotifierReport =
  | { readonly kind: 'failing'; readonly channel: string; readonly detail: string }
  | {
      readonly kind: 'recovered';
      readonly channel: string;
      /** Notifications given up during the streak. */
      readonly failed: number;
      /** Notifications dropped because the queue was full. */
      readonly dropped: number;
    };

export interface NotifierOptions {
  readonly channels: readonly NotifyChannel[];
  readonly kinds: ReadonlySet<NotifyKind>;
  /** Retries after a failed attempt that may succeed later (no answer, 5xx, non-zero exit). */
  readonly retries: number;
  readonly run: RunIdentity;
  readonly now: () => number;
  readonly report: (report: NotifierReport) => void;
  /** Delay before retry n (1-based). Default 1s, 2s, 4s, … capped at 30s. */
  readonly retryDelayMs?: (retry: number) => number;
  /** Pending notifications per channel; the oldest is dropped past this. */
  readonly maxQueue?: number;
  /** Ledger types never sent from this run (a `--once` tick's own start and stop). */
  readonly skipTypes?: ReadonlySet<string>;
  /** Repeats of the same undelivered message within this window are held back and counted. */
  readonly throttleMs?: number;
}

export interface Notifier {
  /** Queues a notification for each event that some selected kind covers. Returns at once. */
  readonly notify: (events: readonly LedgerEvent[]) => void;
  /**
   * Lets queued notifications go out for up to `graceMs`, then cancels what is left. For the
   * watchdog's exit: its `watchdog-stopped` goes out, but a dead receiver cannot hold it up.
   */
  readonly close: (graceMs: number) => Promise<void>;
}

const defaultRetryDelay = (retry: number): number => Math.min(1000 * 2 ** (retry - 1), 30_000);

/** A message that cannot be delivered is retried every tick: notify about it once per window. */
const THROTTLED_KINDS: ReadonlySet<NotifyKind> = new Set(['message-not-delivered']);
const DEFAULT_THROTTLE_MS = 15 * 60_000;

class ChannelWorker {
  private readonly queue: NotifyDocument[] = [];
  private running: Promise<void> | null = null;
  private failing = false;
  private failed = 0;
  private dropped = 0;

  constructor(
    private readonly channel: NotifyChannel,
    private readonly options: NotifierOptions,
    private readonly cancel: AbortSignal,
  ) {}

  push(document: NotifyDocument): void {
    if (this.queue.length >= (this.options.maxQueue ?? 100)) {
      this.queue.shift();
      this.dropped++;
    }
    this.queue.push(document);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when the queue is empty (or the channel was cancelled). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const document = this.queue.shift();
      if (document === undefined || this.cancel.aborted) return;
      await this.deliver(document);
    }
  }

  private async deliver(document: NotifyDocument): Promise<void> {
    const delay = this.options.retryDelayMs ?? defaultRetryDelay;
    let failure: SendFailure = { detail: 'not sent', retryable: false };
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (attempt > 0) {
        try {
          await sleep(delay(attempt), undefined, { signal: this.cancel });
        } catch {
          return; // cancelled at exit
        }
      }
      let sent: Result<unknown, SendFailure>;
      try {
        sent = await this.channel.send(document, this.cancel);
      } catch (cause) {
        // A channel is written not to throw; if it does, it is one more failure, not a crash.
        sent = {
          ok: false,
          error: {
            detail: cause instanceof Error ? cause.message : String(cause),
            retryable: false,
          },
        };
      }
      if (sent.ok) {
        this.succeeded();
        return;
      }
      failure = sent.error;
      if (!failure.retryable || this.cancel.aborted) break;
    }
    if (this.cancel.aborted) return;
    this.failed++;
    if (!this.failing) {
      this.failing = true;
      this.options.report({ kind: 'failing', channel: this.channel.name, detail: failure.detail });
    }
  }

  private succeeded(): void {
    if (this.failing || this.dropped > 0) {
      this.options.report({
        kind: 'recovered',
        channel: this.channel.name,
        failed: this.failed,
        dropped: this.dropped,
      });
    }
    this.failing = false;
    this.failed = 0;
    this.dropped = 0;
  }
}

export function createNotifier(options: NotifierOptions): Notifier {
  const controller = new AbortController();
  const workers = options.channels.map(
    (channel) => new ChannelWorker(channel, options, controller.signal),
  );
  const throttleMs = options.throttleMs ?? DEFAULT_THROTTLE_MS;
  /** Throttle key → when the last one went out and how many were held back since. */
  const throttled = new Map<string, { sentAt: number; held: number }>();
  let closed = false;

  const notify = (events: readonly LedgerEvent[]): void => {
    if (closed || workers.length === 0) return;
    for (const event of events) {
      if (options.skipTypes?.has(event.type)) continue;
      const kind = notifyKindOf(event.type, options.kinds);
      if (kind === null) continue;
      let suppressed = 0;
      if (THROTTLED_KINDS.has(kind)) {
        const purpose = typeof event.purpose === 'string' ? event.purpose : '';
        const key = `${event.type}:${event.role ?? ''}:${purpose}`;
        const now = options.now();
        const last = throttled.get(key);
        if (last && now - last.sentAt < throttleMs) {
          last.held++;
          continue;
        }
        suppressed = last?.held ?? 0;
        throttled.set(key, { sentAt: now, held: 0 });
      }
      const document = notifyDocument(kind, event, options.run, suppressed);
      for (const worker of workers) worker.push(document);
    }
  };

  const close = async (graceMs: number): Promise<void> => {
    closed = true;
    const drained = Promise.all(workers.map((worker) => worker.idle()));
    const timer = new AbortController();
    await Promise.race([
      drained,
      sleep(graceMs, undefined, { signal: timer.signal }).catch(() => undefined),
    ]);
    timer.abort();
    controller.abort();
    await drained;
  };

  return { notify, close };
}
