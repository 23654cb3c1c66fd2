// A declared fact the repository shows otherwise, as a result: both places named, counted as the
// organisation chooses (a failure by default, or a warning).
import type { Counting, RuleResult } from '../types.js';
import type { Manifest } from '../manifest/load.js';
import { formatPath } from '../paths/jsonpath.js';
import { showValue } from './message.js';
import { plainPath } from './unknown.js';
import type { Disagreement } from './merge.js';

/** Contradictions are reported under this artefact id; no artefact file defines it. */
export const EVIDENCE_ARTEFACT = 'evidence';

export function contradictionResult(manifest: Manifest, d: Disagreement, countsAs: Counting): RuleResult {
  const location = manifest.locate(d.segments);
  const where = location ? `${location.file}:${location.line}` : manifest.file;
  const seen = `${d.evidence.file}${d.evidence.line ? `:${d.evidence.line}` : ''}`;
  const observed = d.evidence.values && d.evidence.values.length > 1 ? d.evidence.values.map(showValue).join(', ') : showValue(d.observed);
  const detail = d.evidence.detail ? ` (${d.evidence.detail})` : '';
  return {
    artefact: EVIDENCE_ARTEFACT,
    artefactTitle: 'The design agrees with the repository',
    rule: d.evidence.collector,
    status: 'contradiction',
    severity: countsAs === 'fail' ? 'must' : 'should',
    path: formatPath(d.segments),
    message: `${plainPath(manifest.data, d.segments)} is declared as ${showValue(d.declared)} in ${where}, but the repository shows ${observed}${detail}: observed in ${seen} (${d.evidence.collector}); correct whichever is wrong`,
    source: undefined,
    location,
    origin: 'declared',
    evidence: d.evidence,
    countsAs,
    contradiction: { declared: d.declared, observed: d.evidence.values && d.evidence.values.length > 1 ? d.evidence.values : d.observed },
  };
}
