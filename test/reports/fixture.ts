import type { Evaluation, ResultStatus, RuleResult } from '../../src/index.js';
import { RESULT_STATUSES } from '../../src/index.js';

const result = (status: ResultStatus, i: number, extra: Partial<RuleResult> = {}): RuleResult => ({
  artefact: `DDTS-${status}`,
  artefactTitle: `Artefact ${status}`,
  rule: `rule-${i}`,
  status,
  severity: status === 'warn' ? 'should' : status === 'notice' ? 'may' : 'must',
  path: `$.section.item${i}`,
  location: { file: 'design.yml', line: 10 + i, column: 3 },
  message: `Message for ${status} ${i}`,
  source: `https://example.org/${status}`,
  ...extra,
});

/** An evaluation with every status, a gap, a closable exemption and a warning. */
export function sampleEvaluation(): Evaluation {
  const results = RESULT_STATUSES.map((s, i) => result(s, i));
  results.find((r) => r.status === 'exempted')!.exemption = { id: 'EX-12', kind: 'minor', expires: '2027-03-31', url: 'https://github.com/o/r/issues/12' };
  results.find((r) => r.status === 'exemption-expired')!.exemption = { id: 'EX-9', kind: 'challenge', expires: '2026-10-01' };
  delete results.find((r) => r.status === 'not-applicable')!.location;
  Object.assign(results.find((r) => r.status === 'contradiction')!, {
    origin: 'declared',
    evidence: { file: 'Gemfile.lock', line: 212, collector: 'bundler' },
    countsAs: 'fail',
    contradiction: { declared: '3.4', observed: '3.2.2' },
  });
  Object.assign(results.find((r) => r.status === 'unknown')!, { countsAs: 'fail' });
  const summary = Object.fromEntries(RESULT_STATUSES.map((s) => [s, 1])) as Evaluation['summary'];
  return {
    ok: false,
    manifest: 'design.yml',
    profile: 'service',
    evaluatedAt: '2026-11-22',
    summary,
    results,
    gaps: [{ path: '$.ai.provider', location: { file: 'design.yml', line: 40, column: 13 }, message: 'No standard covers $.ai.provider' }],
    closable: [{ exemption: { id: 'EX-3', kind: 'minor', expires: '2027-01-31' }, artefact: 'DDTS-pass', rules: ['rule-6'], message: 'The design now meets DDTS-pass: exemption EX-3 can be closed' }],
    problems: [{ file: 'design.yml', line: 2, column: 3, level: 'warning', message: '$.service.colour: unknown key, ignored' }],
    artefacts: [],
    evidenceNotes: [],
  };
}

export function manyFailures(n: number): Evaluation {
  const ev = sampleEvaluation();
  ev.results = Array.from({ length: n }, (_, i) => result('fail', i, { message: `Failure number ${i} with a reasonably long explanation of what is wrong` }));
  ev.summary.fail = n;
  return ev;
}
