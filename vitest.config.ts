import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real-client and fault-injection suites are opt-in: `npm run test:clients`,
    // `npm run test:faults` (vitest.clients.config.ts, vitest.faults.config.ts).
    exclude: [...configDefaults.exclude, 'test/clients/**', 'test/faults/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // tmux and git tests spawn many processes; two workers match the 2-core CI machine.
    maxWorkers: 2,
  },
});
