import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArtefacts, parseManifest, readArtefactDir, type Manifest } from '../src/index.js';
import type { Artefact } from '../src/artefacts/model.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const fixtures = join(root, 'test', 'fixtures');

export function fixtureArtefacts(): Artefact[] {
  const set = loadArtefacts(readArtefactDir(join(fixtures, 'policies'), root));
  if (set.problems.length > 0) throw new Error(set.problems.map((p) => p.message).join('\n'));
  return set.artefacts;
}

export function manifestOf(text: string, path = 'design.yml'): Manifest {
  const outcome = parseManifest({ path, text });
  if (!outcome.manifest) throw new Error(outcome.problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
  return outcome.manifest;
}
