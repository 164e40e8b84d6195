// Runs the built `bin/launch` as a user would, with a clean environment.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';

export const LAUNCH_BIN = fileURLToPath(new URL('../../bin/launch', import.meta.url));

export interface LaunchResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

let workerStateHome: string | null = null;

/**
 * A state dir of this test process's own (the run registry, $XDG_STATE_HOME/launch), removed when
 * it exits: no test ever registers a run in the real ~/.local/state. A test (or the rig) that
 * needs one of its own passes XDG_STATE_HOME.
 */
export function testStateHome(): string {
  if (workerStateHome === null) {
    // Under the run's folder when the global setup made one (it removes it at the end); the exit
    // handler covers a file run without it.
    const dir = mkdtempSync(
      join(process.env.LAUNCH_TEST_STATE_ROOT ?? tmpdir(), 'launch-test-state-'),
    );
    workerStateHome = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return workerStateHome;
}

/** Only what a launch run needs from the outer environment; tests add the rest. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    XDG_STATE_HOME: testStateHome(),
    ...extra,
  };
}

export async function runLaunch(
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly env?: Record<string, string>;
    readonly input?: string;
    readonly timeoutMs?: number;
  },
): Promise<LaunchResult> {
  const result = await execa(LAUNCH_BIN, [...args], {
    cwd: options.cwd,
    env: baseEnv(options.env),
    extendEnv: false,
    reject: false,
    input: options.input ?? '',
    timeout: options.timeoutMs ?? 30_000,
  });
  return {
    exitCode: result.exitCode ?? 1,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
  };
}

export function spawnLaunch(
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: Record<string, string> },
): ResultPromise<{ reject: false; extendEnv: false }> {
  return execa(LAUNCH_BIN, [...args], {
    cwd: options.cwd,
    env: baseEnv(options.env),
    extendEnv: false,
    reject: false,
  });
}
