import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // nock patches the global fetch per worker; isolated forks keep test files from interfering.
    pool: 'forks',
  },
});
