// The fault-injection suite (`npm run test:faults`): opt-in, minutes long, real processes killed on a
// sim world. Not part of `npm test` (vitest.config.ts leaves test/faults out).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    // Each case runs a whole world; one at a time keeps timings honest on 2 cores.
    maxWorkers: 1,
    fileParallelism: false,
  },
});
