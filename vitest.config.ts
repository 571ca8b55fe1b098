import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Package entries by name: inside the repo, `examples/` import unipbx's sources (one copy of the registry). */
const ENTRIES: Readonly<Record<string, string>> = {
  unipbx: 'src/index.ts',
  'unipbx/simulator': 'src/simulator.ts',
  'unipbx/adapter-kit': 'src/adapter-kit/index.ts',
  'unipbx/adapter-kit/simulator': 'src/adapter-kit/simulator.ts',
  'unipbx/conformance': 'src/conformance/index.ts',
};

export default defineConfig({
  plugins: [
    {
      name: 'unipbx-examples-use-sources',
      enforce: 'pre',
      resolveId(source, importer) {
        const entry = importer?.includes('/examples/') ? ENTRIES[source] : undefined;
        return entry ? fileURLToPath(new URL(entry, import.meta.url)) : null;
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // nock patches the global fetch per worker; isolated forks keep test files from interfering.
    pool: 'forks',
    // Most test files wait on child processes and servers, not the CPU: vitest's default
    // (cores - 1) runs them one at a time on a 2-core machine (~11 min; ~7 min with 2).
    maxWorkers: Math.max(2, availableParallelism()),
    // UNIPBX_TEST_EXTRA_VENDORS=acme registers more vendors before every test file (see the file).
    setupFiles: ['test/support/extra-vendors.ts'],
  },
});
