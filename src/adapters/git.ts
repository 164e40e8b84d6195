// What the watchdog reads from git, in the Builder's clone: fetch, origin/main, subjects since the
// cursor, and the INBOX files on origin/main (machine-docs/ first). A failure is data, not a throw.
//
// The clone is the agent's own, and file events tick the watchdog exactly while the agent runs git
// (`commit`, `pull --rebase`, `push`). So the watchdog's fetch touches nothing the agent uses: it
// fetches origin's main into a ref of its own (WATCH_REF), without FETCH_HEAD (a concurrent `git
// pull` would read both fetches' lines: "Cannot rebase onto multiple branches"), without updating
// refs/remotes/origin/* (lock conflicts with the agent's fetch), without tags, and without starting
// gc or maintenance in the agent's repository.
import { createHash } from 'node:crypto';
import { simpleGit, type SimpleGit } from 'simple-git';
import { INBOXES, type InboxName } from '../watchdog/messages.js';
import type { Commit, GitObservation } from '../watchdog/types.js';

/** The watchdog's private copy of origin's main in the Builder's clone. */
export const WATCH_REF = 'refs/launch/watchdog/origin-main';
const FETCH_ARGS = [
  '--quiet',
  '--no-tags',
  // An empty refmap: only the refspec below is updated, not refs/remotes/origin/main.
  '--refmap=',
  'origin',
  `+refs/heads/main:${WATCH_REF}`,
];
/** git ≥ 2.29; older git refuses the option, and then writes FETCH_HEAD as it always did. */
const NO_FETCH_HEAD = '--no-write-fetch-head';
/** `-c` settings for every call (older git ignores unknown keys): no gc or maintenance from us. */
const QUIET_CONFIG = ['gc.auto=0', 'maintenance.auto=false'];
const FIELD = '\u001f';

export interface GitObserver {
  readonly observe: (lastSha: string | null) => Promise<GitObservation>;
}

/** What git needs from the environment: its home (config, credentials), locale, ssh agent, proxies. */
const PASSED_ENV = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LC_ALL',
  'TMPDIR',
  'XDG_CONFIG_HOME',
  'SSH_AUTH_SOCK',
  'SSH_AGENT_PID',
  'GIT_SSH_COMMAND',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'GIT_CONFIG_NOSYSTEM',
];

function gitEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

function client(dir: string): SimpleGit {
  // simple-git refuses these variables unless allowed; here they are our own constants (or the
  // user's own environment), never data from a repository.
  return simpleGit({
    baseDir: dir,
    config: QUIET_CONFIG,
    timeout: { block: 60_000 },
    unsafe: { allowUnsafeAskPass: true, allowUnsafeSshCommand: true },
    allowEnvironment: [
      'GIT_TERMINAL_PROMPT',
      'GIT_ASKPASS',
      'SSH_ASKPASS',
      'GIT_SSH_COMMAND',
      'GIT_CONFIG_NOSYSTEM',
    ],
  }).env({
    ...gitEnvironment(),
    // Unattended: a fetch that wants credentials must fail, not wait for a keyboard.
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'true',
    SSH_ASKPASS: 'true',
    GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
  });
}

const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] ?? 'git failed';

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The file at `commit` (machine-docs/ first); both places are asked at once. */
async function showFile(git: SimpleGit, commit: string, path: string): Promise<string | null> {
  const texts = await Promise.all(
    [`${commit}:machine-docs/${path}`, `${commit}:${path}`].map((candidate) =>
      git.show([candidate]).catch(() => null),
    ),
  );
  return texts.find((text) => text !== null) ?? null;
}

async function commitsSince(
  git: SimpleGit,
  lastSha: string,
  head: string,
): Promise<Commit[] | null> {
  try {
    await git.raw(['cat-file', '-e', `${lastSha}^{commit}`]);
  } catch {
    return null; // the cursor is gone (force-push, re-clone): baseline again
  }
  const out = await git.raw(['log', '--reverse', `--format=%H${FIELD}%s`, `${lastSha}..${head}`]);
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [sha = '', subject = ''] = line.split(FIELD);
      return { sha, subject };
    });
}

export function createGitObserver(
  dir: string,
  /** The INBOX files the team's routes watch (default: today's two). */
  inboxFiles: readonly InboxName[] = INBOXES.map((inbox) => inbox.file),
): GitObserver {
  let fetchHeadOption = true;
  const fetch = async (git: SimpleGit): Promise<void> => {
    if (fetchHeadOption) {
      try {
        await git.fetch([NO_FETCH_HEAD, ...FETCH_ARGS]);
        return;
      } catch (error) {
        // "unknown option `no-write-fetch-head'": an older git; fetch as it always did
        if (!firstLine(error).includes(NO_FETCH_HEAD.slice(2))) throw error;
        fetchHeadOption = false;
      }
    }
    await git.fetch(FETCH_ARGS);
  };
  return {
    observe: async (lastSha) => {
      const git = client(dir);
      try {
        await fetch(git);
      } catch (error) {
        return { kind: 'failed', detail: `git fetch in ${dir}: ${firstLine(error)}` };
      }
      try {
        const head = (await git.revparse([WATCH_REF])).trim();
        // Everything below reads that one commit, so the reads may run side by side.
        const [newCommits, ...texts] = await Promise.all([
          lastSha === null ? null : commitsSince(git, lastSha, head),
          ...inboxFiles.map((file) => showFile(git, head, file)),
        ]);
        const inboxes: Record<InboxName, string | null> = {};
        inboxFiles.forEach((file, index) => {
          const text = texts[index];
          inboxes[file] = text === null || text === undefined ? null : hashText(text);
        });
        return { kind: 'ok', head, newCommits, inboxes };
      } catch (error) {
        return { kind: 'failed', detail: `git in ${dir}: ${firstLine(error)}` };
      }
    },
  };
}
