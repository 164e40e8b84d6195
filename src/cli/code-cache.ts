// Runs a CommonJS bundle of the CLI through V8's code cache, so a short command such as `launch
// status` does not compile the same code anew on every start. Node 20 has no compile cache for
// modules (module.enableCompileCache came in Node 22), but vm.Script accepts the bytes V8 made the
// last time (`cachedData`) and checks them itself: a cache from another Node.js or V8 version, other
// V8 flags or another bundle is rejected and the code is compiled as usual, so a stale or damaged
// cache costs speed, never correctness. Such code has no loader for import(): the bundle has none
// (scripts/bundle-cli.mjs turns each into require() and checks).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** What happened to the cache when the bundle was loaded. */
export type CacheUse = 'hit' | 'rejected' | 'missing';

export interface LoadedBundle<T> {
  readonly exports: T;
  readonly cache: CacheUse;
  /**
   * Writes V8's cache for the bundle as it stands now: the code compiled so far, including the
   * functions the command ran, so call it after the command. Atomic (temp file + rename); false
   * when it could not be written (a read-only install): the next start just compiles as before.
   */
  save(): boolean;
}

/** The cache file kept beside a bundle. */
export const cacheFileFor = (bundle: string): string => `${bundle}.cache`;

/** Loads `bundle` (a CommonJS file) with the V8 cache at `cacheFile` when there is a usable one. */
export function loadBundle<T>(bundle: string, cacheFile = cacheFileFor(bundle)): LoadedBundle<T> {
  const source = readFileSync(bundle, 'utf8');
  const cachedData = readOptional(cacheFile);
  const script = new Script(`${WRAPPER_HEAD}${source}${WRAPPER_TAIL}`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  const cache: CacheUse =
    cachedData === null ? 'missing' : script.cachedDataRejected === true ? 'rejected' : 'hit';
  const module = { exports: {} as T };
  const run = script.runInThisContext() as (
    exports: T,
    require: NodeJS.Require,
    module: { exports: T },
    filename: string,
    dirname: string,
  ) => void;
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return {
    exports: module.exports,
    cache,
    save: () => writeAtomically(cacheFile, script.createCachedData()),
  };
}

// CommonJS's own wrapper, as Node's loader puts it around every .cjs file.
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_TAIL = '\n});';

function readOptional(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

function writeAtomically(file: string, data: Buffer): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, file);
    return true;
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was written there either (its folder cannot be reached).
    }
    return false;
  }
}
