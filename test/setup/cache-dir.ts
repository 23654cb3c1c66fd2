// Removes the tests' compiled-artefact cache (ASSURE_CACHE_DIR, set in vitest.config.ts) after the run.
import { rmSync } from 'node:fs';

export default function setup(): () => void {
  return () => {
    const dir = process.env.ASSURE_CACHE_DIR;
    if (dir && /assure-test-cache-\d+$/.test(dir)) rmSync(dir, { recursive: true, force: true });
  };
}
