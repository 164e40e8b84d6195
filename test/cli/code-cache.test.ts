// The bundle loader's V8 code cache: made, used, refused when it does not fit (another source, bytes
// that are not a cache), never in the way of running the code, and never written half. Real files,
// real V8; each load in a child process, as bin/launch does it (a cache is per process and flags).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFileFor } from '../../src/cli/code-cache.js';
import { tempDir } from '../helpers/temp-dir.js';

const LOADER = new URL('../../dist/cli/code-cache.js', import.meta.url).href;

/** A bundle with enough code for V8 to cache, whose `main` says what it computed. */
const bundleSource = (answer: number) =>
  `const parts = [];\n` +
  `for (let i = 0; i < 200; i++) parts.push(function step(x) { return x + i; });\n` +
  `exports.main = () => parts.reduce((sum, step) => step(sum), ${answer});\n` +
  `exports.file = __filename;\n` +
  `exports.fromRequire = typeof require('node:path').join;\n`;

/** Loads `bundle` in a fresh Node.js, runs main, optionally saves; reports what happened. */
function load(bundle: string, save: boolean, cacheFile = cacheFileFor(bundle)) {
  const script =
    `import { loadBundle } from ${JSON.stringify(LOADER)};\n` +
    `const b = loadBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cacheFile)});\n` +
    `const result = b.exports.main();\n` +
    `const saved = ${save} ? b.save() : null;\n` +
    `process.stdout.write(JSON.stringify({ cache: b.cache, result, saved, file: b.exports.file, fromRequire: b.exports.fromRequire }));\n`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as {
    cache: string;
    result: number;
    saved: boolean | null;
    file: string;
    fromRequire: string;
  };
}

describe('loadBundle', () => {
  it('runs a CommonJS bundle without a cache, saves one, and uses it on the next start', () => {
    const dir = tempDir();
    const bundle = join(dir, 'launch.cjs');
    writeFileSync(bundle, bundleSource(1));
    const first = load(bundle, true);
    expect(first).toEqual({
      cache: 'missing',
      result: 1 + 19900,
      saved: true,
      file: bundle,
      fromRequire: 'function',
    });
    expect(readFileSync(cacheFileFor(bundle)).length).toBeGreaterThan(0);
    expect(load(bundle, false)).toMatchObject({ cache: 'hit', result: 1 + 19900 });
    // Written whole or not at all: no temp file left beside it.
    expect(readdirSync(dir).sort()).toEqual(['launch.cjs', 'launch.cjs.cache']);
  });

  it('refuses a cache made for other code or bytes that are no cache, and still runs the code', () => {
    const dir = tempDir();
    const bundle = join(dir, 'launch.cjs');
    writeFileSync(bundle, bundleSource(1));
    load(bundle, true);
    // A rebuilt bundle beside the old cache.
    writeFileSync(bundle, bundleSource(22));
    expect(load(bundle, false)).toMatchObject({ cache: 'rejected', result: 22 + 19900 });
    // A damaged file.
    writeFileSync(cacheFileFor(bundle), 'not a V8 code cache');
    expect(load(bundle, true)).toMatchObject({
      cache: 'rejected',
      result: 22 + 19900,
      saved: true,
    });
    expect(load(bundle, false)).toMatchObject({ cache: 'hit', result: 22 + 19900 });
  });

  it('runs all the same where the cache cannot be written (a read-only install)', () => {
    // A cache path under a file: no user, root included, can write there.
    const dir = tempDir();
    const bundle = join(dir, 'launch.cjs');
    writeFileSync(bundle, bundleSource(5));
    writeFileSync(join(dir, 'blocker'), '');
    expect(load(bundle, true, join(dir, 'blocker', 'launch.cjs.cache'))).toMatchObject({
      cache: 'missing',
      result: 5 + 19900,
      saved: false,
    });
    expect(readdirSync(dir).sort()).toEqual(['blocker', 'launch.cjs']);
  });
});
