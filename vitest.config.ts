import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Every temporary folder the tests make (and the processes they start) goes into one folder for the
// run, which the global teardown removes: nothing is left in the machine's temporary directory.
// Compiled organisation artefacts are cached there too (src/artefacts/compiled-cache.ts), never in the
// user's cache.
const run = join(tmpdir(), `assure-test-${process.pid}`);
mkdirSync(run, { recursive: true });
process.env.TMPDIR = run;
process.env.ASSURE_CACHE_DIR ??= join(run, 'cache');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/temp-dir.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
