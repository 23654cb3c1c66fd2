import { parse } from '../args.js';
import { loadArtefacts } from '../../src/index.js';
import { ARTEFACT_OPTIONS, artefactFiles } from '../artefact-sources.js';
import { EXIT_OK, UsageError, type Output } from '../io.js';

export const explainHelp = `Usage: assure explain ID [--policies DIR ...] [--no-builtin]

Prints an artefact's rationale, scope, rules, remediation and source.
`;

export async function explain(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parse('explain', argv, { ...ARTEFACT_OPTIONS });
  if (values.help) {
    io.out(explainHelp);
    return EXIT_OK;
  }
  const id = positionals[0];
  if (!id) throw new UsageError('name an artefact, e.g. `assure explain DDTS-cloud-hosting-platform` (see `assure list`)');
  const set = loadArtefacts(artefactFiles(values.policies, !values['no-builtin']));
  const artefact = set.artefacts.find((a) => a.id.toLowerCase() === id.toLowerCase());
  if (!artefact) throw new UsageError(`no artefact "${id}"; run \`assure list\` to see them`);
  const a = artefact;
  const lines = [
    `${a.id}: ${a.title}`,
    `${a.kind}, ${a.severity} (${a.severity === 'must' ? 'failures block' : a.severity === 'should' ? 'warns, never fails' : 'advisory'}), ${a.status}, version ${a.version}`,
    `Owner: ${a.owner}. Review by ${a.reviewBy}. ${a.exemptable ? 'Exceptions can be requested.' : 'A legal requirement: no exception can be granted.'}`,
    `Source: ${a.source}`,
    '',
    `Scope: ${a.scope.description ?? (a.scope.given.length > 0 ? a.scope.given.map((g) => g.expression).join(', ') : 'every design')}${a.profile === 'school' ? ' (school and trust estates)' : ''}`,
  ];
  if (a.rationale) lines.push('', 'Why:', indent(a.rationale));
  lines.push('', 'Rules:');
  for (const r of a.rules) {
    lines.push(`  ${r.id} (${r.severity}) at ${r.given.map((g) => g.expression).join(', ')}`);
    if (r.description) lines.push(`    ${r.description}`);
  }
  if (a.remediation) lines.push('', 'How to comply:', indent(a.remediation));
  io.out(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

function indent(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
