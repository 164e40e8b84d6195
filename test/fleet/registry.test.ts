// The run registry on real files: names from plan dirs, a suffix for a second plan dir of the same
// name, a --name that is taken refused, entries whose log dir is gone pruned, garbage moved aside
// and the live runs rebuilt.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ENTRY_MIRROR_FILE,
  entryPath,
  nameFromPlanDir,
  readRegistry,
  registerRun,
  runsDir,
  type RunToRegister,
} from '../../src/fleet/registry.js';
import { lookupRun } from '../../src/fleet/machine-runs.js';
import { tempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2026-12-06T04:00:00Z');

/** A plan dir whose log dir holds run settings (as `launch start` leaves it). */
function runIn(root: string, path: string): RunToRegister {
  const planDir = join(root, path);
  const logDir = join(planDir, '.launch');
  mkdirSync(logDir, { recursive: true });
  writeFileSync(join(logDir, 'run-settings.json'), '{}\n');
  return {
    planDir,
    logDir,
    socket: null,
    sessionPrefix: 'loop',
    startedAt: NOW.toISOString(),
    watchdogPid: null,
  };
}

describe('run names', () => {
  it('come from the plan dir folder, cleaned to a file-safe name', () => {
    expect(nameFromPlanDir('/home/me/plans/shop')).toBe('shop');
    expect(nameFromPlanDir('/x/My Shop (v2)')).toBe('My-Shop-v2');
    expect(nameFromPlanDir('/x/it\'s "odd" $(touch PWNED)')).toBe('it-s-odd-touch-PWNED');
    expect(nameFromPlanDir('/')).toBe('run');
  });
});

describe('registerRun', () => {
  it('names a run after its plan dir, keeps the name on a second start, suffixes a namesake', () => {
    const root = tempDir();
    const state = join(root, 'state');
    const shop = runIn(root, 'a/shop');
    const first = registerRun(state, shop, { now: NOW });
    expect(first).toMatchObject({ ok: true, value: { name: 'shop', planDir: shop.planDir } });
    expect(JSON.parse(readFileSync(entryPath(state, 'shop'), 'utf8'))).toMatchObject({
      name: 'shop',
      logDir: shop.logDir,
    });
    // The log dir keeps a copy: a rebuild gets the name back.
    expect(readFileSync(join(shop.logDir, ENTRY_MIRROR_FILE), 'utf8')).toContain('"name": "shop"');
    expect(registerRun(state, shop, { now: NOW })).toMatchObject({ value: { name: 'shop' } });

    const other = runIn(root, 'b/shop');
    expect(registerRun(state, other, { now: NOW })).toMatchObject({ value: { name: 'shop-2' } });
    expect(readRegistry(state, { now: NOW }).entries.map((entry) => entry.name)).toEqual([
      'shop',
      'shop-2',
    ]);
  });

  it('refuses a --name another run has, and renames a run given a free one', () => {
    const root = tempDir();
    const state = join(root, 'state');
    const shop = runIn(root, 'a/shop');
    const docs = runIn(root, 'docs');
    registerRun(state, shop, { now: NOW });
    registerRun(state, docs, { now: NOW });
    expect(registerRun(state, docs, { name: 'shop', now: NOW })).toEqual({
      ok: false,
      error: `the run name shop is taken by ${shop.planDir} (log dir ${shop.logDir}); pick another --name`,
    });
    expect(registerRun(state, docs, { name: 'site', now: NOW })).toMatchObject({
      value: { name: 'site' },
    });
    expect(readdirSync(runsDir(state)).sort()).toEqual(['shop.json', 'site.json']);
  });

  it('prunes a run whose log dir is gone', () => {
    const root = tempDir();
    const state = join(root, 'state');
    const shop = runIn(root, 'shop');
    registerRun(state, shop, { now: NOW });
    rmSync(shop.planDir, { recursive: true });
    expect(readRegistry(state, { now: NOW }).entries).toEqual([]);
    expect(existsSync(entryPath(state, 'shop'))).toBe(false);
  });
});

describe('a garbage registry file', () => {
  it('is moved aside, said in one line, and the live runs are registered again', () => {
    const root = tempDir();
    const state = join(root, 'state');
    const shop = runIn(root, 'shop');
    const docs = runIn(root, 'docs');
    registerRun(state, shop, { name: 'my-shop', now: NOW });
    registerRun(state, docs, { now: NOW });
    writeFileSync(entryPath(state, 'my-shop'), '{"name": "my-shop", "planDir": 4');
    const read = readRegistry(state, { now: NOW, findLive: () => [shop] });
    // Rebuilt under the name it had (from its log dir's copy), the other entry untouched.
    expect(read.entries.map((entry) => entry.name)).toEqual(['docs', 'my-shop']);
    expect(read.notes).toEqual([
      `registry: a run entry was not readable and moved aside in ${runsDir(state)} (my-shop.json → my-shop.json.bad-2026-12-06T04-00-00-000Z); rebuilt from the live watchdogs and the runs' log dirs: my-shop`,
    ]);
    // Nothing lost: the damaged file is kept beside the rebuilt one.
    expect(
      readFileSync(join(runsDir(state), 'my-shop.json.bad-2026-12-06T04-00-00-000Z'), 'utf8'),
    ).toBe('{"name": "my-shop", "planDir": 4');
    expect(readRegistry(state, { now: NOW }).notes).toEqual([]);
  });

  it('with no live watchdog missing: says so', () => {
    const root = tempDir();
    const state = join(root, 'state');
    mkdirSync(runsDir(state), { recursive: true });
    writeFileSync(entryPath(state, 'x'), 'garbage');
    const read = readRegistry(state, { now: NOW, findLive: () => [] });
    expect(read.entries).toEqual([]);
    expect(read.notes[0]).toMatch(
      /no live watchdog or log dir named in it was missing from the registry$/,
    );
  });
});

describe('a damaged entry of a stopped run', () => {
  it('is rebuilt from the log dir it still names (its own copy of the entry)', () => {
    const root = tempDir();
    const state = join(root, 'state');
    const docs = runIn(root, 'docs');
    registerRun(state, docs, { name: 'site', now: NOW });
    const whole = readFileSync(entryPath(state, 'site'), 'utf8');
    const cut = whole.slice(0, whole.indexOf('"socket"'));
    writeFileSync(entryPath(state, 'site'), cut);
    const read = readRegistry(state, { now: NOW, findLive: () => [] });
    expect(read.entries).toEqual([{ name: 'site', ...docs }]);
    expect(read.notes[0]).toMatch(/rebuilt from the live watchdogs and the runs' log dirs: site$/);
    expect(
      readFileSync(join(runsDir(state), 'site.json.bad-2026-12-06T04-00-00-000Z'), 'utf8'),
    ).toBe(cut);
  });
});

describe('lookupRun', () => {
  it('finds a run, or says which name was meant', () => {
    const root = tempDir();
    const state = join(root, 'state');
    registerRun(state, runIn(root, 'shop'), { now: NOW });
    registerRun(state, runIn(root, 'docs'), { now: NOW });
    const { entries } = readRegistry(state, { now: NOW });
    expect(lookupRun(entries, 'shop')).toMatchObject({ ok: true, value: { name: 'shop' } });
    expect(lookupRun(entries, 'shpo')).toEqual({
      ok: false,
      error: 'no run named shpo (did you mean shop?)',
    });
    expect(lookupRun(entries, 'zzzzzzzz')).toEqual({
      ok: false,
      error: 'no run named zzzzzzzz; runs on this machine: docs, shop (`launch ls`)',
    });
    const none = lookupRun([], 'shop');
    expect(none.ok ? '' : none.error).toMatch(/no run is registered/);
  });
});
