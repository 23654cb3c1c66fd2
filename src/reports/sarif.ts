// SARIF 2.1.0 for code scanning: one rule per artefact rule, results for everything that is not a pass.
import type { Log, Result } from 'sarif';
import type { Evaluation, ResultStatus } from '../types.js';
import { ordered } from './order.js';

const LEVEL: Partial<Record<ResultStatus, 'error' | 'warning' | 'note'>> = {
  fail: 'error',
  'exemption-expired': 'error',
  error: 'error',
  warn: 'warning',
  notice: 'note',
};
const SEVERITY_LEVEL = { must: 'error', should: 'warning', may: 'note' } as const;
/** Unknowns and contradictions are as serious as the organisation counts them. */
const COUNTING_LEVEL = { fail: 'error', warn: 'warning', notice: 'note' } as const;

export function toSarif(ev: Evaluation, tool: { name: string; version: string; informationUri: string }): Log {
  const reported = ordered(ev.results).filter((r) => r.status !== 'pass' && r.status !== 'not-applicable');
  const ruleIds: string[] = [...new Set(reported.map((r) => `${r.artefact}/${r.rule}`))].sort();
  const first = new Map<string, (typeof reported)[number]>(reported.map((r) => [`${r.artefact}/${r.rule}`, r]));
  const uri = (file: string): string => file.replace(/\\/g, '/').replace(/^\.\//, '');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            informationUri: tool.informationUri,
            rules: ruleIds.map((id) => {
              const r = first.get(id)!;
              return {
                id,
                name: id.replace(/[^A-Za-z0-9]+/g, '_'),
                shortDescription: { text: `${r.artefactTitle}: ${r.rule}` },
                ...(r.source ? { helpUri: r.source } : {}),
                defaultConfiguration: { level: SEVERITY_LEVEL[r.severity] },
              };
            }),
          },
        },
        results: reported.map((r): Result => {
          const file = uri(r.location?.file ?? ev.manifest);
          return {
            ruleId: `${r.artefact}/${r.rule}`,
            ruleIndex: ruleIds.indexOf(`${r.artefact}/${r.rule}`),
            level: r.countsAs ? COUNTING_LEVEL[r.countsAs] : (LEVEL[r.status] ?? SEVERITY_LEVEL[r.severity]),
            message: { text: r.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: file },
                  ...(r.location ? { region: { startLine: r.location.line, startColumn: r.location.column } } : {}),
                },
                logicalLocations: [{ fullyQualifiedName: r.path }],
              },
            ],
            // What the repository shows: the other place of a contradiction, or where an observed value was seen.
            ...(r.evidence
              ? {
                  relatedLocations: [
                    {
                      id: 1,
                      physicalLocation: { artifactLocation: { uri: uri(r.evidence.file) }, ...(r.evidence.line ? { region: { startLine: r.evidence.line, ...(r.evidence.column ? { startColumn: r.evidence.column } : {}) } } : {}) },
                      message: { text: `observed by ${r.evidence.collector}${r.evidence.detail ? `: ${r.evidence.detail}` : ''}` },
                    },
                  ],
                }
              : {}),
            ...(r.evidence || r.countsAs ? { properties: { status: r.status, ...(r.origin ? { source: r.origin } : {}) } } : {}),
            ...(r.status === 'exempted'
              ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `Exemption ${r.exemption?.id ?? ''}${r.exemption?.expires ? ` until ${r.exemption.expires}` : ''}` }] }
              : {}),
          };
        }),
      },
    ],
  };
}
