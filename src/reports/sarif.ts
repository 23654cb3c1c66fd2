// SARIF 2.1.0 for code scanning: one rule per artefact rule, results for everything that is not a pass.
// Alerts are matched across runs by partialFingerprints made of what a finding is about (artefact, rule,
// file, manifest path), never its line, so an alert survives edits above it.
import { createHash } from 'node:crypto';
import { relative, resolve } from 'node:path';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { Evaluation, ResultStatus, RuleResult } from '../types.js';
import type { Artefact, Rule } from '../artefacts/model.js';
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

/** GitHub code scanning accepts at most this many results in one run. */
export const MAX_SARIF_RESULTS = 25_000;
export const FINGERPRINT_KEY = 'assureFinding/v1';
const SRCROOT = '%SRCROOT%';

/** What the SARIF rules say of each artefact: its rationale, remediation and source become rule help. */
export type SarifArtefact = Pick<Artefact, 'id' | 'title' | 'source'> & Partial<Pick<Artefact, 'rationale' | 'remediation'>> & { rules: ReadonlyArray<Pick<Rule, 'id' | 'description'>> };

export interface SarifOptions {
  name: string;
  version: string;
  informationUri: string;
  /** The artefacts evaluated (for rule help). */
  artefacts: readonly SarifArtefact[];
  /** The folder URIs are made relative to (the repository's root; the CLI's working directory). */
  root?: string;
}

export function toSarif(ev: Evaluation, options: SarifOptions): Log {
  const all = ordered(ev.results).filter((r) => r.status !== 'pass' && r.status !== 'not-applicable');
  // Worst first, so a cut keeps the failures.
  const reported = all.length > MAX_SARIF_RESULTS ? all.slice(0, MAX_SARIF_RESULTS) : all;
  const ruleIds: string[] = [...new Set(reported.map(ruleId))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const first = new Map<string, RuleResult>();
  for (const r of reported) if (!first.has(ruleId(r))) first.set(ruleId(r), r);
  const artefacts = new Map(options.artefacts.map((a) => [a.id, a]));
  const uri = (file: string): string => toUri(file, options.root);
  const notifications: Notification[] =
    reported.length < all.length
      ? [{ level: 'warning', message: { text: `${(all.length - reported.length).toLocaleString('en-GB')} of ${all.length.toLocaleString('en-GB')} results left out: GitHub code scanning accepts ${MAX_SARIF_RESULTS.toLocaleString('en-GB')} per run (the worst are kept)` } }]
      : [];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: options.name,
            version: options.version,
            informationUri: options.informationUri,
            rules: ruleIds.map((id) => rule(id, first.get(id)!, artefacts.get(first.get(id)!.artefact))),
          },
        },
        automationDetails: { id: `${options.name}/${uri(ev.manifest)}/` },
        invocations: [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        results: reported.map((r): Result => {
          const file = uri(r.location?.file ?? ev.manifest);
          return {
            ruleId: ruleId(r),
            ruleIndex: ruleIndex.get(ruleId(r))!,
            level: r.countsAs ? COUNTING_LEVEL[r.countsAs] : (LEVEL[r.status] ?? SEVERITY_LEVEL[r.severity]),
            message: { text: r.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: file, uriBaseId: SRCROOT },
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
            partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(r, file) },
            ...(r.status === 'exempted'
              ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `Exemption ${r.exemption?.id ?? ''}${r.exemption?.expires ? ` until ${r.exemption.expires}` : ''}` }] }
              : {}),
          };
        }),
      },
    ],
  };
}

const ruleId = (r: RuleResult): string => `${r.artefact}/${r.rule}`;

function rule(id: string, r: RuleResult, artefact: SarifArtefact | undefined): ReportingDescriptor {
  const description = artefact?.rules.find((x) => x.id === r.rule)?.description;
  const source = artefact?.source ?? r.source;
  const full = [description, artefact?.rationale].filter((x): x is string => Boolean(x?.trim())).map((x) => x.trim());
  const sections: Array<[string, string | undefined]> = [
    ['Why', artefact?.rationale],
    ['How to comply', artefact?.remediation],
  ];
  const markdown = [
    `**${r.artefactTitle}** (${r.artefact}, rule \`${r.rule}\`)`,
    ...(description ? [description.trim()] : []),
    ...sections.filter(([, text]) => text?.trim()).map(([title, text]) => `### ${title}\n\n${text!.trim()}`),
    ...(source ? [`Source: ${/^https?:\/\//.test(source) ? `<${source}>` : `\`${source}\``}`] : []),
  ].join('\n\n');
  const text = [
    `${r.artefactTitle} (${r.artefact}, rule ${r.rule})`,
    ...(description ? [description.trim()] : []),
    ...sections.filter(([, t]) => t?.trim()).map(([title, t]) => `${title}: ${t!.trim()}`),
    ...(source ? [`Source: ${source}`] : []),
  ].join('\n\n');
  return {
    id,
    name: id.replace(/[^A-Za-z0-9]+/g, '_'),
    shortDescription: { text: `${r.artefactTitle}: ${r.rule}` },
    fullDescription: { text: full.length > 0 ? full.join('\n\n') : r.artefactTitle },
    help: { text, markdown },
    ...(source && /^https?:\/\//.test(source) ? { helpUri: source } : {}),
    defaultConfiguration: { level: SEVERITY_LEVEL[r.severity] },
  };
}

/** A URI reference relative to the root, with '/' separators and each segment percent-encoded. */
function toUri(file: string, root: string | undefined): string {
  const path = root === undefined ? file : relative(root, resolve(root, file));
  return path
    .split(/[\\/]/)
    .filter((segment, i) => !(i === 0 && segment === '.'))
    .map(encodeURIComponent)
    .join('/');
}

function fingerprint(r: RuleResult, file: string): string {
  return createHash('sha256').update(JSON.stringify([r.artefact, r.rule, file, r.path])).digest('hex');
}
