// The ledger as the watchdog writes it: lines the disk will not take (full, read-only, immutable) are
// held in memory, in order and bounded, and written first, before anything newer, as soon as an
// append succeeds again. A failed write never throws into a tick. One per log dir in a process, so
// every writer in the watchdog (the loop, log rotation, notifier reports) shares the one queue.
import type { LedgerEvent } from '../watchdog/types.js';
import { appendEvents } from './ledger.js';

/** Lines held at most while the disk refuses them (a week of a busy run is far less per hour). */
export const MAX_HELD_LINES = 5_000;

export type HeldWrite =
  | { readonly ok: true; readonly wrote: number }
  | { readonly ok: false; readonly error: Error; readonly held: number };

export class HeldLedger {
  private readonly held: LedgerEvent[] = [];
  private dropped = 0;
  private firstDroppedAt: string | null = null;

  constructor(
    private readonly logDir: string,
    private readonly maxHeld = MAX_HELD_LINES,
    private readonly append: (
      logDir: string,
      events: readonly LedgerEvent[],
    ) => void = appendEvents,
  ) {}

  /** Lines waiting for the disk. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Queues `events` behind anything held and writes the lot (one append) if the disk takes it. */
  write(events: readonly LedgerEvent[]): HeldWrite {
    for (const event of events) this.hold(event);
    return this.flush();
  }

  /** Writes what is held, oldest first; on failure keeps it all for the next try. */
  flush(): HeldWrite {
    if (this.held.length === 0 && this.dropped === 0) return { ok: true, wrote: 0 };
    const batch = [...this.held];
    if (this.dropped > 0) {
      // The oldest lines went to keep memory bounded: say so where they would have been.
      batch.unshift({
        ts: this.firstDroppedAt ?? batch[0]?.ts ?? new Date().toISOString(),
        type: 'ledger-lines-dropped',
        count: this.dropped,
        reason: `${this.dropped} ledger line${this.dropped === 1 ? '' : 's'} lost: the log dir refused writes for longer than ${this.maxHeld} lines could be held`,
      });
    }
    try {
      this.append(this.logDir, batch);
    } catch (cause) {
      const error = cause instanceof Error ? cause : new Error(String(cause));
      return { ok: false, error, held: this.held.length };
    }
    this.held.length = 0;
    this.dropped = 0;
    this.firstDroppedAt = null;
    return { ok: true, wrote: batch.length };
  }

  /** Hands over (and forgets) what is held: for a process that exits with the disk still refusing. */
  drain(): LedgerEvent[] {
    const held = this.held.splice(0);
    this.dropped = 0;
    this.firstDroppedAt = null;
    return held;
  }

  private hold(event: LedgerEvent): void {
    if (this.held.length >= this.maxHeld) {
      const oldest = this.held.shift();
      if (this.dropped === 0) this.firstDroppedAt = oldest?.ts ?? null;
      this.dropped++;
    }
    this.held.push(event);
  }
}

const ledgers = new Map<string, HeldLedger>();

/** The process's held ledger for `logDir` (made on first use). */
export function heldLedgerFor(logDir: string): HeldLedger {
  let ledger = ledgers.get(logDir);
  if (!ledger) {
    ledger = new HeldLedger(logDir);
    ledgers.set(logDir, ledger);
  }
  return ledger;
}
