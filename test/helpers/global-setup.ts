// Builds dist/ (and its bundle) once before the suite so CLI tests never run a stale build.
// LAUNCH_TEST_SKIP_BUILD=1 skips it for quick runs of pure tests.
import { execa } from 'execa';

export default async function setup(): Promise<void> {
  if (process.env.LAUNCH_TEST_SKIP_BUILD === '1') return;
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  await execa('node', ['scripts/write-config-schema.mjs'], { stdio: 'inherit' });
  // The bundle bin/launch runs (it falls back to tsc's output when that is newer): the CLI and
  // e2e tests must exercise what users run.
  await execa('node', ['scripts/bundle-cli.mjs'], { stdio: 'inherit' });
}
