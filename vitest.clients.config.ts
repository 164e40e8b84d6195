// `npm run test:clients`: the opt-in suite against the real clients (installs them into a cache
// folder; see test/clients/install-clients.ts). Never part of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/clients/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 20 * 60_000,
    // One client at a time: each run starts real processes on a shared 2-core machine.
    maxWorkers: 1,
    fileParallelism: false,
  },
});
