// Builds dist/ (and its bundle) once before the suite so CLI tests never run a stale build.
// LAUNCH_TEST_SKIP_BUILD=1 skips it for quick runs of pure tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export default async function setup(): Promise<() => void> {
  // Every test's run registry ($XDG_STATE_HOME, see run-launch.ts) under one folder, removed when
  // the run ends: a test worker that is stopped rather than exited never runs its own clean-up.
  const stateRoot = mkdtempSync(join(tmpdir(), 'launch-test-states-'));
  process.env.LAUNCH_TEST_STATE_ROOT = stateRoot;
  const teardown = () => rmSync(stateRoot, { recursive: true, force: true });
  if (process.env.LAUNCH_TEST_SKIP_BUILD === '1') return teardown;
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  await execa('node', ['scripts/write-config-schema.mjs'], { stdio: 'inherit' });
  // The bundle bin/launch runs (it falls back to tsc's output when that is newer): the CLI and
  // e2e tests must exercise what users run.
  await execa('node', ['scripts/bundle-cli.mjs'], { stdio: 'inherit' });
  return teardown;
}
