// What the watchdog's file watchers look at for the current phase: both candidate paths of its
// status file, the INBOX files in both clones (root and machine-docs/), each clone's git refs
// (a push made from a clone updates that clone's remote-tracking ref) and the phase manifest.
// A change to any of them asks for a tick; nothing here decides anything.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Settings } from '../config/fields.js';
import { MANIFEST_PATH } from '../phases/manifest.js';
import { statusFileCandidates } from '../phases/status-file.js';
import { inboxFiles, routesOf } from '../config/team.js';

export interface WatchSet {
  /** Directories the watcher starts from; every file and tree below lies under one of them. */
  readonly roots: readonly string[];
  /** Files whose creation, change or removal asks for a tick. */
  readonly files: readonly string[];
  /** Directories whose whole content counts (remote-tracking refs: branch names may hold "/"). */
  readonly trees: readonly string[];
}

/** Where a clone keeps its git data: `.git/`, or elsewhere when `.git` is a file (worktrees). */
export interface GitDirs {
  /** HEAD and its reflog (logs/HEAD). */
  readonly gitDir: string;
  /** refs/ and packed-refs (shared by a repository's worktrees). */
  readonly commonDir: string;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function gitDirsOf(clone: string): GitDirs {
  const dotGit = join(clone, '.git');
  let isFile = false;
  try {
    isFile = statSync(dotGit).isFile();
  } catch {
    // no .git yet: watch where it will appear
  }
  const pointer = isFile ? /^gitdir:\s*(.+?)\s*$/m.exec(readText(dotGit) ?? '')?.[1] : undefined;
  if (pointer === undefined) return { gitDir: dotGit, commonDir: dotGit };
  const gitDir = resolve(clone, pointer);
  const common = readText(join(gitDir, 'commondir'))?.trim();
  return { gitDir, commonDir: common ? resolve(gitDir, common) : gitDir };
}

export function isWithin(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Outermost directories only: a root inside another root adds nothing. */
function outermost(dirs: readonly string[]): string[] {
  const unique = [...new Set(dirs)];
  return unique.filter((dir) => !unique.some((other) => other !== dir && isWithin(dir, other)));
}

export interface WatchInput {
  readonly settings: Pick<Settings, 'builderDir' | 'advDir' | 'planDir' | 'phasesSpec'> & {
    readonly roles?: Settings['roles'];
    readonly routes?: Settings['routes'];
  };
  /** The current phase's status file name; null when there is none. */
  readonly status: string | null;
  readonly gitDirs?: (clone: string) => GitDirs;
}

export function watchSet(input: WatchInput): WatchSet {
  const { settings } = input;
  // Every role's clone (a team may have many); the defaults are the Builder's and the Adversary's.
  const clones = [
    ...new Set([
      settings.builderDir,
      ...(settings.roles ? settings.roles.map((role) => role.dir) : [settings.advDir]),
    ]),
  ];
  const inboxes = inboxFiles(routesOf(settings));
  const files: string[] = [];
  const trees: string[] = [];
  if (input.status !== null) files.push(...statusFileCandidates(settings.builderDir, input.status));
  for (const clone of clones) {
    for (const inbox of inboxes) files.push(join(clone, inbox), join(clone, 'machine-docs', inbox));
  }
  const gitRoots: string[] = [];
  for (const clone of clones) {
    const dirs = (input.gitDirs ?? gitDirsOf)(clone);
    files.push(join(dirs.commonDir, 'packed-refs'), join(dirs.gitDir, 'logs', 'HEAD'));
    trees.push(join(dirs.commonDir, 'refs', 'remotes', 'origin'));
    gitRoots.push(dirs.gitDir, dirs.commonDir);
  }
  // PHASES_SPEC fixes the sequence for the run; only a manifest file can be edited.
  const manifest = settings.phasesSpec === null ? join(settings.planDir, MANIFEST_PATH) : null;
  if (manifest !== null) files.push(manifest);
  const starts = [...clones, ...(manifest ? [settings.planDir] : [])];
  // A git dir outside its clone (a worktree's) is watched from its own directory.
  for (const dir of gitRoots) if (!starts.some((start) => isWithin(dir, start))) starts.push(dir);
  return { roots: outermost(starts), files: [...new Set(files)], trees: [...new Set(trees)] };
}

/**
 * The paths the watcher may look at: the roots, every directory between a root and a watched file
 * or tree (so a directory created later, such as machine-docs/, is picked up), the files, and
 * everything inside the trees. Everything else is ignored without being read.
 */
export function watchFilter(set: WatchSet): {
  readonly ignored: (path: string) => boolean;
  readonly relevant: (path: string) => boolean;
} {
  const allowed = new Set<string>(set.roots);
  for (const target of [...set.files, ...set.trees]) {
    const root = set.roots.find((candidate) => isWithin(target, candidate));
    if (root === undefined) continue;
    for (let path = target; path !== root && !allowed.has(path); path = dirname(path))
      allowed.add(path);
  }
  const files = new Set(set.files);
  const inTree = (path: string): boolean =>
    set.trees.some((tree) => path === tree || path.startsWith(tree + sep));
  // git writes `<ref>.lock` then renames it over the ref: the rename is the change that counts.
  const isLock = (path: string): boolean => path.endsWith('.lock');
  return {
    ignored: (path) => !allowed.has(path) && !(inTree(path) && !isLock(path)),
    relevant: (path) => files.has(path) || (inTree(path) && !isLock(path)),
  };
}

/** Same paths, same watch: no need to rebuild the watcher. */
export function sameWatchSet(a: WatchSet | null, b: WatchSet): boolean {
  const key = (set: WatchSet): string =>
    JSON.stringify([[...set.roots].sort(), [...set.files].sort(), [...set.trees].sort()]);
  return a !== null && key(a) === key(b);
}
