// Creates a directory and its missing parents one level at a time, so an impossible place fails at
// once with one line: Node's own recursive mkdir loops forever under /proc (`launch init /proc/x`).
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError, EXIT_USAGE } from '../util/errors.js';

function kindOf(path: string): 'dir' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

/** The error code of a failed fs call ("EACCES"), for a one-line message. */
function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : String(error);
}

/** Checks that `dir` can be made: its nearest existing ancestor is a directory. Writes nothing. */
export function checkCanMakeDir(dir: string): void {
  let at = dir;
  for (;;) {
    const kind = kindOf(at);
    if (kind === 'dir') return;
    if (kind === 'other')
      throw new CliError(
        at === dir
          ? `${dir} exists and is not a directory`
          : `cannot create ${dir}: ${at} is a file, not a directory`,
        EXIT_USAGE,
      );
    const parent = dirname(at);
    if (parent === at) throw new CliError(`cannot create ${dir}: no such place`, EXIT_USAGE);
    at = parent;
  }
}

/** mkdir -p without the /proc loop; a failure is a CliError naming the level that failed. */
export function makeDir(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (kindOf(at) === 'missing') {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (kindOf(at) === 'other') checkCanMakeDir(dir);
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      throw new CliError(
        `cannot create ${dir}: mkdir ${level} failed (${codeOf(error)})`,
        EXIT_USAGE,
      );
    }
  }
}
