import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fault-injection suite is opt-in: `npm run test:faults` (vitest.faults.config.ts).
    exclude: ['test/faults/**', '**/node_modules/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // tmux and git tests spawn many processes; two workers match the 2-core CI machine.
    maxWorkers: 2,
  },
});
