// Removes the run's temporary folder (TMPDIR, set in vitest.config.ts) after the run: every folder a
// test or a process it starts makes with os.tmpdir(), and the compiled-artefact cache, go with it.
import { rmSync } from 'node:fs';

export default function setup(): () => void {
  return () => {
    const dir = process.env.TMPDIR;
    if (dir && /assure-test-\d+$/.test(dir)) rmSync(dir, { recursive: true, force: true });
  };
}
