// Where a phase's status file lives in the Builder's clone, and whether it declares the phase DONE.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `<builder-dir>/machine-docs/<status>` when it exists, else `<builder-dir>/<status>`. */
export function resolveStatusFile(builderDir: string, status: string): string {
  const inMachineDocs = join(builderDir, 'machine-docs', status);
  return existsSync(inMachineDocs) ? inMachineDocs : join(builderDir, status);
}

/** Both places a status file may appear (the watcher follows both). */
export function statusFileCandidates(builderDir: string, status: string): [string, string] {
  return [join(builderDir, 'machine-docs', status), join(builderDir, status)];
}

/** DONE = any line that starts with `## DONE`. */
export function textDeclaresDone(text: string): boolean {
  return /^## DONE/m.test(text);
}

export type StatusReading =
  | { readonly kind: 'done'; readonly file: string }
  | { readonly kind: 'in-progress'; readonly file: string }
  | { readonly kind: 'missing'; readonly file: string }
  | { readonly kind: 'unreadable'; readonly file: string; readonly reason: string };

export function readStatus(builderDir: string, status: string): StatusReading {
  const file = resolveStatusFile(builderDir, status);
  try {
    return { kind: textDeclaresDone(readFileSync(file, 'utf8')) ? 'done' : 'in-progress', file };
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException;
    if (error.code === 'ENOENT') return { kind: 'missing', file };
    return { kind: 'unreadable', file, reason: error.message };
  }
}
