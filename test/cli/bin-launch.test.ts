// bin/launch picks what to run: the bundle, tsc's dist/ when that is newer or LAUNCH_BUNDLE=0, a
// one-line "not built" otherwise; `signal` the same way and never a failure. Checked with a copy
// of bin/launch in a package of stand-in modules that say which one ran.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const BIN = new URL('../../bin/launch', import.meta.url);

const mainModule = (label: string) =>
  `export async function main(argv) { process.stdout.write('${label} ' + argv.join(' ')); return 3; }\n`;
const signalModule = (label: string) =>
  `export async function signalMain() { process.stdout.write('${label}'); return 0; }\n`;

function fakePackage(): { root: string; age: (file: string, secondsAgo: number) => void } {
  const root = tempDir();
  for (const dir of ['bin', 'dist/cli/commands', 'dist/bundle'])
    mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  copyFileSync(BIN, join(root, 'bin', 'launch'));
  writeFileSync(join(root, 'dist', 'cli', 'main.js'), mainModule('tsc'));
  writeFileSync(join(root, 'dist', 'cli', 'commands', 'signal.js'), signalModule('tsc-signal'));
  writeFileSync(join(root, 'dist', 'bundle', 'launch.js'), mainModule('bundle'));
  writeFileSync(join(root, 'dist', 'bundle', 'signal.js'), signalModule('bundle-signal'));
  const age = (file: string, secondsAgo: number) => {
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(join(root, file), when, when);
  };
  // As `npm run build` leaves them: tsc first, the bundle after.
  age('dist/cli/main.js', 60);
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
  it('runs the bundle after a build, passing the arguments and the exit code through', () => {
    const { root } = fakePackage();
    expect(run(root, ['status', '--json'])).toEqual({
      code: 3,
      out: 'bundle status --json',
      err: '',
    });
    expect(run(root, ['signal', 'claude'])).toEqual({ code: 0, out: 'bundle-signal', err: '' });
  });

  it("runs tsc's output when it is newer than the bundle (only tsc ran since) or LAUNCH_BUNDLE=0", () => {
    const { root, age } = fakePackage();
    expect(run(root, ['status'], { LAUNCH_BUNDLE: '0' }).out).toBe('tsc status');
    expect(run(root, ['signal'], { LAUNCH_BUNDLE: '0' }).out).toBe('tsc-signal');
    age('dist/bundle/launch.js', 120);
    expect(run(root, ['status']).out).toBe('tsc status');
  });

  it("falls back to tsc's output without a bundle, and says how to build without either", () => {
    const { root } = fakePackage();
    rmSync(join(root, 'dist', 'bundle'), { recursive: true });
    expect(run(root, ['status']).out).toBe('tsc status');
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
    expect(at('dist/bundle/launch.js')).toBeGreaterThanOrEqual(at('dist/cli/main.js'));
    expect(at('dist/bundle/signal.js')).toBeGreaterThanOrEqual(at('dist/cli/commands/signal.js'));
  });
});
