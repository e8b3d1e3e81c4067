import { defineConfig } from 'vitest/config';

// Integration tests start simulated servers and child processes: generous timeouts,
// and forks so that NODE_EXTRA_CA_CERTS (read by Node at start-up) reaches every worker.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
