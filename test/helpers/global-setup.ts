// Builds dist/ once before the suite so CLI tests never run a stale build.
// LAUNCH_TEST_SKIP_BUILD=1 skips it for quick runs of pure tests.
import { execa } from 'execa';

export default async function setup(): Promise<void> {
  if (process.env.LAUNCH_TEST_SKIP_BUILD === '1') return;
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  await execa('node', ['scripts/write-config-schema.mjs'], { stdio: 'inherit' });
}
