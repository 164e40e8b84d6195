// Following a file across rotation and truncation, and reading the last lines across rotated files.
import { appendFileSync, closeSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  followFile,
  readLastLines,
  readLastLinesAcross,
} from '../../src/adapters/file-follower.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

describe('followFile', () => {
  it('reads what is appended, the rest of a rotated file, then the new file from its start', async () => {
    const dir = tempDir();
    const file = join(dir, 'pane.log');
    writeFileSync(file, 'before\n');
    const { end } = readLastLines(file, 10);
    let seen = '';
    const follower = followFile(file, end, (text) => {
      seen += text;
    });
    try {
      appendFileSync(file, 'one\n');
      await waitFor('the appended line', () => seen === 'one\n');
      // A writer holding the file open (like tmux's pipe) keeps writing after the rename.
      const held = openSync(file, 'a');
      renameSync(file, `${file}.1`);
      writeSync(held, 'two, finished in the rotated file\n');
      closeSync(held);
      writeFileSync(file, 'three, in the new file\n');
      appendFileSync(file, 'four\n');
      await waitFor('every line across the rotation', () =>
        seen === 'one\ntwo, finished in the rotated file\nthree, in the new file\nfour\n'
          ? true
          : undefined,
      );
      // Late writes to the rotated file are still picked up for a moment.
      appendFileSync(`${file}.1`, 'five, late\n');
      await waitFor('the late line', () => seen.endsWith('five, late\n'));
    } finally {
      await follower.close();
    }
    expect(seen).not.toContain('before');
  });

  it('starts over when the file is truncated in place', async () => {
    const dir = tempDir();
    const file = join(dir, 'x.log');
    writeFileSync(file, 'a long first line\n');
    let seen = '';
    const follower = followFile(file, readLastLines(file, 1).end, (text) => {
      seen += text;
    });
    try {
      writeFileSync(file, 'new\n');
      await waitFor('the rewritten file', () => seen === 'new\n');
    } finally {
      await follower.close();
    }
  });
});

describe('readLastLinesAcross', () => {
  it('takes the lines asked for from the rotated files when the current one is short', () => {
    const dir = tempDir();
    const file = join(dir, 'events.jsonl');
    writeFileSync(`${file}.2`, '1\n2\n');
    writeFileSync(`${file}.1`, '3\n4\n');
    writeFileSync(file, '5\n');
    expect(readLastLinesAcross(file, 4)).toEqual({ text: '2\n3\n4\n5\n', end: 2 });
    expect(readLastLinesAcross(file, 1).text).toBe('5\n');
    expect(readLastLinesAcross(file, 99).text).toBe('1\n2\n3\n4\n5\n');
    expect(readLastLinesAcross(join(dir, 'none'), 3)).toEqual({ text: '', end: 0 });
  });
});
