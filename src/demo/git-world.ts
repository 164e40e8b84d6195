// A fresh git world: a bare origin whose main branch holds one seed commit, and one clone per agent.
// `launch demo` builds its temporary project with it (the end-to-end test rig does too).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { err, ok, type Result } from '../util/result.js';

export interface GitWorldPaths {
  readonly origin: string;
  readonly builder: string;
  readonly adversary: string;
}

export interface GitWorldOptions {
  /** Directory the origin and the clones are made in (it must exist). */
  readonly root: string;
  readonly builderName?: string;
  readonly adversaryName?: string;
  /** Files of the seed commit, by path relative to the repository. */
  readonly seed?: Readonly<Record<string, string>>;
  /** Extra environment for every git call (tests pin the identity and ignore system config). */
  readonly env?: Readonly<Record<string, string>>;
}

// The seed commit needs an identity; a fresh machine (or CI) has none configured.
const IDENTITY = [
  '-c',
  'user.name=launch',
  '-c',
  'user.email=launch@launch.invalid',
  '-c',
  'commit.gpgsign=false',
];

/** Bare `origin.git` with main, and clones of it for the Builder and the Adversary. */
export async function createGitWorld(
  options: GitWorldOptions,
): Promise<Result<GitWorldPaths, string>> {
  const { root } = options;
  const origin = join(root, 'origin.git');
  const seed = join(root, 'seed');
  const builder = join(root, options.builderName ?? 'builder');
  const adversary = join(root, options.adversaryName ?? 'adversary');
  const run = async (cwd: string, args: readonly string[]): Promise<string | null> => {
    const result = await execa('git', [...IDENTITY, ...args], {
      cwd,
      reject: false,
      timeout: 60_000,
      // Never wait for a password prompt or an editor.
      env: { GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', ...options.env },
    });
    if (result.exitCode === 0) return null;
    if (result.code === 'ENOENT') return 'git not found on PATH; install git (2.28 or newer)';
    const output = String(result.stderr || result.stdout || result.shortMessage).trim();
    return `git ${args.join(' ')} failed: ${output.split('\n')[0] ?? ''}`;
  };

  mkdirSync(seed, { recursive: true });
  for (const [path, text] of Object.entries(options.seed ?? { 'README.md': '# project\n' })) {
    mkdirSync(dirname(join(seed, path)), { recursive: true });
    writeFileSync(join(seed, path), text);
  }
  const steps: readonly (readonly [string, readonly string[]])[] = [
    [root, ['init', '--quiet', '--bare', '--initial-branch=main', origin]],
    [seed, ['init', '--quiet', '--initial-branch=main']],
    [seed, ['add', '-A']],
    [seed, ['commit', '--quiet', '-m', 'initial']],
    [seed, ['push', '--quiet', origin, 'main']],
    [root, ['clone', '--quiet', origin, builder]],
    [root, ['clone', '--quiet', origin, adversary]],
  ];
  for (const [cwd, args] of steps) {
    const failure = await run(cwd, args);
    if (failure !== null) return err(failure);
  }
  // The seed was only the way to put a first commit on origin/main.
  rmSync(seed, { recursive: true, force: true });
  return ok({ origin, builder, adversary });
}
