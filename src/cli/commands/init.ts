// `launch init [DIR]`: scaffold a working plan dir from the templates shipped in prompts/ and phases/.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { CONFIG_FILE_NAME } from '../../config/sources.js';
import { CliError, EXIT_USAGE } from '../../util/errors.js';
import { packagePath } from '../../util/package-root.js';
import type { CliDeps } from '../context.js';

export const SCHEMA_FILE_NAME = 'launch.config.schema.json';
const TEMPLATE_DIRS = ['phases', 'prompts'] as const;

interface PlannedFile {
  /** Path inside the plan dir. */
  readonly path: string;
  readonly write: (target: string) => void;
}

function templateFiles(): PlannedFile[] {
  return TEMPLATE_DIRS.flatMap((dir) =>
    readdirSync(packagePath(dir), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => ({
        path: join(dir, entry.name),
        write: (target: string) => copyFileSync(packagePath(dir, entry.name), target),
      })),
  );
}

function configFile(): PlannedFile {
  const config = { $schema: `./${SCHEMA_FILE_NAME}`, backend: 'claude' };
  return {
    path: CONFIG_FILE_NAME,
    write: (target) => writeFileSync(target, `${JSON.stringify(config, null, 2)}\n`),
  };
}

function schemaFile(): PlannedFile {
  return {
    path: SCHEMA_FILE_NAME,
    write: (target) => copyFileSync(packagePath('schema', SCHEMA_FILE_NAME), target),
  };
}

/**
 * Writes the templates into `root` (created when missing) and returns the paths written, relative
 * to it. Refuses, writing nothing, when any of them exists and `force` is not set.
 */
export function scaffoldPlanDir(root: string, options: { readonly force: boolean }): string[] {
  if (existsSync(root) && !statSync(root).isDirectory()) {
    throw new CliError(`${root} exists and is not a directory`, EXIT_USAGE);
  }
  const files = [configFile(), schemaFile(), ...templateFiles()];
  const existing = files.filter((file) => existsSync(join(root, file.path)));
  if (existing.length > 0 && !options.force) {
    const names = existing.map((file) => file.path).join(', ');
    throw new CliError(
      `${root} already has ${names}; nothing was written (use --force to overwrite)`,
      EXIT_USAGE,
    );
  }
  for (const file of files) {
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    file.write(target);
  }
  return files.map((file) => file.path);
}

export function registerInit(program: Command, deps: CliDeps): void {
  program
    .command('init')
    .description('scaffold a plan directory: config, example phases, role prompts')
    .argument('[dir]', 'directory to create or fill', '.')
    .option('--force', 'overwrite files that already exist')
    .action((dir: string, options: { force?: boolean }) => {
      const root = resolve(deps.cwd, dir);
      const written = scaffoldPlanDir(root, { force: options.force ?? false });
      const shown = relative(deps.cwd, root) || '.';
      deps.io.out(`created plan dir ${root}\n`);
      for (const path of written) deps.io.out(`  ${path}\n`);
      deps.io.out(
        `\nnext: set "builderDir" and "advDir" in ${join(shown, CONFIG_FILE_NAME)} to the agents' git clones,\n` +
          `      edit the plans in ${join(shown, 'phases')}/, then run \`launch doctor\` and \`launch start\`.\n`,
      );
    });
}
