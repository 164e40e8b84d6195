// The sim's git actions, run in its clone through execa argv: write files, commit with an explicit
// identity, `pull --rebase` and push to origin/main, retrying when the other agent pushed first.
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { Role } from '../config/roles.js';
import type { GitOutcome, GitRequest } from './model.js';
import type { FileWrite } from './script-schema.js';
import { isCloneRelativePath } from './script-schema.js';

export interface GitCallResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}
export type RunGit = (args: readonly string[]) => Promise<GitCallResult>;

export interface GitDeps {
  readonly cwd: string;
  readonly run: RunGit;
  readonly sleep: (ms: number) => Promise<void>;
  readonly role: Role;
  readonly nowIso: () => string;
  /** Push attempts before giving up (each after a fresh `pull --rebase`). */
  readonly maxAttempts?: number;
}

export function gitIdentity(role: Role): { readonly name: string; readonly email: string } {
  return { name: `launch sim ${role}`, email: `sim-${role}@launch.invalid` };
}

/** git in `cwd`, with the sim's identity passed explicitly (CI machines have none configured). */
export function createGitRunner(cwd: string, role: Role): RunGit {
  const identity = gitIdentity(role);
  const config = [
    '-c',
    `user.name=${identity.name}`,
    '-c',
    `user.email=${identity.email}`,
    '-c',
    'commit.gpgsign=false',
  ];
  return async (args) => {
    const result = await execa('git', [...config, ...args], {
      cwd,
      reject: false,
      timeout: 60_000,
      // Never stop for a password prompt or an editor: an unattended agent has nobody to answer.
      env: { GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true' },
    });
    return {
      exitCode: result.exitCode ?? 1,
      stdout: typeof result.stdout === 'string' ? result.stdout : '',
      stderr: typeof result.stderr === 'string' ? result.stderr : '',
    };
  };
}

const firstLine = (result: GitCallResult): string =>
  (result.stderr.trim() || result.stdout.trim() || `git exited with ${result.exitCode}`).split(
    '\n',
  )[0] ?? '';

const isRejected = (result: GitCallResult): boolean =>
  /\[rejected\]|fetch first|non-fast-forward|failed to push some refs/i.test(result.stderr);

/** A remote without a main branch yet (the first push creates it) is not a pull failure. */
const noRemoteMain = (result: GitCallResult): boolean =>
  /couldn't find remote ref|no such ref was fetched/i.test(result.stderr);

/**
 * Another git command in the same clone got in the way: the watchdog fetches in the Builder's
 * clone every tick, which rewrites FETCH_HEAD between pull's own fetch and its rebase ("no
 * candidate for rebasing", "Cannot rebase onto multiple branches") or moves origin/main under
 * pull's ref update ("cannot lock ref"). Trying again a moment later works.
 */
export const isCollision = (result: GitCallResult): boolean =>
  /no candidate for rebasing against|cannot rebase onto multiple branches|cannot lock ref|unable to create '[^']*\.lock'|another git process/i.test(
    result.stderr,
  );

/** Pull attempts when another git command collides with ours. */
const PULL_ATTEMPTS = 5;

async function pullRebase(deps: GitDeps): Promise<GitCallResult> {
  for (let attempt = 1; ; attempt++) {
    const pulled = await deps.run(['pull', '--rebase', '--autostash', '--quiet', 'origin', 'main']);
    if (pulled.exitCode === 0 || noRemoteMain(pulled)) return { ...pulled, exitCode: 0 };
    // Leave the clone usable: a half-done rebase would block every later step.
    await deps.run(['rebase', '--abort']);
    if (!isCollision(pulled) || attempt >= PULL_ATTEMPTS) return pulled;
    await deps.sleep(100 * attempt + Math.floor(Math.random() * 100));
  }
}

