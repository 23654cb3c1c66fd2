// Evidence from a working tree on disk, with the built-in collectors and any the organisation adds:
// the one call the CLI, the Action and the benchmark make.
import type { Collector } from './collector.js';
import { BUILTIN_COLLECTORS } from './collectors/index.js';
import { diskRepositoryFiles, type TreeCaps } from './disk.js';
import { collectEvidence, type CollectOptions } from './run.js';
import type { Observation } from './types.js';

export interface DirectoryOptions extends CollectOptions {
  /** Organisation collectors, run after the built-in ones. */
  collectors?: readonly Collector[];
  caps?: Partial<TreeCaps>;
}

export async function collectFromDirectory(dir: string, options: DirectoryOptions = {}): Promise<Observation> {
  const collectors = [...BUILTIN_COLLECTORS, ...(options.collectors ?? [])];
  return collectEvidence(diskRepositoryFiles(dir, options.caps), collectors, options);
}
