// The pane-log link: made for a log dir, removed again (only the one pointing at that log dir), and
// links to log dirs long deleted pruned.
import { existsSync, lstatSync, lutimesSync, mkdirSync, readlinkSync } from 'node:fs';
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

describe('ensureLogDirLink', () => {
  it('prunes links to log dirs deleted over an hour ago, and keeps fresh or living ones', () => {
    const root = tempDir();
    const deleted = join(root, 'deleted long ago');
    const living = join(root, 'living');
    const justMade = join(root, 'about to be made');
    mkdirSync(living);
    const oldDangling = ensureLogDirLink(deleted);
    const oldLiving = ensureLogDirLink(living);
    const hoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    for (const link of [oldDangling, oldLiving]) lutimesSync(link, hoursAgo, hoursAgo);
    const fresh = ensureLogDirLink(justMade);
    expect(exists(oldDangling)).toBe(false);
    expect(readlinkSync(oldLiving)).toBe(living);
    expect(readlinkSync(fresh)).toBe(justMade);
    removeLogDirLink(living);
    removeLogDirLink(justMade);
  });
});