async function pushWithRetry(deps: GitDeps, subject: string): Promise<GitOutcome> {
  const lines: string[] = [];
  const attempts = deps.maxAttempts ?? 6;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const pulled = await pullRebase(deps);
    if (pulled.exitCode !== 0)
      return { ok: false, lines: [...lines, `git pull --rebase failed: ${firstLine(pulled)}`] };
    const pushed = await deps.run(['push', '--quiet', 'origin', 'HEAD:main']);
    if (pushed.exitCode === 0) {
      lines.push(`pushed ${subject}`);
      return { ok: true, lines };
    }
    if (!isRejected(pushed))
      return { ok: false, lines: [...lines, `git push failed: ${firstLine(pushed)}`] };
    lines.push('push rejected (the other agent pushed first); rebasing and retrying');
    // Back off a little longer each time, with jitter, so two agents do not collide in step.
    await deps.sleep(150 * attempt + Math.floor(Math.random() * 150));
  }
  return { ok: false, lines: [...lines, `git push failed after ${attempts} attempts`] };
}

function writeFiles(cwd: string, files: readonly FileWrite[]): string | null {
  for (const file of files) {
    if (!isCloneRelativePath(file.path)) return `refused to write ${file.path}: outside the clone`;
    const target = join(cwd, file.path);
    mkdirSync(dirname(target), { recursive: true });
    if (file.append) appendFileSync(target, file.text);
    else writeFileSync(target, file.text);
  }
  return null;
}

async function commit(
  deps: GitDeps,
  subject: string,
  paths: readonly string[],
  push: boolean,
): Promise<GitOutcome> {
  if (paths.length > 0) {
    const added = await deps.run(['add', '--', ...paths]);
    if (added.exitCode !== 0) return { ok: false, lines: [`git add failed: ${firstLine(added)}`] };
  }
  // --allow-empty: a handoff commit must exist even when the files did not change.
  const committed = await deps.run(['commit', '--allow-empty', '--quiet', '-m', subject]);
  if (committed.exitCode !== 0)
    return { ok: false, lines: [`git commit failed: ${firstLine(committed)}`] };
  const sha = (await deps.run(['rev-parse', '--short', 'HEAD'])).stdout.trim();
  const lines = [`committed ${sha} ${subject}`];
  if (!push) return { ok: true, lines };
  const pushed = await pushWithRetry(deps, subject);
  return { ok: pushed.ok, lines: [...lines, ...pushed.lines] };
}

/** machine-docs/<status> when machine-docs/ exists in the clone, else <status> at its root. */
export function statusFilePath(cwd: string, statusFile: string): string {
  const machineDocs = join(cwd, 'machine-docs');
  const inMachineDocs = existsSync(machineDocs) && statSync(machineDocs).isDirectory();
  return inMachineDocs ? join('machine-docs', statusFile) : statusFile;
}

export async function performGit(request: GitRequest, deps: GitDeps): Promise<GitOutcome> {
  try {
    switch (request.op) {
      case 'commit': {
        const problem = writeFiles(deps.cwd, request.files);
        if (problem !== null) return { ok: false, lines: [problem] };
        const paths = request.files.map((file) => file.path);
        return await commit(deps, request.subject, paths, request.push);
      }
      case 'pull': {
        const before = (await deps.run(['rev-parse', 'HEAD'])).stdout.trim();
        const pulled = await pullRebase(deps);
        if (pulled.exitCode !== 0)
          return { ok: false, lines: [`git pull --rebase failed: ${firstLine(pulled)}`] };
        const count = before
          ? Number((await deps.run(['rev-list', '--count', `${before}..HEAD`])).stdout.trim())
          : 0;
        return {
          ok: true,
          lines: [
            count > 0
              ? `pulled origin/main: ${count} new commit${count === 1 ? '' : 's'}`
              : 'pulled origin/main: already up to date',
          ],
        };
      }
      case 'done': {
        const relative = statusFilePath(deps.cwd, request.statusFile);
        const target = join(deps.cwd, relative);
        const before = existsSync(target) ? readFileSync(target, 'utf8') : '';
        const separator = before === '' || before.endsWith('\n') ? '' : '\n';
        const line = `## DONE — every gate PASSed (launch sim ${deps.role}, ${deps.nowIso()})\n`;
        mkdirSync(dirname(target), { recursive: true });
        appendFileSync(target, `${separator}${line}`);
        const outcome = await commit(deps, request.subject, [relative], true);
        return { ...outcome, lines: [`wrote ## DONE to ${relative}`, ...outcome.lines] };
      }
    }
  } catch (cause) {
    // File-system failures (a read-only clone, a directory where a file should be) are reported
    // in the transcript; the sim goes on, as an agent would after a failed command.
    return { ok: false, lines: [`failed: ${(cause as Error).message}`] };
  }
}
