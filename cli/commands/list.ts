import { parse } from '../args.js';
import { loadArtefacts } from '../../src/index.js';
import { ARTEFACT_OPTIONS, artefactFiles } from '../artefact-sources.js';
import { EXIT_INPUT, EXIT_OK, formatProblem, UsageError, type Output } from '../io.js';

export const listHelp = `Usage: assure list [--format text|json] [--policies DIR ...] [--no-builtin]

Lists the artefacts in use, one a line: id, severity, kind and title (the status in brackets when it
is not published). --format json gives each artefact's id, title, kind, category, severity, status,
exemptable, profile, version, review_by and source.
`;

export async function list(argv: string[], io: Output): Promise<number> {
  const { values } = parse('list', argv, { ...ARTEFACT_OPTIONS, format: { type: 'string' } }, 0);
  if (values.help) {
    io.out(listHelp);
    return EXIT_OK;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${format}: use text or json`);
  const set = loadArtefacts(artefactFiles(values.policies, !values['no-builtin']));
  const errors = set.problems.filter((p) => p.level === 'error');
  if (errors.length > 0) {
    for (const p of errors) io.err(`${formatProblem(p)}\n`);
    return EXIT_INPUT;
  }
  const rows = set.artefacts.map((a) => ({
    id: a.id,
    title: a.title,
    kind: a.kind,
    category: a.category,
    severity: a.severity,
    status: a.status,
    exemptable: a.exemptable,
    profile: a.profile,
    version: a.version,
    review_by: a.reviewBy,
    source: a.source,
  }));
  if (format === 'json') {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT_OK;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) {
    io.out(`${r.id.padEnd(width)}  ${r.severity.padEnd(6)}  ${r.kind.padEnd(8)}  ${r.status === 'published' ? '' : `[${r.status}] `}${r.title}\n`);
  }
  io.out(`${rows.length} artefacts\n`);
  return EXIT_OK;
}
