// The fault-injection suite (`npm run test:faults`): opt-in, minutes long, needs root (tmpfs mounts,
// chattr). Runs test/faults/** one file at a time: the faults are machine-wide (mounts, loads).
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
