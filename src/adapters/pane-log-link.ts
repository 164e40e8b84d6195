// tmux runs a pipe-pane command through `sh -c` with the server's environment, so the command
// has to name its log file in shell text. To keep users' paths (spaces, quotes, `$(...)`) out of
// any shell text, the command names a symlink made only of safe characters — in a private 0700
// directory — that points at the real log dir.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeCrypto } from '../util/node-crypto.js';

const SAFE_PATH = /^[A-Za-z0-9_./-]+$/;

const currentUid = (): number => (typeof process.getuid === 'function' ? process.getuid() : 0);

/** The per-user folder of short paths to launch's log dirs (and the watchdogs' status sockets). */
export function linkDirPath(): string {
  const base = SAFE_PATH.test(tmpdir()) ? tmpdir() : '/tmp';
  return join(base, `launch-${currentUid()}`);
}

/** linkDirPath(), made if missing, and refused unless it is the user's own with mode 0700. */
export function privateLinkDir(): string {
  const uid = currentUid();
  const dir = linkDirPath();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // A directory someone else planted could redirect our logs: refuse anything but our own.
  const stat = lstatSync(dir);
  if (
    !stat.isDirectory() ||
    (typeof process.getuid === 'function' && stat.uid !== uid) ||
    (stat.mode & 0o077) !== 0
  ) {
    throw new Error(
      `${dir} must be a directory owned by you with mode 0700 (it holds links to launch's log dirs)`,
    );
  }
  return dir;
}

/** A dangling link older than this belongs to a log dir that was deleted, not one being made. */
const STALE_LINK_MS = 60 * 60_000;

/**
 * Removes links whose log dir is gone (a deleted plan, a `launch demo --keep` world removed by hand,
 * a killed run), so the directory does not fill up over months. Best effort: never fails a start.
 */
function pruneDanglingLinks(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const path = join(dir, name);
    try {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink() && now - stat.mtimeMs > STALE_LINK_MS && !existsSync(path))
        rmSync(path, { force: true });
    } catch {
      // gone or replaced meanwhile: nothing to do
    }
  }
}

const linkName = (logDir: string): string =>
  nodeCrypto().createHash('sha256').update(logDir).digest('hex').slice(0, 16);

/** A link to `logDir` whose own path is shell-inert; refreshed every time it is asked for. */
export function ensureLogDirLink(logDir: string): string {
  const dir = privateLinkDir();
  pruneDanglingLinks(dir);
  const link = join(dir, linkName(logDir));
  let current: string | undefined;
  try {
    current = readlinkSync(link);
  } catch {
    current = undefined;
  }
  if (current !== logDir) {
    // Replace atomically: a pipe opening the log right now sees either the old or the new link.
    const temp = `${link}.${process.pid}.tmp`;
    symlinkSync(logDir, temp);
    renameSync(temp, link);
  }
  return link;
}

/** The constant-shape shell command tmux runs for pipe-pane; only checked-safe text goes in. */
export function pipePaneCommand(logDir: string, sessionName: string): string {
  const target = join(ensureLogDirLink(logDir), `${sessionName}.log`);
  if (!SAFE_PATH.test(target)) throw new Error(`unsafe pipe-pane target ${JSON.stringify(target)}`);
  return `exec cat >> ${target}`;
}

/**
 * Removes the link to `logDir` (a throw-away run such as `launch demo` deletes its log dir, and a
 * dangling link would be left behind). Only the link that points at `logDir` is touched.
 */
export function removeLogDirLink(logDir: string): void {
  const link = join(linkDirPath(), linkName(logDir));
  try {
    if (readlinkSync(link) === logDir) rmSync(link, { force: true });
  } catch {
    // no link: nothing to remove
  }
}
