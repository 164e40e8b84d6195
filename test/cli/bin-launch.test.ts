// bin/launch picks what to run: the status bundle for `launch status`, the whole CLI's bundle for
// the rest, tsc's dist/ when that is newer or LAUNCH_BUNDLE=0, a one-line "not built" otherwise;
// `signal` the same way and never a failure; the code cache beside a bundle is used, and made again
// when V8 refuses it. Checked with a copy of bin/launch and of the real loader in a package of
// stand-in modules that say which one ran.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const BIN = new URL('../../bin/launch', import.meta.url);

const LOADER = new URL('../../dist/bundle/code-cache.cjs', import.meta.url);
const BIN_PACKAGE = new URL('../../bin/package.json', import.meta.url);

const mainModule = (label: string) =>
  `export async function main(argv) { process.stdout.write('${label} ' + argv.join(' ')); return 3; }\n`;
const signalModule = (label: string) =>
  `export async function signalMain() { process.stdout.write('${label}'); return 0; }\n`;
/** The bundles are CommonJS, with code enough for V8 to make a cache of. */
const bundledMain = (label: string) =>
  `const steps = Array.from({ length: 50 }, (_, i) => (x) => x + i);\n` +
  `exports.main = async (argv) => { process.stdout.write('${label} ' + argv.join(' ')); return steps.reduce((x, f) => f(x), 3) - 1225; };\n`;
const bundledSignal = (label: string) =>
  `exports.signalMain = async () => { process.stdout.write('${label}'); return 0; };\n`;

function fakePackage(): { root: string; age: (file: string, secondsAgo: number) => void } {
  const root = tempDir();
  for (const dir of ['bin', 'dist/cli/commands', 'dist/bundle'])
    mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  copyFileSync(BIN, join(root, 'bin', 'launch'));
  copyFileSync(BIN_PACKAGE, join(root, 'bin', 'package.json'));
  copyFileSync(LOADER, join(root, 'dist', 'bundle', 'code-cache.cjs'));
  writeFileSync(join(root, 'dist', 'cli', 'main.js'), mainModule('tsc'));
  // The status bundle's entry: it asks the watchdog early, then runs main.js.
  writeFileSync(join(root, 'dist', 'cli', 'status-entry.js'), mainModule('tsc-entry'));
  writeFileSync(join(root, 'dist', 'cli', 'commands', 'signal.js'), signalModule('tsc-signal'));
  writeFileSync(join(root, 'dist', 'bundle', 'launch.cjs'), bundledMain('bundle'));
  writeFileSync(join(root, 'dist', 'bundle', 'status.cjs'), bundledMain('status-bundle'));
  writeFileSync(join(root, 'dist', 'bundle', 'signal.cjs'), bundledSignal('bundle-signal'));
  const age = (file: string, secondsAgo: number) => {
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(join(root, file), when, when);
  };
  // As `npm run build` leaves them: tsc first, the bundle after.
  age('dist/cli/main.js', 60);
  age('dist/cli/status-entry.js', 60);
  age('dist/cli/commands/signal.js', 60);
  return { root, age };
}

