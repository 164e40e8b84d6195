// The pane-log link: made for a log dir, and removed again (only the one pointing at that log dir).
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureLogDirLink, removeLogDirLink } from '../../src/adapters/pane-log-link.js';
import { tempDir } from '../helpers/temp-dir.js';

const exists = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

describe('removeLogDirLink', () => {
  it('removes the link ensureLogDirLink made for a log dir, and leaves the others', () => {
    const root = tempDir();
    const one = join(root, "logs it's one");
    const two = join(root, 'logs two');
    const linkOne = ensureLogDirLink(one);
    const linkTwo = ensureLogDirLink(two);
    expect(readlinkSync(linkOne)).toBe(one);
    removeLogDirLink(one);
    expect(exists(linkOne)).toBe(false);
    expect(readlinkSync(linkTwo)).toBe(two);
    removeLogDirLink(one); // nothing left to remove: no error
    removeLogDirLink(two);
    expect(exists(linkTwo)).toBe(false);
    expect(existsSync(root)).toBe(true);
  });
});
