// Builds dist/ once before the suite so CLI tests never run a stale build.
import { execa } from 'execa';

export default async function setup(): Promise<void> {
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  await execa('node', ['scripts/write-config-schema.mjs'], { stdio: 'inherit' });
}