function run(root: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'launch'), ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('bin/launch', () => {
  it('runs the bundles after a build, passing the arguments and the exit code through', () => {
    const { root } = fakePackage();
    expect(run(root, ['status', '--json'])).toEqual({
      code: 3,
      out: 'status-bundle status --json',
      err: '',
    });
    expect(run(root, ['phases', 'list'])).toEqual({
      code: 3,
      out: 'bundle phases list',
      err: '',
    });
    expect(run(root, ['signal', 'claude'])).toEqual({ code: 0, out: 'bundle-signal', err: '' });
    expect(run(root, ['status'], { LAUNCH_BUNDLE: 'launch' }).out).toBe('bundle status');
  });

  it('refuses a mistyped LAUNCH_BUNDLE or LAUNCH_CODE_CACHE in one line, exit 2, running nothing', () => {
    const { root } = fakePackage();
    expect(run(root, ['status'], { LAUNCH_BUNDLE: 'statsu' })).toEqual({
      code: 2,
      out: '',
      err: 'launch: LAUNCH_BUNDLE must be 0, launch, status or unset, got "statsu"\n',
    });
    expect(run(root, ['status'], { LAUNCH_CODE_CACHE: 'on' })).toEqual({
      code: 2,
      out: '',
      err: 'launch: LAUNCH_CODE_CACHE must be report, write or unset, got "on"\n',
    });
    expect(existsSync(join(root, 'dist', 'bundle', 'status.cjs.cache'))).toBe(false);
    // A client hook is never refused.
    expect(run(root, ['signal', 'claude'], { LAUNCH_BUNDLE: 'statsu' })).toEqual({
      code: 0,
      out: 'bundle-signal',
      err: '',
    });
  });

  it('uses the code cache beside a bundle, and makes it again when V8 refuses it', () => {
    const { root } = fakePackage();
    const report = { LAUNCH_CODE_CACHE: 'report' };
    const cache = join(root, 'dist', 'bundle', 'status.cjs.cache');
    expect(run(root, ['status'], report).err).toBe('launch: code cache missing\n');
    expect(existsSync(cache)).toBe(false);
    // The build's warm-up asks for it.
    expect(run(root, ['status'], { LAUNCH_CODE_CACHE: 'write' }).code).toBe(3);
    expect(run(root, ['status'], report)).toEqual({
      code: 3,
      out: 'status-bundle status',
      err: 'launch: code cache hit\n',
    });
    // A cache V8 refuses (another Node.js since the build; here, bytes that are none) is replaced
    // after a short run, and the command's output and exit code are as ever.
    writeFileSync(cache, 'stale');
    expect(run(root, ['status'], report)).toEqual({
      code: 3,
      out: 'status-bundle status',
      err: 'launch: code cache rejected\n',
    });
    expect(run(root, ['status'], report).err).toBe('launch: code cache hit\n');
    // Not after a command that runs until stopped: its cache would hold everything it ran.
    writeFileSync(cache, 'stale');
    expect(run(root, ['status', '-w'], report).err).toBe('launch: code cache rejected\n');
    expect(readFileSync(cache, 'utf8')).toBe('stale');
  });

  it("runs tsc's output when it is newer than the bundle (only tsc ran since) or LAUNCH_BUNDLE=0", () => {
    const { root, age } = fakePackage();
    expect(run(root, ['status'], { LAUNCH_BUNDLE: '0' }).out).toBe('tsc-entry status');
    expect(run(root, ['ls'], { LAUNCH_BUNDLE: '0' }).out).toBe('tsc ls');
    expect(run(root, ['signal'], { LAUNCH_BUNDLE: '0' }).out).toBe('tsc-signal');
    age('dist/bundle/status.cjs', 120);
    expect(run(root, ['status']).out).toBe('tsc-entry status');
  });

  it("falls back to tsc's output without a bundle, and says how to build without either", () => {
    const { root } = fakePackage();
    rmSync(join(root, 'dist', 'bundle'), { recursive: true });
    expect(run(root, ['status']).out).toBe('tsc-entry status');
    expect(run(root, ['ls']).out).toBe('tsc ls');
    expect(run(root, ['signal']).out).toBe('tsc-signal');
    rmSync(join(root, 'dist'), { recursive: true });
    expect(run(root, ['status'])).toEqual({
      code: 1,
      out: '',
      err: 'launch: not built yet; run `npm run build` (or `npm ci`) in the launch checkout\n',
    });
    // A client hook must never see a failure.
    expect(run(root, ['signal', 'claude'])).toEqual({ code: 0, out: '', err: '' });
  });

  it('runs the bundle in this checkout, so the CLI and e2e tests exercise it', () => {
    const at = (path: string) => statSync(new URL(`../../${path}`, import.meta.url)).mtimeMs;
    for (const bundle of ['launch', 'status'])
      expect(at(`dist/bundle/${bundle}.cjs`)).toBeGreaterThanOrEqual(at('dist/cli/main.js'));
    expect(at('dist/bundle/status.cjs')).toBeGreaterThanOrEqual(at('dist/cli/status-entry.js'));
    expect(at('dist/bundle/signal.cjs')).toBeGreaterThanOrEqual(at('dist/cli/commands/signal.js'));
    // The build warmed both caches.
    expect(at('dist/bundle/status.cjs.cache')).toBeGreaterThan(0);
    expect(at('dist/bundle/launch.cjs.cache')).toBeGreaterThan(0);
  });
});
