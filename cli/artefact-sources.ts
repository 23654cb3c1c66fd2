import { statSync } from 'node:fs';
import type { SourceFile } from '../src/index.js';
import { builtinArtefactFiles, readArtefactDir } from '../src/index.js';
import { UsageError } from './io.js';

export const ARTEFACT_OPTIONS = {
  policies: { type: 'string', multiple: true },
  'no-builtin': { type: 'boolean' },
} as const;

export function artefactFiles(policies: string[] | undefined, builtin: boolean): SourceFile[] {
  const files: SourceFile[] = builtin ? [...builtinArtefactFiles()] : [];
  for (const dir of policies ?? []) {
    try {
      if (!statSync(dir).isDirectory()) throw new Error();
    } catch {
      throw new UsageError(`--policies ${dir}: no such folder`);
    }
    files.push(...readArtefactDir(dir));
  }
  if (files.length === 0) throw new UsageError('no artefacts to check against: drop --no-builtin or add --policies DIR');
  return files;
}

