// Finds an executable the way a shell would (a path as given, else each PATH entry), without a shell.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The absolute path `command` runs, or null. Names containing "/" are paths (relative to cwd). */
export function which(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string | null {
  if (command.includes('/')) {
    const file = isAbsolute(command) ? command : resolve(cwd, command);
    return isExecutableFile(file) ? file : null;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, command);
    if (isExecutableFile(file)) return file;
  }
  return null;
}
