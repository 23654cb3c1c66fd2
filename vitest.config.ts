import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Compiled organisation artefacts are cached on disk (src/artefacts/compiled-cache.ts): in the tests, in
// a folder of their own that the global teardown removes, never in the user's cache.
process.env.ASSURE_CACHE_DIR ??= join(tmpdir(), `assure-test-cache-${process.pid}`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/cache-dir.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
