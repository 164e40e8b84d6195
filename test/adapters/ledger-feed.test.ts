// Ledger sequence numbers and the ledger feed on real files: ids keep counting across batches, a
// lost counter file and rotations; "everything after N" is answered from memory or from rotated
// files; a gap that no file can fill is reported; the live subscription delivers every line once,
// in order, including lines written to the old file just before a rotation; half-written lines wait.
import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents, ledgerPath, readEvents } from '../../src/adapters/ledger.js';
import {
  createLedgerFeed,
  LineAssembler,
  rotatedLedgerFiles,
  type EventFeed,
  type SequencedEvent,
} from '../../src/adapters/ledger-feed.js';
import { lastSequence, SEQUENCE_FILE, sequenceOf } from '../../src/adapters/ledger-sequence.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const event = (n: number): LedgerEvent => ({
  ts: new Date(Date.UTC(2026, 2, 1, 12, 0, n)).toISOString(),
  type: 'test-event',
  n,
});
const seqs = (events: readonly LedgerEvent[]): (number | null)[] => events.map(sequenceOf);

/** Moves events.jsonl to events.jsonl.1 (shifting older ones), as a size-based rotation does. */
function rotate(logDir: string): void {
  const rotated = rotatedLedgerFiles(logDir);
  for (let index = rotated.length; index >= 1; index--)
    renameSync(join(logDir, `events.jsonl.${index}`), join(logDir, `events.jsonl.${index + 1}`));
  renameSync(ledgerPath(logDir), join(logDir, 'events.jsonl.1'));
}

let feeds: EventFeed[] = [];
afterEach(async () => {
  for (const feed of feeds) await feed.close();
  feeds = [];
});
const open = (logDir: string, bufferSize?: number): EventFeed => {
  const feed = createLedgerFeed(logDir, bufferSize === undefined ? {} : { bufferSize });
  feeds.push(feed);
  return feed;
};

describe('ledger sequence numbers', () => {
  it('count on across batches, a lost counter file and a rotation', () => {
    const logDir = tempDir();
    appendEvents(logDir, [event(1), event(2)]);
    appendEvents(logDir, [event(3)]);
    expect(seqs(readEvents(logDir))).toEqual([1, 2, 3]);
    expect(lastSequence(logDir)).toBe(3);

    rmSync(join(logDir, SEQUENCE_FILE));
    appendEvents(logDir, [event(4)]);
    expect(seqs(readEvents(logDir))).toEqual([1, 2, 3, 4]);

    // readEvents reads the rotated ledger too: the numbers run on across the rotation
    rotate(logDir);
    appendEvents(logDir, [event(5), event(6)]);
    expect(seqs(readEvents(logDir))).toEqual([1, 2, 3, 4, 5, 6]);

    writeFileSync(join(logDir, SEQUENCE_FILE), 'garbage');
    appendEvents(logDir, [event(7)]);
    expect(seqs(readEvents(logDir))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('leave lines written before sequencing without an id', () => {
    const logDir = tempDir();
    appendFileSync(ledgerPath(logDir), `${JSON.stringify(event(0))}\n`);
    appendEvents(logDir, [event(1)]);
    expect(seqs(readEvents(logDir))).toEqual([null, 1]);
  });
});

describe('the ledger feed', () => {
  it('answers "after N" from memory, then from rotated files, and reports what no file holds', () => {
    const logDir = tempDir();
    for (let n = 1; n <= 30; n++) appendEvents(logDir, [event(n)]);
    rotate(logDir);
    for (let n = 31; n <= 40; n++) appendEvents(logDir, [event(n)]);
    const feed = open(logDir, 8);
    expect(feed.last()).toBe(40);

    const recent = feed.after(36);
    expect(seqs(recent.events)).toEqual([37, 38, 39, 40]);
    expect(recent.gap).toBeNull();

    // Older than the buffer and than the current file: read from events.jsonl.1.
    const old = feed.after(25);
    expect(seqs(old.events)).toEqual([26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]);
    expect(old.gap).toBeNull();

    // Rotated away for good: said, not hidden.
    rmSync(join(logDir, 'events.jsonl.1'));
    const lost = feed.after(25);
    expect(seqs(lost.events)[0]).toBe(31);
    expect(lost.gap).toMatchObject({ from: 26, to: 30 });

    // An id from a ledger that was replaced.
    expect(feed.after(99)).toMatchObject({ events: [], gap: { from: 41, to: 99 } });
  });

  it('pages history by sequence number, by time, and from the end', () => {
    const logDir = tempDir();
    for (let n = 1; n <= 20; n++) appendEvents(logDir, [event(n)]);
    const feed = open(logDir);
    expect(seqs(feed.history({ sinceSeq: 5, limit: 3 }).events)).toEqual([6, 7, 8]);
    expect(feed.history({ sinceSeq: 5, limit: 3 }).more).toBe(true);
    expect(feed.history({ sinceSeq: 17, limit: 3 }).more).toBe(false);
    const since = Date.parse(event(15).ts);
    expect(seqs(feed.history({ sinceTime: since, limit: 100 }).events)).toEqual([
      15, 16, 17, 18, 19, 20,
    ]);
    expect(seqs(feed.history({ limit: 2 }).events)).toEqual([19, 20]);
  });

  it('delivers every new line once and in order, across a rotation', async () => {
    const logDir = tempDir();
    appendEvents(logDir, [event(1), event(2)]);
    const feed = open(logDir);
    const got: SequencedEvent[] = [];
    feed.subscribe((item) => got.push(item));

    appendEvents(logDir, [event(3), event(4)]);
    await waitFor('3 and 4', () => got.length >= 2);

    // A line written to the old file right before the rotation, with no chance to be read there.
    appendEvents(logDir, [event(5)]);
    rotate(logDir);
    appendEvents(logDir, [event(6)]);
    await waitFor('5 (backfilled from the rotated file) and 6', () => got.length >= 4);

    expect(got.map((item) => item.seq)).toEqual([3, 4, 5, 6]);
    expect(got.map((item) => item.n)).toEqual([3, 4, 5, 6]);
    expect(seqs(feed.after(2).events)).toEqual([3, 4, 5, 6]);
  });

  it('keeps a half-written line until its end arrives', () => {
    const assembler = new LineAssembler();
    const line = JSON.stringify({ ...event(7), seq: 7 });
    expect(assembler.push(`${JSON.stringify(event(6))}\n${line.slice(0, 20)}`)).toEqual([
      JSON.stringify(event(6)),
    ]);
    expect(assembler.push(line.slice(20, 30))).toEqual([]);
    expect(assembler.push(`${line.slice(30)}\n`)).toEqual([line]);
    expect(assembler.push('')).toEqual([]);
  });
});
