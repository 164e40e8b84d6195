// A real git world in a temp dir (src/demo/git-world.ts: a bare origin with a main branch, clones for
// the Builder and the Adversary) with helpers to push
// and read it. CI has no git identity, so every command carries one in its environment.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { createGitWorld } from '../../src/demo/git-world.js';

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
  return String(result.stdout).trim();
}

export interface GitWorld {
  readonly root: string;
  readonly origin: string;
  readonly builder: string;
  readonly adversary: string;
  /** Commits a file in `clone` with `subject` and pushes it to origin/main. */
  readonly pushCommit: (
    clone: string,
    subject: string,
    files?: Record<string, string>,
  ) => Promise<string>;
  readonly removeAndPush: (clone: string, subject: string, file: string) => Promise<void>;
  /** Commit subjects on origin/main, newest first. */
  readonly subjects: () => Promise<string[]>;
  /** A file's text on origin/main, or null when it is not there. */
  readonly show: (path: string) => Promise<string | null>;
}

export async function makeGitWorld(root: string): Promise<GitWorld> {
  const made = await createGitWorld({
    root,
    builderName: 'builder clone',
    adversaryName: 'adversary clone',
    env: GIT_TEST_ENV,
  });
  if (!made.ok) throw new Error(made.error);
  const { origin, builder, adversary } = made.value;
  let counter = 0;
  const pushCommit = async (
    clone: string,
    subject: string,
    files: Record<string, string> = {},
  ): Promise<string> => {
    await git(clone, ['pull', '--quiet', '--rebase', 'origin', 'main']);
    const content =
      Object.keys(files).length > 0 ? files : { [`change-${++counter}.txt`]: `${subject}\n` };
    for (const [file, text] of Object.entries(content)) {
      mkdirSync(join(clone, file, '..'), { recursive: true });
      writeFileSync(join(clone, file), text);
    }
    await git(clone, ['add', '-A']);
    await git(clone, ['commit', '--quiet', '-m', subject]);
    await git(clone, ['push', '--quiet', 'origin', 'HEAD:main']);
    return git(clone, ['rev-parse', 'HEAD']);
  };
  const removeAndPush = async (clone: string, subject: string, file: string): Promise<void> => {
    await git(clone, ['pull', '--quiet', '--rebase', 'origin', 'main']);
    await git(clone, ['rm', '--quiet', file]);
    await git(clone, ['commit', '--quiet', '-m', subject]);
    await git(clone, ['push', '--quiet', 'origin', 'HEAD:main']);
  };
  const subjects = async (): Promise<string[]> =>
    (await git(origin, ['log', '--format=%s', 'main'])).split('\n');
  const show = async (path: string): Promise<string | null> => {
    const result = await execa('git', ['show', `main:${path}`], {
      cwd: origin,
      env: GIT_TEST_ENV,
      reject: false,
    });
    return result.exitCode === 0 ? String(result.stdout) : null;
  };
  return { root, origin, builder, adversary, pushCommit, removeAndPush, subjects, show };
}
