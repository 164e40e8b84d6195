// A real git setup in a temp dir: a bare origin with a main branch and two clones (Builder, Adversary).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

/** Test-side git gets its identity from the environment (CI machines have none configured). */
export const GIT_TEST_ENV = {
  GIT_AUTHOR_NAME: 'launch test',
  GIT_AUTHOR_EMAIL: 'test@launch.invalid',
  GIT_COMMITTER_NAME: 'launch test',
  GIT_COMMITTER_EMAIL: 'test@launch.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const result = await execa('git', [...args], { cwd, env: GIT_TEST_ENV });
  return result.stdout;
}

export interface GitWorld {
  readonly origin: string;
  readonly builder: string;
  readonly adversary: string;
  /** Commit subjects on origin/main, newest first. */
  readonly subjects: () => Promise<string[]>;
  /** A file's text on origin/main, or null when it is not there. */
  readonly show: (path: string) => Promise<string | null>;
}

export async function makeGitWorld(dir: string): Promise<GitWorld> {
  const origin = join(dir, 'origin.git');
  const builder = join(dir, 'builder');
  const adversary = join(dir, 'adversary');
  mkdirSync(origin);
  await git(origin, ['init', '--quiet', '--bare', '--initial-branch=main']);
  await git(dir, ['clone', '--quiet', origin, builder]);
  await git(builder, ['commit', '--quiet', '--allow-empty', '-m', 'initial']);
  await git(builder, ['push', '--quiet', 'origin', 'HEAD:main']);
  await git(dir, ['clone', '--quiet', origin, adversary]);
  return {
    origin,
    builder,
    adversary,
    subjects: async () => (await git(origin, ['log', '--format=%s', 'main'])).split('\n'),
    show: async (path) => {
      const result = await execa('git', ['show', `main:${path}`], {
        cwd: origin,
        env: GIT_TEST_ENV,
        reject: false,
      });
      return result.exitCode === 0 ? String(result.stdout) : null;
    },
  };
}
