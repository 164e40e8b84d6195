// `launch init [DIR]`: scaffold a working plan dir from the templates shipped in prompts/ and phases/.
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { CONFIG_FILE_NAME } from '../../config/sources.js';
import { TEAM_SHAPES, TEAM_TEMPLATES, type TeamShape } from '../team-shapes.js';
import { CliError, EXIT_USAGE } from '../../util/errors.js';
import { packagePath } from '../../util/package-root.js';
import { globalOptions, type CliDeps } from '../context.js';
import { checkCanMakeDir, makeDir } from '../make-dir.js';
import { configuredRolePrompts } from '../role-prompts.js';

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

function configFile(team?: TeamShape): PlannedFile {
  const shape = team === undefined ? null : TEAM_TEMPLATES[team];
  const config = {
    $schema: `./${SCHEMA_FILE_NAME}`,
    backend: 'claude',
    ...(shape ? { roles: shape.roles, routes: shape.routes } : {}),
  };
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

export type InitMode = 'new' | 'fill' | 'overwrite';

export interface ScaffoldResult {
  /** Files written that were not there. */
  readonly written: readonly string[];
  /** Files that were there and were replaced (only with `overwrite`). */
  readonly replaced: readonly string[];
  /** Files that were there and were left as they are (with `fill`). */
  readonly kept: readonly string[];
}

/**
 * Writes the templates into `root` (created when missing), paths relative to it. `new`: refuses,
 * writing nothing, when any of them exists; `fill` (--force): writes only the missing ones, so a
 * configured plan dir never loses its config, plans or prompts; `overwrite`: replaces them all.
 */
/** A team shape's own prompts (roles the shipped prompts do not cover). */
function teamPrompts(team?: TeamShape): PlannedFile[] {
  if (team === undefined) return [];
  return Object.entries(TEAM_TEMPLATES[team].prompts).map(([file, text]) => ({
    path: join('prompts', file),
    write: (target: string) => writeFileSync(target, text),
  }));
}

export function scaffoldPlanDir(root: string, mode: InitMode, team?: TeamShape): ScaffoldResult {
  checkCanMakeDir(root);
  const planned = [configFile(team), schemaFile(), ...templateFiles(), ...teamPrompts(team)];
  // Filling a configured plan dir: the prompts of the roles its config names, too.
  const rolePrompts = mode === 'new' ? [] : configuredRolePrompts(root);
  const files = [
    ...planned,
    ...rolePrompts
      .filter((prompt) => !planned.some((file) => file.path === prompt.path))
      .map((prompt) => ({
        path: prompt.path,
        write: (target: string) => writeFileSync(target, prompt.text()),
      })),
  ];
  const existing = files.filter((file) => existsSync(join(root, file.path)));
  if (existing.length > 0 && mode === 'new') {
    const names = existing.map((file) => file.path).join(', ');
    throw new CliError(
      `${root} already has ${names}; nothing was written ` +
        '(--force writes only the missing files, --overwrite replaces them)',
      EXIT_USAGE,
    );
  }
  const toWrite = mode === 'overwrite' ? files : files.filter((file) => !existing.includes(file));
  makeDir(root);
  for (const file of toWrite) {
    const target = join(root, file.path);
    try {
      makeDir(dirname(target));
      file.write(target);
    } catch (error) {
      if (error instanceof CliError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(`cannot write ${target}: ${reason}`, EXIT_USAGE);
    }
  }
  const was = new Set(existing.map((file) => file.path));
  return {
    written: toWrite.filter((file) => !was.has(file.path)).map((file) => file.path),
    replaced: toWrite.filter((file) => was.has(file.path)).map((file) => file.path),
    kept: mode === 'fill' ? [...was] : [],
  };
}

/** What to set up first: the default team's two clone settings, or each role's clone of a shape. */
function cloneAdvice(shown: string, team: TeamShape | undefined): string {
  const config = join(shown, CONFIG_FILE_NAME);
  if (team === undefined)
    return `set "builderDir" and "advDir" in ${config} to the agents' git clones`;
  const clones = TEAM_TEMPLATES[team].roles
    .filter((role) => role.dir !== '.')
    .map((role) => join(shown, role.dir));
  return `clone your repository into ${clones.join(', ')} (each role's "dir" in ${config})`;
}

export function registerInit(program: Command, deps: CliDeps): void {
  program
    .command('init')
    .description('scaffold a plan directory: config, example phases, role prompts')
    .argument('[dir]', 'directory to create or fill (default: --plan-dir, else the current one)')
    .option('--force', 'write only the files that are missing (never replaces one)')
    .option('--overwrite', 'replace every template file, launch.config.json included')
    .option('--team <shape>', `write an example team: ${TEAM_SHAPES.join(' | ')}`)
    .action(
      (
        dir: string | undefined,
        options: { force?: boolean; overwrite?: boolean; team?: string },
        command: Command,
      ) => {
        const team = options.team;
        if (team !== undefined && !(TEAM_SHAPES as readonly string[]).includes(team))
          throw new CliError(
            `--team must be one of ${TEAM_SHAPES.join(', ')}, got ${JSON.stringify(team)}`,
            EXIT_USAGE,
          );
        const planDirFlag = globalOptions(command).planDir;
        const root = resolve(
          deps.cwd,
          dir ?? (typeof planDirFlag === 'string' ? planDirFlag : '.'),
        );
        const mode: InitMode = options.overwrite ? 'overwrite' : options.force ? 'fill' : 'new';
        const result = scaffoldPlanDir(root, mode, team as TeamShape | undefined);
        const shown = relative(deps.cwd, root) || '.';
        if (mode === 'new') deps.io.out(`created plan dir ${root}\n`);
        else if (result.written.length === 0 && result.replaced.length === 0)
          deps.io.out(
            `nothing to write: ${root} has every file (${result.kept.length} kept; --overwrite replaces them)\n`,
          );
        if (mode !== 'new' && result.written.length > 0)
          deps.io.out(`wrote the missing files into ${root}:\n`);
        for (const path of result.written) deps.io.out(`  ${path}\n`);
        if (result.replaced.length > 0) {
          deps.io.out(`replaced in ${root}:\n`);
          for (const path of result.replaced) deps.io.out(`  ${path}\n`);
        }
        if (mode === 'fill' && result.kept.length > 0 && result.written.length > 0)
          deps.io.out(`kept ${result.kept.length} existing files as they are\n`);
        if (mode === 'new')
          deps.io.out(
            `\nnext: ${cloneAdvice(shown, team as TeamShape | undefined)},\n` +
              `      edit the plans in ${join(shown, 'phases')}/, then run \`launch doctor\` and \`launch start\`.\n`,
          );
      },
    );
}
