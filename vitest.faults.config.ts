// The fault-injection suite (`npm run test:faults`): opt-in, minutes long, needs root (tmpfs mounts,
// chattr); real processes killed on sim worlds. Runs test/faults/** one file at a time: the faults are
// machine-wide (mounts, loads). Not part of `npm test` (vitest.config.ts leaves test/faults out).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
