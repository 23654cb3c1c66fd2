// Evidence for the CLI: the repository's working tree, the built-in collectors and the organisation's
// (a collectors/ folder in each --policies DIR). Shared by check, facts and init --from-repo.
import { statSync } from 'node:fs';
import type { InputProblem } from '../src/index.js';
// From the modules themselves, not src/evidence/index.js: `check` needs neither the starter nor its YAML writer.
import { BUILTIN_COLLECTORS } from '../src/evidence/collectors/index.js';
import type { Collector } from '../src/evidence/collector.js';
import { collectFromDirectory } from '../src/evidence/directory.js';
import { evidenceHints } from '../src/evidence/hints.js';
import { loadCollectors, readCollectorDir } from '../src/evidence/organisation.js';
import type { EvidenceHint, Observation } from '../src/evidence/types.js';
import { UsageError } from './io.js';

export interface RepositoryEvidence {
  observed: Observation;
  hints: EvidenceHint;
  problems: InputProblem[];
}

export function organisationCollectors(policies: readonly string[] | undefined): { collectors: Collector[]; problems: InputProblem[] } {
  const files = (policies ?? []).flatMap((dir) => readCollectorDir(dir));
  return loadCollectors(files);
}

export async function repositoryEvidence(dir: string, policies: readonly string[] | undefined, option: string): Promise<RepositoryEvidence> {
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
  } catch {
    throw new UsageError(`${option} ${dir}: no such folder`);
  }
  const { collectors, problems } = organisationCollectors(policies);
  const observed = await collectFromDirectory(dir, { collectors });
  return { observed, hints: evidenceHints([...BUILTIN_COLLECTORS, ...collectors]), problems };
}
