// The demo's `launch start`: run as a user runs it (a subprocess, in the world's plan dir) with an
// environment cleaned of the caller's launch settings, then the run settings it saved read back.
import { join } from 'node:path';
import { execa } from 'execa';
import type { CliDeps } from '../cli/context.js';
import { FIELDS, type Settings } from '../config/fields.js';
import { loadSettings } from '../config/resolve.js';
import { loadPhases } from '../phases/manifest.js';
import type { Phase } from '../phases/phase.js';
import { EXIT_RUNTIME, EXIT_USAGE } from '../util/errors.js';
import { failed, interrupted, type Ending } from './ending.js';
import type { DemoWorld } from './world.js';

/** Names every process of a demo world carries in its environment (value: the world's folder). */
export const DEMO_MARKER_ENV = 'LAUNCH_DEMO';

/**
 * The environment `launch start` gets: the caller's, minus every launch setting (a LOOP_BACKEND or
 * SIGNAL_INTERVAL exported for real work must not leak into the demo; its config file decides),
 * plus the marker every process of the world inherits through the tmux server.
 */
export function demoChildEnv(
  env: Readonly<Record<string, string | undefined>>,
  root: string,
): Record<string, string> {
  const settingNames = new Set<string>(Object.values(FIELDS).map((field) => field.env));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !settingNames.has(name)) out[name] = value;
  }
  out[DEMO_MARKER_ENV] = root;
  // The demo registers in a throw-away registry inside its world: a run that is deleted with the
  // world (or kept for a look) must not appear in, or take a name from, the user's `launch ls`.
  out.XDG_STATE_HOME = join(root, 'state');
  return out;
}

export interface Running {
  readonly settings: Settings;
  readonly phases: readonly Phase[];
}

/** `launch start` in the world, as a user would run it. */
export async function startRun(
  deps: CliDeps,
  world: DemoWorld,
  stop: AbortSignal,
): Promise<{ ending: Ending } | { running: Running }> {
  const started = await execa(process.execPath, [deps.launchBin, 'start'], {
    cwd: world.plan,
    env: demoChildEnv(deps.env, world.root),
    extendEnv: false,
    reject: false,
    timeout: 120_000,
    cancelSignal: stop,
  });
  if (stop.aborted) return { ending: interrupted(stop) };
  const stdout = String(started.stdout);
  const stderr = String(started.stderr).trim();
  if (started.exitCode !== 0) {
    const lines = stderr === '' ? [started.shortMessage ?? 'no output'] : stderr.split('\n');
    return {
      ending: failed(
        `launch start failed (exit ${started.exitCode ?? '?'}) in ${world.plan}`,
        lines,
        started.exitCode === EXIT_USAGE ? EXIT_USAGE : EXIT_RUNTIME,
      ),
    };
  }
  // Its report up to the first blank line (what started); its "watch:/stop:" hints are for real runs.
  const report = stdout.split('\n\n')[0] ?? '';
  for (const line of report.split('\n')) if (line.trim() !== '') deps.io.out(`  ${line}\n`);
  if (stderr !== '') deps.io.err(`${stderr}\n`);

  // What was started is what `launch start` saved: read exactly that, as the watchdog does.
  const loaded = loadSettings({
    cwd: world.plan,
    env: {},
    flags: { planDir: world.plan },
    usePersisted: 'only',
  });
  if (!loaded.ok) return { ending: failed('the demo run has no run settings', loaded.error) };
  const phases = loadPhases(loaded.value.settings);
  if (!phases.ok) return { ending: failed('the demo plan has no phases', phases.error) };
  return { running: { settings: loaded.value.settings, phases: phases.value.phases } };
}
