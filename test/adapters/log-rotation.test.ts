// Size-based rotation by rename: the shift, the keep limit, the lock, and — the point of it — not a
// line lost or torn while several processes append and several rotate at once.
import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { appendEvents, ledgerPath, readEvents } from '../../src/adapters/ledger.js';
import { rotateFile, rotationSet } from '../../src/adapters/log-rotation.js';
import { tempDir } from '../helpers/temp-dir.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

describe('rotateFile', () => {
  it('shifts <file> → .1 → .2 … keeps `keep` files, and leaves small files alone', () => {
    const dir = tempDir();
    const file = join(dir, 'events.jsonl');
    const limits = { maxBytes: 10, keep: 3 };
    expect(rotateFile(file, limits)).toEqual({ kind: 'missing' });
    writeFileSync(file, 'tiny\n');
    expect(rotateFile(file, limits)).toEqual({ kind: 'small' });
    for (const generation of ['a', 'b', 'c', 'd', 'e']) {
      writeFileSync(file, `${generation.repeat(20)}\n`);
      expect(rotateFile(file, limits)).toEqual({ kind: 'rotated', bytes: 21 });
      expect(existsSync(file)).toBe(false); // the next writer creates it
    }
    expect(readdirSync(dir).sort()).toEqual(['events.jsonl.1', 'events.jsonl.2', 'events.jsonl.3']);
    expect(readFileSync(`${file}.1`, 'utf8')).toBe(`${'e'.repeat(20)}\n`);
    expect(readFileSync(`${file}.3`, 'utf8')).toBe(`${'c'.repeat(20)}\n`);
    writeFileSync(file, 'now\n');
    expect(rotationSet(file)).toEqual([`${file}.3`, `${file}.2`, `${file}.1`, file]);
  });

  it('removes rotated files past a lowered keep', () => {
    const dir = tempDir();
    const file = join(dir, 'x.log');
    for (const index of [1, 2, 3, 4, 5]) writeFileSync(`${file}.${index}`, `${index}\n`);
    writeFileSync(file, 'current, over the limit\n');
    expect(rotateFile(file, { maxBytes: 1, keep: 2 }).kind).toBe('rotated');
    expect(readdirSync(dir).sort()).toEqual(['x.log.1', 'x.log.2']);
    expect(readFileSync(`${file}.2`, 'utf8')).toBe('1\n');
  });

  it('stands aside while another rotator holds the lock, and takes over a stale lock', () => {
    const dir = tempDir();
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, 'x'.repeat(100));
    const lock = join(dir, '.events.jsonl.rotate-lock');
    writeFileSync(lock, '12345\n');
    expect(rotateFile(file, { maxBytes: 10, keep: 3 })).toEqual({ kind: 'busy' });
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(lock, old, old);
    expect(rotateFile(file, { maxBytes: 10, keep: 3 }).kind).toBe('rotated');
    expect(existsSync(lock)).toBe(false);
  });
});

/** A process that appends `count` ledger events, one write each, as the watchdog does. */
const WRITER = `
const { appendEvents } = await import(process.argv[1] + 'adapters/ledger.js');
const [logDir, writer, count] = process.argv.slice(2);
for (let n = 1; n <= Number(count); n++) {
  appendEvents(logDir, [{ ts: new Date().toISOString(), type: 'probe', writer, n, pad: 'x'.repeat(n % 40) }]);
  // Yield now and then, so writers and rotators interleave rather than take turns.
  if (n % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
}
`;

/** A process that rotates the ledger whenever it passes the limit, until told to stop. */
const ROTATOR = `
const { rotateFile } = await import(process.argv[1] + 'adapters/log-rotation.js');
const { existsSync } = await import('node:fs');
const [file, stopFile] = process.argv.slice(2);
let rotations = 0;
while (!existsSync(stopFile)) {
  if (rotateFile(file, { maxBytes: 4096, keep: 1000 }).kind === 'rotated') rotations++;
  await new Promise((resolve) => setTimeout(resolve, 1));
}
process.stdout.write(String(rotations));
`;

describe('the ledger under concurrent writers and rotators', () => {
  it('keeps every line, whole and in each writer’s order, across many rotations', async () => {
    const logDir = tempDir();
    const file = ledgerPath(logDir);
    const stopFile = join(logDir, 'stop-rotating');
    const writers = 3;
    const perWriter = 2000;
    appendEvents(logDir, [{ ts: new Date().toISOString(), type: 'first' }]);
    const rotator = execa(process.execPath, [
      '--input-type=module',
      '-e',
      ROTATOR,
      DIST,
      file,
      stopFile,
    ]);
    const children = Array.from({ length: writers }, (_, index) =>
      execa(process.execPath, [
        '--input-type=module',
        '-e',
        WRITER,
        DIST,
        logDir,
        `w${index}`,
        String(perWriter),
      ]),
    );
    // A second rotator in this process, racing the child's.
    let ours = 0;
    let done = false;
    void Promise.all(children).finally(() => {
      done = true;
    });
    while (!done) {
      if (rotateFile(file, { maxBytes: 4096, keep: 1000 }).kind === 'rotated') ours++;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await Promise.all(children);
    writeFileSync(stopFile, '');
    const theirs = Number((await rotator).stdout);
    expect(ours + theirs).toBeGreaterThan(10);

    const files = rotationSet(file);
    expect(files.length).toBe(ours + theirs + (existsSync(file) ? 1 : 0));
    const lines = files.flatMap((name) =>
      readFileSync(name, 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    );
    const events = readEvents(logDir);
    expect(events.length).toBe(lines.length); // nothing torn
    expect(events[0]?.type).toBe('first');
    for (let index = 0; index < writers; index++) {
      // each writer's own count (`seq` is the ledger's, given by appendEvents)
      const counts = events.filter((event) => event.writer === `w${index}`).map((event) => event.n);
      expect(counts).toEqual(Array.from({ length: perWriter }, (_, n) => n + 1));
    }
  }, 60_000);
});
