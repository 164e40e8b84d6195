// The demo's temporary world: one folder holding a bare origin, the Builder's and the Adversary's
// clones, and a plan dir made from the `launch init` templates, configured for the sim backend on
// a private tmux socket with the demo's short intervals.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CONFIG_FILE_NAME } from '../config/sources.js';
import { SCHEMA_FILE_NAME, scaffoldPlanDir } from '../cli/commands/init.js';
import { err, ok, type Result } from '../util/result.js';
import { createGitWorld } from './git-world.js';
import type { DemoPace } from './pace.js';

export interface DemoWorld {
  /** The one folder everything lives in; removing it removes the world. */
  readonly root: string;
  readonly plan: string;
  readonly logDir: string;
  readonly origin: string;
  readonly builder: string;
  readonly adversary: string;
  /** Private tmux socket (`tmux -L <socket>`): named after the folder, so the two are easy to match. */
  readonly socket: string;
  readonly prefix: string;
}

export const DEMO_PREFIX = 'demo';

const PROJECT_README = `# demo project

Made by \`launch demo\`: the simulated Builder and Adversary clone this repository, push their
claims and reviews to it, and write each phase's \`## DONE\` here.
`;

/** A fresh folder for a world; every path of the world follows from it. */
export function makeDemoRoot(): string {
  return mkdtempSync(join(tmpdir(), 'launch-demo-'));
}

/** Where everything of the world in `root` lives (nothing is created). */
export function demoWorld(root: string): DemoWorld {
  const plan = join(root, 'plan');
  return {
    root,
    plan,
    logDir: join(plan, '.launch'),
    origin: join(root, 'origin.git'),
    builder: join(root, 'builder'),
    adversary: join(root, 'adversary'),
    socket: basename(root),
    prefix: DEMO_PREFIX,
  };
}

/** Fills the world's folder: git origin and clones, the plan dir, its config and sim script. */
export async function buildDemoWorld(
  world: DemoWorld,
  pace: DemoPace,
): Promise<Result<void, string>> {
  const git = await createGitWorld({
    root: world.root,
    builderName: basename(world.builder),
    adversaryName: basename(world.adversary),
    seed: { 'README.md': PROJECT_README },
  });
  if (!git.ok) return err(git.error);
  try {
    scaffoldPlanDir(world.plan, 'new');
  } catch (cause) {
    return err(`could not write the demo's plan dir ${world.plan}: ${(cause as Error).message}`);
  }
  const scriptName = 'sim-script.json';
  writeFileSync(join(world.root, scriptName), `${JSON.stringify(pace.script, null, 2)}\n`);
  // Relative paths are read against the plan dir, so a kept world reads well when inspected.
  const config = {
    $schema: `./${SCHEMA_FILE_NAME}`,
    backend: 'sim',
    builderDir: `../${basename(world.builder)}`,
    advDir: `../${basename(world.adversary)}`,
    sessionPrefix: world.prefix,
    tmuxSocket: world.socket,
    simScript: `../${scriptName}`,
    ...pace.config,
  };
  writeFileSync(join(world.plan, CONFIG_FILE_NAME), `${JSON.stringify(config, null, 2)}\n`);
  return ok(undefined);
}

export function removeDemoRoot(root: string): void {
  rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}
